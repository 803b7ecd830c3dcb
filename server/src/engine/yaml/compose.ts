import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Range } from '../types';
import { isComposeName } from '../files';
import { findPair, isMergeKey, mergeSources, nodeRange, offsetToPosition, resolveNode, scalarSource, type FoundPair, type YamlFile, type YamlOrigin } from './document';
import { interpolate } from './compose-interpolation';
import { buildDockerfiles, readDockerfileBounded, type BuildDockerfile, type BuildSpec, type DockerfileReader } from './compose-build';
import { YamlEditor } from './edit';

/**
 * The services of a docker-compose file, with anchors, aliases, merge keys (`<<: *defaults`)
 * and same-file `extends` resolved, so rules judge what Compose will run. Every value keeps the
 * node it was read from: a wrong value is reported where it is written (an `x-` anchor
 * included), a missing one on the service's key.
 */
export interface ComposeModel {
  file: YamlFile;
  filePath: string;
  services: ComposeService[];
  /** Text edits in the file's own style, made on first use (fixes only). */
  readonly editor: YamlEditor;
  /** The Dockerfile a service's `build` uses, parsed once per lint; undefined for a remote build context. */
  dockerfileOf(build: BuildSpec): BuildDockerfile | undefined;
}

export interface ComposeService {
  name: string;
  doc: Document.Parsed;
  /** The `api` of `api:`: where diagnostics about missing keys go. */
  keyNode: Scalar;
  keyRange: Range;
  /** The service's own map (aliases followed); undefined for `api:` with no value. */
  map?: YAMLMap<Node, Node>;
  /** A field (`image`, `deploy`…): the service's own, else merged in, else from `extends`. */
  field(key: string): ComposeField | undefined;
  /** `extends` names a service of another file (or a missing one): absent fields may be set there. */
  extendsElsewhere: boolean;
}

export interface ComposeField {
  key: string;
  pair: Pair<Node, Node>;
  keyRange: Range;
  /** The value, aliases followed (null for `key:` with nothing after it). */
  value: Node | null;
  /** The value's range; quotes excluded for single-line quoted scalars. */
  valueRange: Range;
  /** Set through a merge key or `extends`, not written in the service itself. */
  inherited: boolean;
  /** The map the pair is written in (the service's, an anchor's, an extended service's). */
  owner: YAMLMap<Node, Node>;
}

export interface EnvironmentEntry {
  name: string;
  nameRange: Range;
  /** Undefined when the variable is passed through from the host (`- NAME`, `NAME:`). */
  value?: string;
  /** Range of the value text (quotes excluded); the whole entry when it cannot be narrowed. */
  valueRange: Range;
  /** The value came as a YAML bool (`DEBUG: true`). */
  isBoolean: boolean;
  inherited: boolean;
}

export interface ListItem {
  value: string;
  node: Scalar;
  range: Range;
}

/** Undefined when the file is not a compose file. */
export function buildComposeModel(file: YamlFile, origin: YamlOrigin, readDockerfile: DockerfileReader = readDockerfileBounded): ComposeModel | undefined {
  const named = isComposeName(origin.filePath) || origin.languageId === 'dockercompose';
  const serviceMaps: { doc: Document.Parsed; map: YAMLMap<Node, Node> }[] = [];
  // Helm values files often have a top-level `services:` map too; Kubernetes objects are not compose.
  const helmValues = /^values([._-][^/\\]*)?\.ya?ml$/i.test(path.basename(origin.filePath));
  for (const doc of named || !helmValues ? file.docs : []) {
    const services = findValue(doc.contents, 'services', doc)?.value;
    if (!isMap(services) || (!named && findValue(doc.contents, 'apiVersion', doc))) continue;
    serviceMaps.push({ doc, map: services as YAMLMap<Node, Node> });
  }
  if (!named && serviceMaps.length === 0) return undefined;
  const services: ComposeService[] = [];
  for (const { doc, map } of serviceMaps) services.push(...readServices(file, doc, map));
  let editor: YamlEditor | undefined;
  const dockerfileOf = buildDockerfiles(origin.filePath, readDockerfile);
  return {
    file,
    filePath: origin.filePath,
    services,
    get editor() {
      return (editor ??= new YamlEditor(file));
    },
    dockerfileOf,
  };
}

function readServices(file: YamlFile, doc: Document.Parsed, servicesMap: YAMLMap<Node, Node>): ComposeService[] {
  const byName = new Map<string, ComposeService>();
  const extendsOf = new Map<ComposeService, { service?: string; elsewhere: boolean }>();
  for (const pair of servicesMap.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (isMergeKey(pair.key) || name.startsWith('x-')) continue;
    const resolved = resolveNode(pair.value, doc);
    const map = isMap(resolved) ? (resolved as YAMLMap<Node, Node>) : undefined;
    const service: ComposeService = {
      name,
      doc,
      keyNode: pair.key as Scalar,
      keyRange: nodeRange(file, pair.key as Node),
      map,
      extendsElsewhere: false,
      field: (key) => fieldOf(service, key, new Set()),
    };
    byName.set(name, service);
    const ext = map ? findValue(map, 'extends', doc) : undefined;
    if (ext) {
      const v = ext.value;
      if (isScalar(v)) extendsOf.set(service, { service: String(v.value), elsewhere: false });
      else if (isMap(v)) {
        const target = findValue(v, 'service', doc)?.value;
        const otherFile = findValue(v, 'file', doc);
        extendsOf.set(service, { service: isScalar(target) ? String(target.value) : undefined, elsewhere: !!otherFile });
      }
    }
  }
  const fieldOf = (service: ComposeService, key: string, seen: Set<ComposeService>): ComposeField | undefined => {
    if (service.map) {
      const own = findValue(service.map, key, doc);
      if (own) return toField(file, key, own, own.owner !== service.map);
    }
    const ext = extendsOf.get(service);
    const base = ext?.service && !ext.elsewhere ? byName.get(ext.service) : undefined;
    if (!base || seen.has(base) || base === service) return undefined;
    seen.add(service);
    const inherited = fieldOf(base, key, seen);
    return inherited ? { ...inherited, inherited: true } : undefined;
  };
  // A service whose `extends` chain reaches another file (or a missing service) may get any field from there.
  for (const service of extendsOf.keys()) {
    const seen = new Set<ComposeService>();
    for (let s: ComposeService | undefined = service; s && !seen.has(s); ) {
      seen.add(s);
      const ext = extendsOf.get(s);
      if (!ext) break;
      if (ext.elsewhere || !ext.service || !byName.has(ext.service)) {
        service.extendsElsewhere = true;
        break;
      }
      s = byName.get(ext.service);
    }
  }
  return [...byName.values()];
}

function toField(file: YamlFile, key: string, found: FoundValue, inherited: boolean): ComposeField {
  return {
    key,
    pair: found.pair,
    keyRange: nodeRange(file, found.pair.key),
    value: found.value,
    valueRange: found.value && !isEmptyScalar(found.value) ? contentRange(file, found.value) : nodeRange(file, found.pair.key),
    inherited,
    owner: found.owner,
  };
}

/** A field of a field's map (`deploy` → `resources`), merge keys included. */
export function subField(file: YamlFile, parent: ComposeField | undefined, key: string, doc: Document.Parsed): ComposeField | undefined {
  if (!parent || !isMap(parent.value)) return undefined;
  const found = findValue(parent.value, key, doc);
  return found ? toField(file, key, found, parent.inherited || found.owner !== parent.value) : undefined;
}

/** A pair found by key (merge keys included), with its value, aliases followed (null for `key:` with nothing after it). */
interface FoundValue extends FoundPair {
  value: Node | null;
}

function valueOf(node: unknown, doc: Document.Parsed): Node | null {
  return (resolveNode(node, doc) as Node | null | undefined) ?? null;
}

/** The pair for `key` in a map and its value, merge keys included (the map's own keys win; earlier merge sources win). */
export function findValue(map: unknown, key: string, doc: Document.Parsed): FoundValue | undefined {
  const found = findPair(map, key, doc);
  return found && { ...found, value: valueOf(found.pair.value, doc) };
}

/** Every key of a map as Compose sees it: own keys, then keys merged in that the map does not set. */
export function effectivePairs(map: unknown, doc: Document.Parsed): (FoundValue & { key: string; inherited: boolean })[] {
  const out: (FoundValue & { key: string; inherited: boolean })[] = [];
  const keys = new Set<string>();
  const visit = (node: unknown, inherited: boolean, seen: Set<unknown>) => {
    const m = resolveNode(node, doc);
    if (!isMap(m) || seen.has(m)) return;
    seen.add(m);
    const owner = m as YAMLMap<Node, Node>;
    for (const pair of owner.items) {
      if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
      const key = String(pair.key.value);
      if (keys.has(key)) continue;
      keys.add(key);
      out.push({ key, pair, value: valueOf(pair.value, doc), owner, inherited });
    }
    for (const source of mergeSources(owner, doc)) visit(source, true, seen);
  };
  visit(map, false, new Set());
  return out;
}

/** The range of a node's text, quotes excluded for single-line quoted scalars. */
export function contentRange(file: YamlFile, node: Node): Range {
  const [start, end] = contentOffsets(file, node);
  return { start: offsetToPosition(file.lineCounter, start), end: offsetToPosition(file.lineCounter, end) };
}

export function contentOffsets(file: YamlFile, node: Node): [number, number] {
  const [s, e] = node.range ?? [0, 0];
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && e - s >= 2) {
    const raw = file.text.slice(s, e);
    if (!raw.includes('\n')) return [s + 1, e - 1];
  }
  return [s, e];
}

/** `key:` with nothing after it. */
export function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (!node.range || node.range[0] === node.range[1]);
}

/** Items of a sequence (or a single scalar, as Compose also accepts for some keys), aliases followed. */
export function listItems(file: YamlFile, value: unknown, doc: Document.Parsed): ListItem[] {
  const v = resolveNode(value, doc);
  const nodes = isSeq(v) ? (v as YAMLSeq<unknown>).items.map((i) => resolveNode(i, doc)) : [v];
  const items: ListItem[] = [];
  for (const node of nodes) {
    const text = scalarSource(node);
    if (text === undefined) continue;
    items.push({ value: text, node: node as Scalar, range: contentRange(file, node as Node) });
  }
  return items;
}

/** `environment:` in list (`- NAME=value`) or map (`NAME: value`) form; merge keys resolved. */
export function environmentOf(file: YamlFile, service: ComposeService): EnvironmentEntry[] {
  const field = service.field('environment');
  if (!field?.value) return [];
  const doc = service.doc;
  const entries: EnvironmentEntry[] = [];
  if (isMap(field.value)) {
    for (const p of effectivePairs(field.value, doc)) {
      const value = p.value && isScalar(p.value) && p.value.value !== null ? scalarSource(p.value) : undefined;
      entries.push({
        name: p.key,
        nameRange: nodeRange(file, p.pair.key),
        value,
        valueRange: p.value ? contentRange(file, p.value) : nodeRange(file, p.pair.key),
        isBoolean: isScalar(p.value) && typeof p.value.value === 'boolean',
        inherited: field.inherited || p.inherited,
      });
    }
    return entries;
  }
  if (!isSeq(field.value)) return entries;
  for (const item of field.value.items) {
    const node = resolveNode(item, doc);
    if (!isScalar(node) || node.value === null) continue;
    const text = String(node.value);
    const [s, e] = contentOffsets(file, node);
    // Narrow to name / value only when the source is the value verbatim (no escapes, no folding).
    const verbatim = file.text.slice(s, e) === text;
    const eq = text.indexOf('=');
    const name = eq === -1 ? text : text.slice(0, eq);
    const pos = (o: number) => offsetToPosition(file.lineCounter, o);
    const whole = { start: pos(s), end: pos(e) };
    entries.push({
      name: name.trim(),
      nameRange: verbatim ? { start: pos(s), end: pos(s + name.length) } : whole,
      value: eq === -1 ? undefined : text.slice(eq + 1),
      valueRange: verbatim && eq !== -1 ? { start: pos(s + eq + 1), end: pos(e) } : whole,
      isBoolean: false,
      inherited: field.inherited,
    });
  }
  return entries;
}

export type HealthTest =
  | { form: 'none'; range: Range }
  | { form: 'shell'; command: string; range: Range }
  | { form: 'exec'; words: ListItem[]; range: Range };

/** `healthcheck.test`: a string runs through `/bin/sh -c`; `[CMD, …]` is exec; `[CMD-SHELL, "…"]` is shell; `[NONE]` disables. */
export function healthTestOf(file: YamlFile, service: ComposeService): HealthTest | undefined {
  const healthcheck = service.field('healthcheck');
  if (!healthcheck || !isMap(healthcheck.value)) return undefined;
  const disable = findValue(healthcheck.value, 'disable', service.doc)?.value;
  const test = findValue(healthcheck.value, 'test', service.doc);
  if (!test?.value) return undefined;
  const range = contentRange(file, test.value);
  if (isScalar(disable) && (disable.value === true || disable.value === 'true')) return { form: 'none', range };
  if (isScalar(test.value)) {
    const command = scalarSource(test.value) ?? '';
    return command.trim() === '' ? undefined : { form: 'shell', command, range };
  }
  const words = listItems(file, test.value, service.doc);
  if (words.length === 0) return undefined;
  // Docker matches the test type case-sensitively.
  const kind = words[0].value;
  if (kind === 'NONE') return { form: 'none', range: words[0].range };
  if (kind === 'CMD-SHELL') return { form: 'shell', command: words.slice(1).map((w) => w.value).join(' '), range: words[0].range };
  if (kind === 'CMD') return { form: 'exec', words: words.slice(1), range };
  return undefined;
}

/** `build: ./dir` or `build: {context, dockerfile, dockerfile_inline, target}`; undefined when a value cannot be resolved. */
export function buildOf(file: YamlFile, service: ComposeService): BuildSpec | undefined {
  const build = service.field('build');
  if (!build) return undefined;
  const doc = service.doc;
  if (isScalar(build.value)) {
    const context = interpolate(scalarSource(build.value) ?? '');
    return context === undefined ? undefined : { context: context || '.', range: build.valueRange };
  }
  if (!isMap(build.value)) return build.value === null ? { context: '.', range: build.keyRange } : undefined;
  const read = (key: string): string | null | undefined => {
    const v = findValue(build.value, key, doc)?.value;
    if (v === undefined || v === null) return null;
    const text = scalarSource(v);
    return text === undefined ? undefined : interpolate(text);
  };
  const context = read('context');
  const dockerfile = read('dockerfile');
  const inline = read('dockerfile_inline');
  const target = read('target');
  if (context === undefined || dockerfile === undefined || inline === undefined || target === undefined) return undefined;
  return {
    context: context || '.',
    dockerfile: dockerfile ?? undefined,
    dockerfileInline: inline ?? undefined,
    target: target ?? undefined,
    range: build.keyRange,
  };
}
