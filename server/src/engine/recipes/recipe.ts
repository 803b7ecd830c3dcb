import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Fix, Range, Report, Rule, RuleContext } from '../types';
import type { ResolvedConfig } from '../config';
import { isAllowedRuntimeImage, PREFERRED_RUNTIME_IMAGE } from '../config';
import { parseImageRef } from '../dockerfile/image';
import { getPair, resolveNode, type YamlFile } from '../yaml/document';
import { YamlEditor } from '../yaml/edit';
import { ruleById } from '../rules';

/**
 * A Go build described in a tool's configuration instead of a Dockerfile (ko's `.ko.yaml`,
 * goreleaser's `builds:` and `kos:`): the same standard, judged where the tool reads it.
 */
export interface RecipeModel {
  tool: 'ko' | 'goreleaser';
  file: YamlFile;
  editor: YamlEditor;
  doc: Document.Parsed;
  root: YAMLMap;
  builds: RecipeBuild[];
  baseImages: RecipeBaseImage[];
  /** Findings about what the whole file leaves out (ko's missing `defaultLdflags`). */
  fileWide: RecipeFileWide[];
}

export interface RecipeFileWide {
  ruleId: string;
  range: Range;
  message: string;
  fix?: Fix;
}

/** A list of strings as the tool reads it (`env`, `flags`, `ldflags`): a sequence, or one string. */
export interface StringList {
  pair: Pair;
  node: Node | null;
  items: { text: string; node: Scalar }[];
}

export interface RecipeBuild {
  /** How messages name it: `builds[0] (id: api)`, `kos[1]`. */
  label: string;
  map: YAMLMap;
  /** Where findings about something the build leaves out go: its first key. */
  anchor: Range;
  env?: StringList;
  /** Env that applies when the build's own does not say (goreleaser's top-level `env`, ko's `defaultEnv`). */
  inheritedEnv?: StringList;
  /** True when the build's own `env` replaces `inheritedEnv` (ko) rather than adding to it (goreleaser). */
  envReplacesInherited: boolean;
  flags?: StringList;
  ldflags?: StringList;
  /** What the tool does when the file does not say. */
  defaults: {
    /** `CGO_ENABLED` when no env sets it: '0' for ko; undefined (Go's own default, cgo on with a C compiler) for goreleaser. */
    cgo?: string;
    /** The tool adds `-trimpath` itself (ko). */
    trimpath: boolean;
    /** The tool's ldflags when none are written (goreleaser: `-s -w -X main.version=…`). */
    ldflags?: string;
  };
  /** Where the build's ldflags come from when it has none (ko's `defaultLdflags`): judged there, once. */
  ldflagsFrom?: 'own' | 'inherited' | 'default';
}

export interface RecipeBaseImage {
  /** The key, for messages: `defaultBaseImage`, `baseImageOverrides.github.com/x/cmd/y`, `kos[0].base_image`. */
  label: string;
  node: Scalar;
  image: string;
}

/** The value under `key`, aliases resolved, when `is` accepts it. */
function valueAt<T>(doc: Document.Parsed, map: unknown, key: string, is: (node: unknown) => boolean): T | undefined {
  const pair = getPair(map, key, doc);
  const value = pair ? resolveNode(pair.value, doc) : undefined;
  return is(value) ? (value as T) : undefined;
}

export const mapAt = (doc: Document.Parsed, map: unknown, key: string) => valueAt<YAMLMap>(doc, map, key, isMap);
export const seqAt = (doc: Document.Parsed, map: unknown, key: string) => valueAt<YAMLSeq>(doc, map, key, isSeq);
export const scalarAt = (doc: Document.Parsed, map: unknown, key: string) => valueAt<Scalar>(doc, map, key, isScalar);

/** A list of strings under `key`: a sequence of scalars, or one scalar (goreleaser accepts both). */
export function stringListAt(doc: Document.Parsed, map: unknown, key: string): StringList | undefined {
  const pair = getPair(map, key, doc);
  if (!pair) return undefined;
  const value = resolveNode(pair.value, doc) as Node | null;
  const items: StringList['items'] = [];
  const add = (n: unknown) => {
    const s = resolveNode(n, doc);
    if (isScalar(s) && (typeof s.value === 'string' || typeof s.value === 'number')) items.push({ text: String(s.value), node: s as Scalar });
  };
  if (isSeq(value)) value.items.forEach(add);
  else if (isScalar(value) && value.value !== null) add(value);
  return { pair: pair as Pair, node: value, items };
}

/** The last `NAME=value` for `name` in the lists, later lists winning; undefined when none sets it. */
export function envValue(lists: (StringList | undefined)[], name: string): { value: string; node: Scalar } | undefined {
  let found: { value: string; node: Scalar } | undefined;
  for (const list of lists) {
    for (const item of list?.items ?? []) {
      const eq = item.text.indexOf('=');
      if (eq > 0 && item.text.slice(0, eq).trim() === name) found = { value: item.text.slice(eq + 1).trim(), node: item.node };
    }
  }
  return found;
}

export const isTemplatedText = (text: string) => /\{\{|\$\{|\$\(/.test(text);

/** The words of a flags list (`- -tags=netgo`, `- -trimpath`, or `-tags netgo -trimpath` in one string). */
function words(list: StringList | undefined): string[] {
  return (list?.items ?? []).flatMap((i) => i.text.split(/\s+/)).filter(Boolean);
}

/** `-trimpath` (or `-trimpath=true`) among the flags or in `GOFLAGS`. */
export function hasTrimpath(flags: StringList | undefined, goflags: string | undefined): boolean | 'off' {
  let on: boolean | 'off' = false;
  for (const w of [...(goflags ?? '').split(/\s+/), ...words(flags)]) {
    const m = /^--?trimpath(?:=(.*))?$/.exec(w);
    if (m) on = m[1] === undefined || /^(1|t|T|true|TRUE|True)$/.test(m[1]) ? true : 'off';
  }
  return on;
}

/** A template that may expand to more flags (`{{ .Env.LDFLAGS }}`), not just an `-X name=value` value. */
function templatedOutsideX(ldflags: string): boolean {
  const ws = ldflags.split(/\s+/);
  return ws.some((w, i) => isTemplatedText(w) && ws[i - 1] !== '-X' && !/^-X[= ]/.test(w) && !/^[\w.\/-]+=/.test(w));
}

/** Which of `-s` and `-w` the ldflags text lacks. */
export function missingStripFlags(ldflags: string): string[] {
  const ws = ldflags.split(/\s+/);
  return ['-s', '-w'].filter((f) => !ws.includes(f) && !ws.includes(`${f}=true`) && !ws.includes(`-${f}`));
}

export function keyRange(model: RecipeModel, pair: Pair): Range {
  return model.editor.rangeOf(pair.key as Node);
}

export function nodeRange(model: RecipeModel, node: Node): Range {
  return model.editor.rangeOf(node);
}

/** An edit that adds `item` to a list (appended to a sequence, inserted as `key: [item]` when absent). */
export function addToListEdit(model: RecipeModel, map: YAMLMap, key: string, list: StringList | undefined, item: string): Fix['edits'][number] | undefined {
  if (list && isSeq(list.node)) return model.editor.appendToSeq(list.node as YAMLSeq, [item]);
  if (list) return undefined;
  if (map.items.length === 0) return undefined;
  return model.editor.insertPairs(map, { [key]: [item] });
}

/** Dockerfile rules about compiling Go: they do not apply to a Dockerfile that copies a prebuilt binary (goreleaser's `dockers`). */
export const GO_BUILD_RULES: ReadonlySet<string> = new Set([
  'builder-go-version',
  'cgo-disabled',
  'go-build-cache-mounts',
  'module-download-layer',
  'multi-stage-build',
  'obsolete-build-flags',
  'reproducible-build',
  'strip-debug-symbols',
  'target-platform',
  'upx-compression',
]);

type Check = (model: RecipeModel, config: ResolvedConfig, report: (r: Report) => void) => void;

const checks: Record<string, Check> = {
  'cgo-disabled'(model, _config, report) {
    for (const build of model.builds) {
      const lists = build.envReplacesInherited ? [build.env ?? build.inheritedEnv] : [build.inheritedEnv, build.env];
      const set = envValue(lists, 'CGO_ENABLED');
      if (set && isTemplatedText(set.value)) continue;
      const value = set?.value ?? build.defaults.cgo;
      if (value === '0') continue;
      if (set) {
        report({
          range: nodeRange(model, set.node),
          message: `${build.label} sets CGO_ENABLED=${set.value}, so the binary links against the C library and will not start in a distroless or scratch image. Build with CGO_ENABLED=0.`,
        });
        continue;
      }
      const edit = addToListEdit(model, build.map, 'env', build.env, 'CGO_ENABLED=0');
      report({
        range: build.env ? keyRange(model, build.env.pair) : build.anchor,
        message: `${build.label} does not set CGO_ENABLED=0: ${model.tool} then builds with Go's default, cgo on wherever a C compiler is found, and the binary links against the C library and will not start in a distroless or scratch image. Add CGO_ENABLED=0 to its env.`,
        fix: edit ? { title: 'Add CGO_ENABLED=0 to env', edits: [edit], safety: 'unsafe' } : undefined,
      });
    }
  },
  'reproducible-build'(model, _config, report) {
    for (const build of model.builds) {
      if (build.defaults.trimpath) continue;
      const goflags = envValue([build.inheritedEnv, build.env], 'GOFLAGS')?.value;
      const on = hasTrimpath(build.flags, goflags);
      if (on === true) continue;
      if ((build.flags?.items ?? []).some((i) => isTemplatedText(i.text))) continue;
      const edit = on === 'off' ? undefined : addToListEdit(model, build.map, 'flags', build.flags, '-trimpath');
      report({
        range: build.flags ? keyRange(model, build.flags.pair) : build.anchor,
        message:
          on === 'off'
            ? `${build.label} turns -trimpath off, so the binary embeds the builder's file paths and is not reproducible. Remove -trimpath=false.`
            : `${build.label} builds without -trimpath (${model.tool} does not add it), so the binary embeds the builder's file paths and builds are not reproducible. Add -trimpath to its flags.`,
        fix: edit ? { title: 'Add -trimpath to flags', edits: [edit], safety: 'safe' } : undefined,
      });
    }
  },
  'strip-debug-symbols'(model, _config, report) {
    for (const build of model.builds) {
      if (build.ldflagsFrom === 'inherited') continue;
      const own = build.ldflags;
      const written = own?.items.map((i) => i.text).join(' ').trim() ?? '';
      if (!written && build.defaults.ldflags !== undefined) continue;
      if (templatedOutsideX(written)) continue;
      const missing = missingStripFlags(written);
      if (missing.length === 0) continue;
      const want = missing.join(' ');
      let fix: Fix | undefined;
      if (own && isSeq(own.node)) fix = { title: `Add ${want} to ldflags`, edits: [model.editor.appendToSeq(own.node as YAMLSeq, [want])], safety: 'safe' };
      else if (own && isScalar(own.node) && typeof own.node.value === 'string')
        fix = { title: `Add ${want} to ldflags`, edits: [model.editor.replaceScalar(own.node as Scalar, `${want} ${own.node.value}`.trim())], safety: 'safe' };
      else if (!own && build.map.items.length) fix = { title: `Add ldflags: ${want}`, edits: [model.editor.insertPairs(build.map, { ldflags: [want] })], safety: 'safe' };
      const why = 'so the binary keeps its symbol table and DWARF data: a quarter or more of its size, for nothing at run time.';
      report({
        range: own ? keyRange(model, own.pair) : build.anchor,
        message: own
          ? `${build.label} sets ldflags without ${want}${model.tool === 'goreleaser' ? " (goreleaser's default ldflags have them; an override drops them)" : ''}, ${why} Add ${want}.`
          : `${build.label} has no ldflags and ${model.tool} adds none, ${why} Add ldflags: ${want}.`,
        fix,
      });
    }
    for (const f of model.fileWide.filter((w) => w.ruleId === 'strip-debug-symbols')) report({ range: f.range, message: f.message, fix: f.fix });
  },
  'runtime-distroless-nonroot'(model, config, report) {
    for (const base of model.baseImages) {
      if (isTemplatedText(base.image)) continue;
      const ref = parseImageRef(base.image);
      if (ref.unresolved || isAllowedRuntimeImage(ref, config.allowedRuntimeImages)) continue;
      report({
        range: nodeRange(model, base.node),
        message: `${base.label} is '${base.image}', which is not an allowed minimal image: ${model.tool} puts the static Go binary on it, and its shell, package manager and root default user are attack surface the binary does not need. Use '${PREFERRED_RUNTIME_IMAGE}' (or ${model.tool}'s default, cgr.dev/chainguard/static).`,
        fix: { title: `Use ${PREFERRED_RUNTIME_IMAGE}`, edits: [model.editor.replaceScalar(base.node, PREFERRED_RUNTIME_IMAGE)], safety: 'unsafe' },
      });
    }
  },
};

/**
 * The rules a build recipe is held to, as rules of the registry's ids (their severity, settings,
 * suppressions and `--rule` selection apply as they do in a Dockerfile).
 */
export const recipeRules: Rule<RecipeModel>[] = Object.entries(checks).map(([id, check]) => {
  const rule = ruleById(id);
  if (!rule) throw new Error(`recipe check for unknown rule '${id}'`);
  return {
    id,
    target: rule.target,
    meta: rule.meta,
    check: (ctx: RuleContext<RecipeModel>) => {
      // Builds that share a value through an anchor (`<<: *base`) are reported once, at the value.
      const seen = new Set<string>();
      check(ctx.model, ctx.config, (r) => {
        const key = `${r.range.start.line}:${r.range.start.character}`;
        if (seen.has(key)) return;
        seen.add(key);
        ctx.report(r);
      });
    },
  };
});

/** Where a finding about something a build leaves out goes: the first key of its map. */
export function anchorOf(editor: YamlEditor, map: YAMLMap, fallback: Node | undefined): Range {
  const first = map.items[0]?.key as Node | undefined;
  return editor.rangeOf(first ?? fallback);
}

/** A recipe file's first document, its root map and an editor on it; undefined when the root is not a map. */
export function recipeRoot(file: YamlFile): { doc: Document.Parsed; root: YAMLMap; editor: YamlEditor } | undefined {
  const doc = file.docs[0];
  const root = doc ? resolveNode(doc.contents, doc) : undefined;
  if (!doc || !isMap(root)) return undefined;
  return { doc, root: root as YAMLMap, editor: new YamlEditor(file) };
}

/**
 * What every build entry of ko and goreleaser (`builds[]`, `build`, `kos[]`) says itself: its
 * label (`builds[0] (id: api)`), where findings about what it leaves out go, and its own `env`,
 * `flags` and `ldflags`. Each tool adds what the entry inherits and its defaults.
 */
export function ownBuild(
  doc: Document.Parsed,
  editor: YamlEditor,
  map: YAMLMap,
  node: Node | undefined,
  label: string,
): Pick<RecipeBuild, 'label' | 'map' | 'anchor' | 'env' | 'flags' | 'ldflags'> {
  const id = scalarAt(doc, map, 'id')?.value;
  return {
    label: `${label}${id !== undefined ? ` (id: ${String(id)})` : ''}`,
    map,
    anchor: anchorOf(editor, map, node),
    env: stringListAt(doc, map, 'env'),
    flags: stringListAt(doc, map, 'flags'),
    ldflags: stringListAt(doc, map, 'ldflags'),
  };
}

/**
 * For docs/rules.md: how each rule judges builds that ko and goreleaser describe, with the tools'
 * own defaults (ko: pkg/build/gobuild.go and pkg/commands/options/build.go; goreleaser:
 * internal/builders/golang/build.go and internal/pipe/ko/ko.go).
 */
export const RECIPE_DOCS: Record<string, string> = {
  'cgo-disabled':
    "**ko and goreleaser.** In `.goreleaser.yaml` every Go build (`builds[]`, the `go` builder) must set `CGO_ENABLED=0` in its `env` or in the top-level `env`: goreleaser sets nothing, so Go's default (cgo on wherever a C compiler is found) applies; the finding is at the build's `env` key (or its first key) and the fix, unsafe, adds the entry. ko builds with `CGO_ENABLED=0` by default, so `.ko.yaml` (`builds[].env`, else `defaultEnv`) and goreleaser's `kos[].env` are reported only when they set another value, at that entry, with no fix.",
  'reproducible-build':
    '**ko and goreleaser.** goreleaser adds no flags: each Go build in `.goreleaser.yaml` needs `-trimpath` in `flags` (or in `GOFLAGS` in its `env`); the fix, safe, adds it. ko always adds `-trimpath` itself, so `.ko.yaml` is not judged; a goreleaser `kos[]` entry that sets its own `flags` is (goreleaser does not ask ko for `-trimpath`; an entry without `flags` takes its build\'s, judged at the build).',
  'strip-debug-symbols':
    "**ko and goreleaser.** goreleaser's default ldflags are `-s -w -X main.version=…`, so a build without `ldflags` passes and an override that drops `-s -w` is reported at its `ldflags` key (fix, safe: add them). ko adds no ldflags: `.ko.yaml` needs `-s -w` in `defaultLdflags` or in each build's `ldflags`; without either, one finding on the file whose fix adds `defaultLdflags: [\"-s -w\"]`.",
  'runtime-distroless-nonroot':
    "**ko and goreleaser.** ko's `defaultBaseImage`, every `baseImageOverrides` value and goreleaser's `kos[].base_image` are the runtime image and are held to the same allow-list (ko's and goreleaser's default, `cgr.dev/chainguard/static`, is on it); the fix, unsafe, writes the preferred image. A Dockerfile named by goreleaser's `dockers` or `dockers_v2` (default `Dockerfile`), or one beside a goreleaser file that COPYs the binary its Go builds make (`binary`, default the project name: `project_name`, the release repository, or the go.mod module's last element), holds a prebuilt Go binary: this rule and the other runtime rules apply to it, the Go build rules do not.",
};
