import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument, isMap, isScalar, type Node } from 'yaml';
import picomatch from 'picomatch';
import type { Range, ResolvedConfig, ResourceValues } from './types';
import { readBounded } from './files';
import { decodeUtf8 } from './text';
import { textLineCounter } from './yaml/document';
import { discoverOwnImages } from './own-images';
import { closest, configValidator, describeSchemaErrors, hasNestedRepeat } from './config-schema';

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
      if (severity === 'error' || severity === 'warning' || severity === 'info' || severity === 'hint' || severity === 'off') config.rules[id] = severity;
    }
  }
  if (Array.isArray(obj.allowedRuntimeImages) && obj.allowedRuntimeImages.every((s) => typeof s === 'string')) {
    config.allowedRuntimeImages = obj.allowedRuntimeImages as string[];
  }
  if (Array.isArray(obj.ownImages) && obj.ownImages.every((s) => typeof s === 'string')) {
    config.ownImages = (obj.ownImages as string[]).map((s) => s.trim()).filter(Boolean);
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
    const config = configPath ? this.load(configPath) : defaultConfig();
    if (config.ownImages) return config;
    // Not configured: the images this repository's Makefiles and workflows push are its own.
    return { ...config, ownImages: discoverOwnImages(filePath) };
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

/** True when the image (`registry/repo[:tag]`) matches one of the allowed patterns. */
export function isAllowedRuntimeImage(ref: { registry: string; repository: string; tag?: string }, patterns: string[]): boolean {
  const repo = ref.registry === 'docker.io' ? ref.repository : `${ref.registry}/${ref.repository}`;
  const full = ref.tag ? `${repo}:${ref.tag}` : repo;
  return patterns.some((pattern) => {
    const hasTag = /:[^/]*$/.test(pattern);
    return matcher(pattern)(hasTag ? full : repo);
  });
}

/** Whether an image (any tag) is one of the service's own (`ownImages` patterns, matched against registry/repository; a tag in a pattern is ignored). */
export function isOwnImage(ref: { registry: string; repository: string }, patterns: readonly string[] | undefined): boolean {
  if (!patterns?.length) return false;
  const names = ref.registry === 'docker.io' ? [ref.repository, `docker.io/${ref.repository}`] : [`${ref.registry}/${ref.repository}`];
  const stripped = patterns.map((p) => p.replace(/@.*$/, '').replace(/:[^/]*$/, '').toLowerCase());
  return names.some((n) => matcher(stripped)(n));
}

export function isIgnoredByConfig(filePath: string, config: ResolvedConfig): boolean {
  if (config.ignore.length === 0) return false;
  return matcher(config.ignore)(toPosix(path.resolve(filePath)));
}
