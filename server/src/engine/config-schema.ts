// A config file's shape: the JSON Schema validator (made on first use), schema errors turned into
// one readable problem per mistake with the near miss named, and the pattern check that keeps a
// workspace's imageTagPattern from hanging the linter.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isScalar, type Node } from 'yaml';
import schema from '../../../schemas/container-standard.schema.json';

let compiled: ValidateFunction | undefined;

/** The config schema's validator, made when the first config file is read: loading ajv and compiling the schema take ~90 ms, wasted where no config file exists. */
export function configValidator(): ValidateFunction {
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

export interface DescribedError {
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
