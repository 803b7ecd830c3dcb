import { parseAllDocuments, LineCounter, isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { LintRequest, Range } from '../types';
import { LineIndex } from '../text';

/** Where a YAML file comes from, as the model builders read it: its path and the editor's language id. */
export type YamlOrigin = Pick<LintRequest, 'filePath' | 'languageId'>;

/** Every document of a YAML file, parsed once, with a line counter for ranges. */
export interface YamlFile {
  text: string;
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  /**
   * The first problem that makes the file unfit to check: a syntax error, a duplicate key, an
   * alias without an anchor, a control character. `message` says what; `range` is where.
   */
  error?: { message: string; range: Range };
  /** Plainly an unrendered Helm/Go template (see `looksLikeTemplate`): not worth a syntax error. */
  isTemplate: boolean;
}

const TEMPLATE_MARKER = /\{\{/g;
const HELM_ACTION = /\{\{-?\s*(?:[^}]*?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|(?:include|template|define|toYaml|tpl|required)\b)/;
/** YAML 1.2 printable characters are TAB, LF, CR, 0x20-0x7E, NEL, 0xA0 and up (minus surrogates, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/**
 * A LineCounter for the parser whose positions count lines as the engine, LSP and editors do: the
 * parser records line starts at LF only, so after a lone CR every range would be a line short.
 */
export function textLineCounter(text: string): LineCounter {
  const lineCounter = new LineCounter();
  const index = new LineIndex(text);
  lineCounter.linePos = (offset: number) => {
    const p = index.positionAt(offset);
    return { line: p.line + 1, col: p.character + 1 };
  };
  return lineCounter;
}

export function parseYamlFile(text: string): YamlFile {
  const lineCounter = textLineCounter(text);
  let docs: Document.Parsed[] = [];
  let error: YamlFile['error'];
  const at = (offset: number): Range => {
    const p = offsetToPosition(lineCounter, offset);
    return { start: p, end: p };
  };
  try {
    // Duplicate keys are found by `firstDuplicateKey`: the parser's own check is quadratic in a map's size.
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true, strict: false });
    docs = Array.isArray(parsed) ? parsed : [];
    const control = NON_PRINTABLE.exec(text);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      error = { message: `control character U+${code}, which YAML text cannot contain (is this a binary file?)`, range: at(control.index) };
    }
    for (const doc of error ? [] : docs) {
      // The earliest problem of the first document that has one.
      const problems: { offset: number; error: NonNullable<YamlFile['error']> }[] = [];
      const err = doc.errors[0];
      if (err) {
        const described = describeParseError(text, err.code, err.message.split('\n')[0], err.pos[0], lineCounter);
        problems.push({ offset: described.offset, error: described });
      }
      const { duplicate, alias } = keyAndAliasProblems(doc);
      if (duplicate) {
        const message = `duplicate key '${duplicate.key}' (YAML keys must be unique; Compose and kubectl reject the file)`;
        problems.push({ offset: duplicate.offset, error: { message, range: at(duplicate.offset) } });
      }
      if (alias) {
        const offset = alias.range?.[0] ?? 0;
        problems.push({ offset, error: { message: `alias '*${alias.source}' has no anchor '&${alias.source}' before it`, range: at(offset) } });
      }
      if (problems.length === 0) continue;
      problems.sort((a, b) => a.offset - b.offset);
      error = problems[0].error;
      break;
    }
  } catch (e) {
    error = { message: String((e as Error).message ?? e), range: at(0) };
  }
  return { text, docs, lineCounter, error, isTemplate: looksLikeTemplate(text, docs, !!error) };
}

/** The parser's error, pointed at its cause where the parser reports only where it gave up. */
function describeParseError(text: string, code: string, message: string, pos: number, lineCounter: LineCounter): { message: string; range: Range; offset: number } {
  const where = (offset: number) => {
    const p = offsetToPosition(lineCounter, offset);
    return { range: { start: p, end: p } };
  };
  const quote = /^Missing closing (["'])quote/.exec(message);
  const flow = /end with a ([}\]])$/.exec(message);
  const opener = quote ? text.lastIndexOf(quote[1], pos - 1) : flow ? unmatchedOpener(text, pos, flow[1] === '}' ? '{' : '[', flow[1]) : -1;
  if (opener >= 0) {
    const what = quote ? `the quoted string that starts here is never closed` : `the ${flow![1] === '}' ? 'flow map' : 'flow sequence'} that starts here is never closed`;
    return { message: `${what} (${message})`, range: where(opener).range, offset: opener };
  }
  return { message, range: where(pos).range, offset: pos };
}

function unmatchedOpener(text: string, pos: number, open: string, close: string): number {
  let depth = 0;
  for (let i = Math.min(pos, text.length) - 1; i >= 0; i--) {
    if (text[i] === close) depth++;
    else if (text[i] === open && depth-- === 0) return i;
  }
  return -1;
}

/**
 * In one walk of the document: the earliest key written twice in one map (merge keys aside), in
 * linear time, and the first alias that names no anchor before it.
 */
function keyAndAliasProblems(doc: Document.Parsed): { duplicate?: { key: string; offset: number }; alias?: Alias } {
  let duplicate: { key: string; offset: number } | undefined;
  let alias: Alias | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
        const key = String(pair.key.value);
        const offset = pair.key.range?.[0] ?? 0;
        if (!seen.has(key)) seen.add(key);
        else if (!duplicate || offset < duplicate.offset) duplicate = { key, offset };
      }
    },
    Alias(_, node) {
      if (!alias && resolveAlias(node, doc) === undefined) alias = node;
    },
  });
  return { duplicate, alias };
}

/**
 * Plainly an unrendered Helm/Go template: `{{` markers in a file that does not parse, or a
 * marker where YAML sees structure rather than text (`image: {{ .Values.image }}`), or a Helm
 * action (`.Values`, `include`, `toYaml`…) anywhere. Go-template text inside string values
 * (Prometheus `{{ $labels.instance }}`, `docker ps --format '{{.Names}}'`) does not count.
 */
export function looksLikeTemplate(text: string, docs: Document.Parsed[], hasError: boolean): boolean {
  const markers: number[] = [];
  for (const m of text.matchAll(TEMPLATE_MARKER)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (!/^\s*#/.test(text.slice(lineStart, m.index))) markers.push(m.index);
  }
  if (markers.length === 0) return false;
  if (hasError || markers.some((i) => HELM_ACTION.test(text.slice(i, i + 200)))) return true;
  const scalars: [number, number][] = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(_, node) {
        if (node.range) scalars.push([node.range[0], node.range[1]]);
      },
    });
  }
  scalars.sort((a, b) => a[0] - b[0]);
  const insideScalar = (offset: number) => {
    let lo = 0;
    let hi = scalars.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (scalars[mid][1] <= offset) lo = mid + 1;
      else if (scalars[mid][0] > offset) hi = mid - 1;
      else return true;
    }
    return false;
  };
  return markers.some((i) => !insideScalar(i));
}

export function offsetToPosition(lineCounter: LineCounter, offset: number): { line: number; character: number } {
  const p = lineCounter.linePos(offset);
  return { line: p.line - 1, character: p.col - 1 };
}

/** The range of a node's value (without trailing comments). */
export function nodeRange(file: YamlFile, node: Node | null | undefined): Range {
  const [s, e] = node?.range ?? [0, 0];
  return { start: offsetToPosition(file.lineCounter, s), end: offsetToPosition(file.lineCounter, e) };
}

/** Follows aliases to the node they name. */
export function resolveNode(node: unknown, doc: Document.Parsed): unknown {
  let n = node;
  for (let i = 0; i < 16 && isAlias(n); i++) n = resolveAlias(n, doc);
  return n;
}

const aliasTargets = new WeakMap<Document.Parsed, Map<Alias, Node | undefined>>();

/**
 * The node an alias names: the last node before it with that anchor (what `Alias.resolve` finds),
 * undefined when there is none. `Alias.resolve` walks the whole document on every call, so a file
 * of N aliases took N walks (20 KB of `key: *a` lines, 2 s); here one walk per document serves all.
 */
export function resolveAlias(alias: Alias, doc: Document.Parsed): Node | undefined {
  let targets = aliasTargets.get(doc);
  if (!targets) {
    const found = new Map<Alias, Node | undefined>();
    const latest = new Map<string, Node>();
    visit(doc, {
      Node(_, node) {
        if (isAlias(node)) found.set(node, latest.get(node.source));
        else if (node.anchor) latest.set(node.anchor, node);
      },
    });
    targets = found;
    aliasTargets.set(doc, targets);
  }
  // An alias the walk did not meet (not part of this document): the library's own search.
  return targets.has(alias) ? targets.get(alias) : alias.resolve(doc);
}

/** A `<<` merge key (with `merge: true` the parser gives its value as a symbol). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.source === '<<'));
}

/**
 * The maps a map merges in through its `<<` keys (`<<: *base`, `<<: [*a, *b]`), aliases followed,
 * in the order written: earlier sources win over later ones. Sources that are not maps add nothing.
 */
export function mergeSources(map: YAMLMap, doc: Document.Parsed): YAMLMap<Node, Node>[] {
  let sources: YAMLMap<Node, Node>[] | undefined;
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const value = resolveNode(pair.value, doc);
    for (const source of isSeq(value) ? value.items : [value]) {
      const m = resolveNode(source, doc);
      if (isMap(m)) (sources ??= []).push(m as YAMLMap<Node, Node>);
    }
  }
  return sources ?? NO_SOURCES;
}

const NO_SOURCES: YAMLMap<Node, Node>[] = [];

/** A pair found by key, with the map it is written in: the map itself, or a map merged into it. */
export interface FoundPair {
  pair: Pair<Node, Node>;
  owner: YAMLMap<Node, Node>;
}

/** The pair for `key` in a map, merge keys (`<<: *base`) included: the map's own keys win, then earlier merge sources. */
export function findPair(map: unknown, key: string, doc: Document.Parsed, seen: Set<unknown> = new Set()): FoundPair | undefined {
  const m = resolveNode(map, doc);
  // `seen` stops a self-referencing anchor (`&a {<<: *a}`) from recursing forever.
  if (!isMap(m) || seen.has(m)) return undefined;
  seen.add(m);
  const owner = m as YAMLMap<Node, Node>;
  let merges = false;
  for (const pair of owner.items) {
    if (isMergeKey(pair.key)) merges = true;
    else if (isScalar(pair.key) && String(pair.key.value) === key) return { pair, owner };
  }
  if (!merges) return undefined;
  for (const source of mergeSources(owner, doc)) {
    const found = findPair(source, key, doc, seen);
    if (found) return found;
  }
  return undefined;
}

/** The pair for `key` in a map, merge keys (`<<: *base`) included; the map's own keys win. */
export function getPair(map: unknown, key: string, doc: Document.Parsed): Pair<Node, Node> | undefined {
  return findPair(map, key, doc)?.pair;
}

/** A scalar as its source text (numbers and booleans as written: `true`, `0.5`, `1.0`); undefined for null, collections or missing. */
export function scalarSource(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.source === 'string' && node.type === 'PLAIN') return node.source;
  return String(node.value);
}

export function getValue(map: unknown, key: string, doc: Document.Parsed): unknown {
  const pair = getPair(map, key, doc);
  return pair ? resolveNode(pair.value, doc) : undefined;
}

/** A scalar's value as JS (string, number, boolean, null); undefined for collections or missing. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}
