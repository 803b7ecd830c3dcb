import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument, isMap, isScalar, type Node } from 'yaml';
import picomatch from 'picomatch';
import schema from '../../../schemas/container-standard.schema.json';
import type { Range, ResolvedConfig, ResourceValues } from './types';
import { readBounded } from './files';
import { decodeUtf8 } from './text';
import { textLineCounter } from './yaml/document';

export const CONFIG_FILE_NAMES = ['.container-standard.yaml', '.container-standard.yml'];
/** A config file is a few hundred bytes; anything past this is not one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type { ConfigProblem, ResolvedConfig, ResourceValues } from './types';

export const DEFAULT_ALLOWED_RUNTIME_IMAGES = [
  'gcr.io/distroless/static-debian12:nonroot',
  // Architecture-specific variants (nonroot-amd64, nonroot-arm64) are the same image.
  'gcr.io/distroless/static*:nonroot',
  'gcr.io/distroless/static*:nonroot-*',
  'cgr.dev/chainguard/static',
  'scratch',
];

export const PREFERRED_RUNTIME_IMAGE = 'gcr.io/distroless/static-debian12:nonroot';
export const DEFAULT_MIN_GO_VERSION = '1.24';
export const DEFAULT_IMAGE_TAG_PATTERN = '^[0-9a-f]{7,40}-v\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$';

export function defaultConfig(): ResolvedConfig {
  return {
    rules: {},
    allowedRuntimeImages: [...DEFAULT_ALLOWED_RUNTIME_IMAGES],
    minGoVersion: DEFAULT_MIN_GO_VERSION,
    imageTagPattern: DEFAULT_IMAGE_TAG_PATTERN,
    defaultResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    ignore: [],
    problems: [],
  };
}

let compiled: ValidateFunction | undefined;

/** The config schema's validator, made when the first config file is read: loading ajv and compiling the schema take ~90 ms, wasted where no config file exists. */
function configValidator(): ValidateFunction {
  if (!compiled) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/**
 * Whether a pattern repeats without bound (`*`, `+`, `{n,}`) a group that can end in an unbounded
 * repeat: the shape of catastrophic backtracking (`(a+)+`, `(\\w+\\s?)*`, `(a*b*)*`), where a
 * run of characters splits between iterations in exponentially many ways. The pattern comes from
 * the workspace and a running regular expression cannot be interrupted, so such patterns are
 * refused rather than allowed to hang the linter. Groups whose repeat is followed by a required
 * character (`([a-z0-9]+-)*`) are fine. A heuristic: overlapping alternatives (`(a|a)+`) pass.
 */
export function hasNestedRepeat(pattern: string): boolean {
  const quantifierAt = (i: number): { kind: 'none' | 'optional' | 'unbounded' | 'bounded'; length: number } => {
    const c = pattern[i];
    const lazy = (n: number) => (pattern[i + n] === '?' ? n + 1 : n);
    if (c === '*' || c === '+') return { kind: 'unbounded', length: lazy(1) };
    if (c === '?') return { kind: 'optional', length: lazy(1) };
    const braces = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(i, i + 24));
    if (!braces) return { kind: 'none', length: 0 };
    const kind = braces[2] && !braces[3] ? 'unbounded' : Number(braces[1] || 0) === 0 ? 'optional' : 'bounded';
    return { kind, length: lazy(braces[0].length) };
  };
  // Per open group: whether the current alternative ends in an unbounded repeat, and whether any finished one did.
  const groups: { tail: boolean; anyBranch: boolean }[] = [{ tail: false, anyBranch: false }];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const top = groups[groups.length - 1];
    if (c === '(') {
      groups.push({ tail: false, anyBranch: false });
      const named = pattern[i + 1] === '?' && pattern[i + 2] === '<' && pattern[i + 3] !== '=' && pattern[i + 3] !== '!';
      // Skip `?:`, `?=`, `?!`, `?<=`, `?<!` and `?<name>` so they are not read as atoms.
      if (named) i = pattern.indexOf('>', i) === -1 ? pattern.length : pattern.indexOf('>', i);
      else if (pattern[i + 1] === '?') i += pattern[i + 2] === '<' ? 3 : 2;
      continue;
    }
    if (c === '|') {
      top.anyBranch ||= top.tail;
      top.tail = false;
      continue;
    }
    let endsUnbounded: boolean;
    if (c === ')') {
      if (groups.length === 1) continue;
      const inner = groups.pop()!;
      endsUnbounded = inner.anyBranch || inner.tail;
    } else {
      // Anchors match no character: they neither end nor break a repeat.
      if (c === '^' || c === '$') continue;
      if (c === '\\') i++;
      else if (c === '[') {
        for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      }
      endsUnbounded = false;
    }
    const parent = groups[groups.length - 1];
    const q = quantifierAt(i + 1);
    i += q.length;
    if (q.kind === 'unbounded') {
      if (endsUnbounded) return true;
      parent.tail = true;
    } else if (q.kind === 'optional') parent.tail ||= endsUnbounded;
    else parent.tail = endsUnbounded;
  }
  return false;
}

/** Parses and validates one config file's text. Problems are returned, never thrown. */
export function parseConfig(text: string, file: string, knownRuleIds: ReadonlySet<string>): ResolvedConfig {
  const config = defaultConfig();
  config.path = file;
  const lineCounter = textLineCounter(text);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const rangeOf = (node: Node | null | undefined): Range => {
    const [s, , e] = node?.range ?? [0, 0, 0];
    const a = lineCounter.linePos(s);
    const b = lineCounter.linePos(e);
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  };
  const problem = (message: string, node?: Node | null) => config.problems.push({ file, message, range: rangeOf(node) });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const p = lineCounter.linePos(err.pos[0]);
    config.problems.push({
      file,
      message: `Configuration file is not valid YAML: ${err.message.split('\n')[0]}. The defaults are used until it is fixed.`,
      range: { start: { line: p.line - 1, character: p.col - 1 }, end: { line: p.line - 1, character: p.col - 1 } },
    });
    return config;
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (e) {
    // toJS refuses alias bombs (maxAliasCount) and unknown aliases by throwing.
    problem(`Configuration file cannot be read: ${(e as Error).message}. The defaults are used until it is fixed.`);
    return config;
  }
  const validate = configValidator();
  if (!validate(data)) {
    for (const described of describeSchemaErrors(validate.errors ?? [], data)) {
      const node = doc.getIn(described.segments, true) as Node | undefined;
      const keyNode = described.key === undefined ? undefined : findKey(doc.getIn(described.segments, true) ?? doc.contents, described.key);
      problem(described.message(node), keyNode ?? node);
    }
  }
  const obj = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (obj.rules && typeof obj.rules === 'object') {
    for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!knownRuleIds.has(id)) {
        const near = closest(id, [...knownRuleIds]);
        problem(`Unknown rule id '${id}' in 'rules'${near ? `; did you mean '${near}'?` : '; see the rule table in the README for valid ids.'}`, findKey(doc.getIn(['rules'], true), id));
        continue;
      }
      const severity = typeof value === 'string' ? value : (value as { severity?: string } | null)?.severity;
      if (severity === 'error' || severity === 'warning' || severity === 'info' || severity === 'off') config.rules[id] = severity;
    }
  }
  if (Array.isArray(obj.allowedRuntimeImages) && obj.allowedRuntimeImages.every((s) => typeof s === 'string')) {
    config.allowedRuntimeImages = obj.allowedRuntimeImages as string[];
  }
  if (typeof obj.minGoVersion === 'string' && /^\d+\.\d+(\.\d+)?$/.test(obj.minGoVersion)) config.minGoVersion = obj.minGoVersion;
  if (typeof obj.imageTagPattern === 'string') {
    const node = doc.getIn(['imageTagPattern'], true) as Node;
    try {
      new RegExp(obj.imageTagPattern);
      if (hasNestedRepeat(obj.imageTagPattern)) {
        problem(`'imageTagPattern' repeats a group that can end in a repeat (like '(a+)+'), which takes exponential time on some tags; the default pattern is used. Write it so each repetition ends in a fixed character, like '([a-z0-9]+-)*'.`, node);
      } else config.imageTagPattern = obj.imageTagPattern;
    } catch (e) {
      problem(`'imageTagPattern' is not a valid regular expression: ${(e as Error).message}.`, node);
    }
  }
  const res = obj.defaultResources as { requests?: Partial<ResourceValues>; limits?: Partial<ResourceValues> } | undefined;
  if (res && typeof res === 'object') {
    Object.assign(config.defaultResources.requests, pickStrings(res.requests));
    Object.assign(config.defaultResources.limits, pickStrings(res.limits));
  }
  const helm = obj.helm as { path?: unknown; valueFiles?: unknown } | undefined;
  if (helm && typeof helm === 'object') {
    config.helm = {};
    // A path is relative to the config file; a bare name is looked up on PATH.
    if (typeof helm.path === 'string' && helm.path.trim()) config.helm.path = /[\\/]/.test(helm.path) ? path.resolve(path.dirname(file), helm.path.trim()) : helm.path.trim();
    if (Array.isArray(helm.valueFiles)) config.helm.valueFiles = helm.valueFiles.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  }
  if (typeof obj.baseline === 'string' && obj.baseline.trim()) config.baseline = path.resolve(path.dirname(file), obj.baseline);
  if (Array.isArray(obj.ignore)) {
    const dir = path.dirname(file);
    config.ignore = obj.ignore.filter((s): s is string => typeof s === 'string').map((g) => path.posix.join(toPosix(dir), g));
  }
  return config;
}

interface DescribedError {
  /** Where the problem is: the path of the value, and for unknown keys the key. */
  segments: string[];
  key?: string;
  message: (node: Node | undefined) => string;
}

/** The keys the schema allows in the map at `segments` (config paths are at most three deep). */
function allowedKeys(segments: string[]): string[] {
  const props = (o: unknown) => Object.keys((o as { properties?: object })?.properties ?? {});
  const root = schema as { properties: Record<string, { properties?: object }>; definitions: Record<string, unknown> };
  if (segments.length === 0) return props(root);
  if (segments[0] === 'rules' && segments.length === 2) return ['severity'];
  if (segments[0] === 'defaultResources') return segments.length === 1 ? props(root.properties.defaultResources) : props(root.definitions.resourceValues);
  return [];
}

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value === 'string' ? 'the text' : `the ${typeof value}`} '${String(value)}'`;
}

const TYPE_NAMES: Record<string, string> = { string: 'text', array: 'a list', object: 'a map', number: 'a number', boolean: 'true or false' };

/**
 * Schema errors as one clear problem per mistake: ajv reports a wrong severity three times (the
 * enum, "must be object" from the long form, the oneOf), so errors are grouped by place, the most
 * specific place wins, and each message names the valid values or the near miss.
 */
export function describeSchemaErrors(errors: ErrorObject[], data: unknown): DescribedError[] {
  const groups = new Map<string, { segments: string[]; key?: string; errors: ErrorObject[] }>();
  for (const err of errors) {
    if (err.keyword === 'oneOf' || err.keyword === 'if') continue;
    const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const key = err.keyword === 'additionalProperties' ? (err.params as { additionalProperty: string }).additionalProperty : undefined;
    const id = [...segments, ...(key === undefined ? [] : [key])].join('\0');
    const group = groups.get(id) ?? { segments, key, errors: [] };
    group.errors.push(err);
    groups.set(id, group);
  }
  const ids = [...groups.keys()];
  const out: DescribedError[] = [];
  for (const [id, group] of groups) {
    // A deeper problem explains this one (a long-form rule with a bad severity fails the short form too).
    if (ids.some((other) => other !== id && other.startsWith(id === '' ? '' : `${id}\0`) && other.length > id.length)) continue;
    out.push(describeGroup(group.segments, group.key, group.errors, valueAt(data, group.segments)));
  }
  return out;
}

function valueAt(data: unknown, segments: string[]): unknown {
  let current = data;
  for (const s of segments) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[s] : undefined;
  return current;
}

function describeGroup(segments: string[], key: string | undefined, errors: ErrorObject[], value: unknown): DescribedError {
  const where = segments.length ? `'${segments.join('.')}'` : 'the configuration';
  if (key !== undefined) {
    const allowed = allowedKeys(segments);
    const near = closest(key, allowed);
    return {
      segments,
      key,
      message: () => `Unknown key '${key}' in ${where}${near ? `; did you mean '${near}'?` : '.'} Valid keys: ${allowed.join(', ')}.`,
    };
  }
  const by = (keyword: string) => errors.find((e) => e.keyword === keyword);
  const isSeverity = (segments[0] === 'rules' && segments.length === 2) || (segments[0] === 'rules' && segments[2] === 'severity');
  const enumError = by('enum');
  if (enumError && (typeof value !== 'object' || value === null)) {
    const allowed = (enumError.params as { allowedValues: unknown[] }).allowedValues.map(String);
    const near = typeof value === 'string' ? closest(value, allowed) : undefined;
    const what = isSeverity ? `Invalid severity ${describeValue(value).replace(/^the (text|number|boolean) /, '')} for rule '${segments[1]}'` : `Invalid value ${describeValue(value)} for ${where}`;
    return { segments, message: () => `${what}${near ? ` (did you mean '${near}'?)` : ''}; valid values: ${allowed.join(', ')}.` };
  }
  const typeError = by('type');
  if (typeError) {
    const expected = String((typeError.params as { type: string }).type);
    return {
      segments,
      message: (node) => {
        const base = `${where} must be ${TYPE_NAMES[expected] ?? expected}, not ${describeValue(value)}`;
        // YAML reads `minGoVersion: 1.24` as a number (and 1.20 as 1.2): the fix is quotes.
        if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
          const written = isScalar(node) && typeof node.source === 'string' ? node.source : String(value);
          return `${base}: YAML reads it as a ${typeof value}. Quote it: ${segments[segments.length - 1]}: "${written}".`;
        }
        return `${base}.`;
      },
    };
  }
  const pattern = by('pattern');
  if (pattern && segments[0] === 'minGoVersion') return { segments, message: () => `'minGoVersion' must be a Go version such as "1.24" or "1.24.1", not ${describeValue(value)}.` };
  if (by('minLength')) return { segments, message: () => `${where} must not be empty.` };
  const required = by('required');
  if (required) return { segments, message: () => `${where} needs '${(required.params as { missingProperty: string }).missingProperty}'.` };
  return { segments, message: () => `Invalid value for ${where}: ${errors[0].message}.` };
}

/** The candidate a typo most likely meant: within a few edits, or differing only in a plural `s` or case. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 4));
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

function pickStrings(v: Partial<ResourceValues> | undefined): Partial<ResourceValues> {
  const out: Partial<ResourceValues> = {};
  if (typeof v?.cpu === 'string') out.cpu = v.cpu;
  if (typeof v?.memory === 'string') out.memory = v.memory;
  return out;
}

function findKey(container: unknown, key: string): Node | undefined {
  if (!isMap(container)) return undefined;
  for (const pair of container.items) if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
  return undefined;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Finds the nearest config file above `filePath` and caches parsed results by path and mtime. */
export class ConfigResolver {
  private cache = new Map<string, { mtimeMs: number; config: ResolvedConfig }>();
  private dirCache = new Map<string, string | null>();

  constructor(private readonly knownRuleIds: ReadonlySet<string>, private readonly explicitPath?: string) {}

  forFile(filePath: string): ResolvedConfig {
    const configPath = this.explicitPath ?? this.findConfigFile(path.dirname(path.resolve(filePath)));
    if (!configPath) return defaultConfig();
    return this.load(configPath);
  }

  load(configPath: string): ResolvedConfig {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(configPath);
    } catch {
      const c = defaultConfig();
      c.problems.push({ file: configPath, message: `Configuration file '${configPath}' cannot be read.`, range: zeroRange() });
      return c;
    }
    const cached = this.cache.get(configPath);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached.config;
    const read = readBounded(configPath, MAX_CONFIG_BYTES);
    if (!('bytes' in read)) {
      const c = defaultConfig();
      c.path = configPath;
      c.problems.push({ file: configPath, message: `Configuration file '${configPath}' was not read: ${read.message}. The defaults are used.`, range: zeroRange() });
      return c;
    }
    const config = parseConfig(decodeUtf8(read.bytes).text, configPath, this.knownRuleIds);
    this.cache.set(configPath, { mtimeMs: stat.mtimeMs, config });
    return config;
  }

  /** Forget cached lookups (config files created, changed or deleted). */
  clear(): void {
    this.cache.clear();
    this.dirCache.clear();
  }

  private findConfigFile(dir: string): string | undefined {
    const seen: string[] = [];
    let current = dir;
    let found: string | null | undefined;
    for (;;) {
      found = this.dirCache.get(current);
      if (found !== undefined) break;
      seen.push(current);
      const hit = CONFIG_FILE_NAMES.map((n) => path.join(current, n)).find((p) => fs.existsSync(p));
      if (hit) {
        found = hit;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) {
        found = null;
        break;
      }
      current = parent;
    }
    for (const d of seen) this.dirCache.set(d, found);
    return found ?? undefined;
  }
}

export function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** True when the image (`registry/repo[:tag]`) matches one of the allowed patterns. */
/** Compiled glob matchers by pattern: compiling one costs more than the lint rule that asks. */
const matchers = new Map<string, (s: string) => boolean>();

function matcher(pattern: string | string[]): (s: string) => boolean {
  const key = Array.isArray(pattern) ? pattern.join('\u0000') : pattern;
  let m = matchers.get(key);
  if (!m) {
    if (matchers.size >= 1000) matchers.clear();
    m = picomatch(pattern, { dot: true });
    matchers.set(key, m);
  }
  return m;
}

export function isAllowedRuntimeImage(ref: { registry: string; repository: string; tag?: string }, patterns: string[]): boolean {
  const repo = ref.registry === 'docker.io' ? ref.repository : `${ref.registry}/${ref.repository}`;
  const full = ref.tag ? `${repo}:${ref.tag}` : repo;
  return patterns.some((pattern) => {
    const hasTag = /:[^/]*$/.test(pattern);
    return matcher(pattern)(hasTag ? full : repo);
  });
}

export function isIgnoredByConfig(filePath: string, config: ResolvedConfig): boolean {
  if (config.ignore.length === 0) return false;
  return matcher(config.ignore)(toPosix(path.resolve(filePath)));
}
