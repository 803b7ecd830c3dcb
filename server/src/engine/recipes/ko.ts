import * as path from 'node:path';
import { isMap, isScalar, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { YamlFile } from '../yaml/document';
import { resolveNode } from '../yaml/document';
import { YamlEditor } from '../yaml/edit';
import { anchorOf, mapAt, missingStripFlags, scalarAt, seqAt, stringListAt, type RecipeBaseImage, type RecipeBuild, type RecipeModel } from './recipe';

/** ko's configuration file (`.ko.yaml`; ko also reads `.ko.yml` through viper). */
export function isKoConfigName(filePath: string): boolean {
  return /^\.ko\.ya?ml$/.test(path.basename(filePath));
}

/** ko's own defaults (pkg/build/gobuild.go `buildEnv`, pkg/commands/options/build.go `Trimpath`). */
export const KO_DEFAULTS = { cgo: '0', trimpath: true } as const;

/**
 * The Go builds of a `.ko.yaml`: `defaultBaseImage` and `baseImageOverrides` (the runtime
 * image), `builds[]` with `env`/`flags`/`ldflags` falling back to `defaultEnv`/`defaultFlags`/
 * `defaultLdflags`, as ko reads them. Undefined when the file is not a map.
 */
export function buildKoModel(file: YamlFile): RecipeModel | undefined {
  const doc = file.docs[0];
  const root = doc ? resolveNode(doc.contents, doc) : undefined;
  if (!doc || !isMap(root)) return undefined;
  const editor = new YamlEditor(file);
  const rootMap = root as YAMLMap;
  const baseImages: RecipeBaseImage[] = [];
  const base = scalarAt(doc, rootMap, 'defaultBaseImage');
  if (base && typeof base.value === 'string') baseImages.push({ label: 'defaultBaseImage', node: base, image: base.value.trim() });
  for (const pair of mapAt(doc, rootMap, 'baseImageOverrides')?.items ?? []) {
    const value = resolveNode(pair.value, doc);
    if (isScalar(value) && typeof value.value === 'string' && isScalar(pair.key)) {
      baseImages.push({ label: `baseImageOverrides['${String(pair.key.value)}']`, node: value as Scalar, image: value.value.trim() });
    }
  }
  const defaultEnv = stringListAt(doc, rootMap, 'defaultEnv');
  const defaultFlags = stringListAt(doc, rootMap, 'defaultFlags');
  const defaultLdflags = stringListAt(doc, rootMap, 'defaultLdflags');
  const builds: RecipeBuild[] = [];
  const buildSeq = seqAt(doc, rootMap, 'builds');
  (buildSeq?.items ?? []).forEach((item, i) => {
    const map = resolveNode(item, doc);
    if (!isMap(map)) return;
    const id = scalarAt(doc, map, 'id')?.value;
    const ldflags = stringListAt(doc, map, 'ldflags');
    builds.push({
      label: `builds[${i}]${id !== undefined ? ` (id: ${String(id)})` : ''}`,
      map: map as YAMLMap,
      anchor: anchorOf(editor, map as YAMLMap, item as Node),
      env: stringListAt(doc, map, 'env'),
      inheritedEnv: defaultEnv,
      envReplacesInherited: true,
      flags: stringListAt(doc, map, 'flags') ?? defaultFlags,
      ldflags,
      // A build without ldflags takes `defaultLdflags`, judged once at that key below.
      ldflagsFrom: ldflags ? 'own' : defaultLdflags ? 'inherited' : 'default',
      defaults: { ...KO_DEFAULTS },
    });
  });
  // Without `builds`, ko builds every import path with the defaults and `defaultEnv`/`defaultFlags`.
  if (builds.length === 0 && rootMap.items.length > 0) {
    builds.push({
      label: "ko's default build",
      map: rootMap,
      anchor: anchorOf(editor, rootMap, undefined),
      inheritedEnv: defaultEnv,
      envReplacesInherited: true,
      flags: defaultFlags,
      ldflagsFrom: 'inherited',
      defaults: { ...KO_DEFAULTS },
    });
  }
  const model: RecipeModel = { tool: 'ko', file, editor, doc, root: rootMap, builds, baseImages, fileWide: [] };
  // ko adds no ldflags of its own: `defaultLdflags` (or each build's) must strip the binary.
  const why = "so ko's binaries keep their symbol table and DWARF data: a quarter or more of their size, for nothing at run time.";
  if (defaultLdflags) {
    const missing = missingStripFlags(defaultLdflags.items.map((i) => i.text).join(' '));
    if (missing.length && !defaultLdflags.items.some((i) => /\{\{/.test(i.text))) {
      const want = missing.join(' ');
      const seq = seqAt(doc, rootMap, 'defaultLdflags');
      model.fileWide.push({
        ruleId: 'strip-debug-symbols',
        range: editor.rangeOf(defaultLdflags.pair.key as Node),
        message: `defaultLdflags lacks ${want}, ${why} Add ${want}.`,
        fix: seq ? { title: `Add ${want} to defaultLdflags`, edits: [editor.appendToSeq(seq, [want])], safety: 'safe' } : undefined,
      });
    }
  } else if (builds.every((b) => b.ldflagsFrom !== 'own') && rootMap.items.length > 0) {
    model.fileWide.push({
      ruleId: 'strip-debug-symbols',
      range: editor.rangeOf((buildSeq ? rootMap.items.find((p) => isScalar(p.key) && p.key.value === 'builds')?.key : rootMap.items[0].key) as Node),
      message: `ko builds without -ldflags unless told (it adds only -trimpath), ${why} Add defaultLdflags: ["-s -w"].`,
      fix: { title: 'Add defaultLdflags: ["-s -w"]', edits: [editor.insertPairs(rootMap, { defaultLdflags: ['-s -w'] })], safety: 'safe' },
    });
  }
  // Builds judged through `defaultLdflags` or the file-wide finding are not judged again one by one.
  for (const b of builds) if (b.ldflagsFrom !== 'own') b.ldflagsFrom = 'inherited';
  return model;
}
