import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import { readBounded } from '../files';
import type { DockerfileModel } from '../dockerfile/model';
import { copyStepOf } from '../dockerfile/copies';
import type { YamlFile } from '../yaml/document';
import { getPair, resolveNode } from '../yaml/document';
import { YamlEditor } from '../yaml/edit';
import { anchorOf, mapAt, scalarAt, seqAt, stringListAt, type RecipeBaseImage, type RecipeBuild, type RecipeModel } from './recipe';

const GORELEASER_NAMES = ['.goreleaser.yaml', '.goreleaser.yml', 'goreleaser.yaml', 'goreleaser.yml'];

/** goreleaser's configuration file, under one of the names it looks for. */
export function isGoreleaserConfigName(filePath: string): boolean {
  return GORELEASER_NAMES.includes(path.basename(filePath));
}

/**
 * goreleaser's defaults for a Go build (internal/builders/golang/build.go `WithDefaults`): no env
 * and no flags of its own, and ldflags `-s -w -X main.version=…` when a build writes none.
 */
export const GORELEASER_DEFAULT_LDFLAGS = '-s -w -X main.version={{.Version}} -X main.commit={{.Commit}} -X main.date={{.Date}} -X main.builtBy=goreleaser';

/**
 * The Go builds of a goreleaser file: `builds[]` (the `go` builder; other builders and
 * `skip: true` are left alone) with the top-level `env`, and `kos[]` (ko through goreleaser:
 * `base_image`, and the env, flags and ldflags an entry sets itself; what it inherits from its
 * build is judged at the build). Undefined when the file is not a map.
 */
export function buildGoreleaserModel(file: YamlFile): RecipeModel | undefined {
  const doc = file.docs[0];
  const root = doc ? resolveNode(doc.contents, doc) : undefined;
  if (!doc || !isMap(root)) return undefined;
  const editor = new YamlEditor(file);
  const rootMap = root as YAMLMap;
  const globalEnv = stringListAt(doc, rootMap, 'env');
  const builds: RecipeBuild[] = [];
  const buildItems: { map: YAMLMap; node: Node; label: string }[] = [];
  (seqAt(doc, rootMap, 'builds')?.items ?? []).forEach((item, i) => {
    const map = resolveNode(item, doc);
    if (isMap(map)) buildItems.push({ map: map as YAMLMap, node: item as Node, label: `builds[${i}]` });
  });
  // goreleaser v1's single `build:` map.
  const single = mapAt(doc, rootMap, 'build');
  if (single) buildItems.push({ map: single, node: getPair(rootMap, 'build', doc)!.key as Node, label: 'build' });
  for (const { map, node, label } of buildItems) {
    const builder = scalarAt(doc, map, 'builder')?.value;
    if ((builder !== undefined && builder !== null && builder !== 'go') || scalarAt(doc, map, 'skip')?.value === true) continue;
    const id = scalarAt(doc, map, 'id')?.value;
    builds.push({
      label: `${label}${id !== undefined ? ` (id: ${String(id)})` : ''}`,
      map,
      anchor: anchorOf(editor, map, node),
      env: stringListAt(doc, map, 'env'),
      inheritedEnv: globalEnv,
      envReplacesInherited: false,
      flags: stringListAt(doc, map, 'flags'),
      ldflags: stringListAt(doc, map, 'ldflags'),
      ldflagsFrom: 'own',
      defaults: { trimpath: false, ldflags: GORELEASER_DEFAULT_LDFLAGS },
    });
  }
  const baseImages: RecipeBaseImage[] = [];
  (seqAt(doc, rootMap, 'kos')?.items ?? []).forEach((item, i) => {
    const map = resolveNode(item, doc);
    if (!isMap(map)) return;
    const base = scalarAt(doc, map, 'base_image');
    if (base && typeof base.value === 'string') baseImages.push({ label: `kos[${i}].base_image`, node: base, image: base.value.trim() });
    const flags = stringListAt(doc, map, 'flags');
    const ldflags = stringListAt(doc, map, 'ldflags');
    const id = scalarAt(doc, map, 'id')?.value;
    builds.push({
      label: `kos[${i}]${id !== undefined ? ` (id: ${String(id)})` : ''}`,
      map: map as YAMLMap,
      anchor: anchorOf(editor, map as YAMLMap, item as Node),
      env: stringListAt(doc, map, 'env'),
      envReplacesInherited: true,
      flags,
      ldflags,
      ldflagsFrom: ldflags ? 'own' : 'inherited',
      // ko's library builds with CGO_ENABLED=0; goreleaser does not ask it for -trimpath. What an
      // entry does not set it takes from its build, which is judged itself.
      defaults: { cgo: '0', trimpath: !flags },
    });
  });
  return { tool: 'goreleaser', file, editor, doc, root: rootMap, builds, baseImages, fileWide: [] };
}

const MAX_CONFIG_BYTES = 1024 * 1024;

/** What a goreleaser file says about Dockerfiles: those `dockers`/`dockers_v2` name, and the binaries its Go builds make. */
interface GoreleaserDockerFacts {
  dockerfiles: Set<string>;
  binaries: Set<string>;
}
const configCache = new Map<string, { mtimeMs: number; facts: GoreleaserDockerFacts }>();

/**
 * How goreleaser relates to this Dockerfile: `named` when a goreleaser file in its folder or above
 * (up to the repository root) names it in `dockers` or `dockers_v2`; `binaries` are the names of
 * the binaries built by the Go builds of a goreleaser file in the Dockerfile's own folder.
 */
export function goreleaserFor(dockerfilePath: string): { named: boolean; binaries: Set<string> } {
  const out = { named: false, binaries: new Set<string>() };
  if (!dockerfilePath) return out;
  const abs = path.resolve(dockerfilePath);
  let dir = path.dirname(abs);
  for (let depth = 0; depth < 8; depth++) {
    for (const name of GORELEASER_NAMES) {
      const facts = factsOf(path.join(dir, name));
      if (facts.dockerfiles.has(abs)) out.named = true;
      if (depth === 0) for (const b of facts.binaries) out.binaries.add(b);
    }
    if (out.named || fs.existsSync(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

function factsOf(config: string): GoreleaserDockerFacts {
  // No exception for the usual case, a name that is not there: this runs on every Dockerfile lint.
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(config, { throwIfNoEntry: false });
  } catch {
    stat = undefined;
  }
  if (!stat?.isFile()) return { dockerfiles: new Set(), binaries: new Set() };
  const mtimeMs = stat.mtimeMs;
  const cached = configCache.get(config);
  if (cached && cached.mtimeMs === mtimeMs) return cached.facts;
  const facts: GoreleaserDockerFacts = { dockerfiles: new Set(), binaries: new Set() };
  // Bounded: the name may be a symlink to a device planted by the repository.
  const read = readBounded(config, MAX_CONFIG_BYTES);
  if ('bytes' in read) {
    const doc = parseDocument(read.bytes.toString('utf8'), { strict: false });
    const dir = path.dirname(config);
    for (const key of ['dockers', 'dockers_v2']) {
      const seq = seqAt(doc, doc.contents, key);
      for (const item of seq?.items ?? []) {
        if (!isMap(item)) continue;
        const named = scalarAt(doc, item, 'dockerfile');
        const value = named && isScalar(named) && typeof named.value === 'string' ? named.value.trim() : 'Dockerfile';
        if (!value.includes('{{')) facts.dockerfiles.add(path.resolve(dir, value));
      }
    }
    const defaultBinary = projectName(doc, dir);
    for (const item of seqAt(doc, doc.contents, 'builds')?.items ?? []) {
      if (!isMap(item)) continue;
      const builder = scalarAt(doc, item, 'builder')?.value;
      if (builder !== undefined && builder !== null && builder !== 'go' && builder !== 'prebuilt') continue;
      const binary = scalarAt(doc, item, 'binary')?.value;
      const name = typeof binary === 'string' && binary.trim() ? binary.trim() : defaultBinary;
      if (!name.includes('{{')) facts.binaries.add(path.posix.basename(name));
    }
  }
  configCache.set(config, { mtimeMs, facts });
  return facts;
}

/**
 * goreleaser's project name, a build's default binary (internal/pipe/project): `project_name`,
 * else the release repository's name, else the last element of the go.mod module path, else the
 * folder's name (goreleaser would ask the git remote).
 */
function projectName(doc: Document, dir: string): string {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() && !v.includes('{{') ? v.trim() : undefined);
  const release = mapAt(doc as Document.Parsed, doc.contents, 'release');
  const fromRelease = ['github', 'gitlab', 'gitea'].map((k) => text(scalarAt(doc as Document.Parsed, mapAt(doc as Document.Parsed, release, k), 'name')?.value)).find(Boolean);
  const goMod = readBounded(path.join(dir, 'go.mod'), MAX_CONFIG_BYTES);
  const module = 'bytes' in goMod ? /^\s*module\s+"?([^\s"]+)"?/m.exec(goMod.bytes.toString('utf8'))?.[1] : undefined;
  return text(scalarAt(doc as Document.Parsed, doc.contents, 'project_name')?.value) ?? fromRelease ?? module?.split('/').pop() ?? path.basename(dir);
}

/** True when the Dockerfile COPYs (from the build context, not a stage) one of the binaries goreleaser built. */
export function copiesPrebuiltBinary(model: DockerfileModel, binaries: ReadonlySet<string>): boolean {
  if (binaries.size === 0) return false;
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      const step = copyStepOf(model, instruction);
      if (!step || step.from || step.heredoc) continue;
      if (step.sources.some((s) => binaries.has(path.posix.basename(s.value.replace(/\/+$/, ''))))) return true;
    }
  }
  return false;
}
