import { parseAllDocuments, LineCounter, isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../types';

/** Every document of a YAML file, parsed once, with a line counter for ranges. */
export interface YamlFile {
  text: string;
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  /** The first syntax error, if any document has one. */
  error?: { message: string; range: Range };
  /** Looks like an unrendered Helm/Go template (`{{ … }}` outside comments). */
  isTemplate: boolean;
}

const TEMPLATE = /^[^#\n]*\{\{[-\s]?[\s\S]*?\}\}/m;

export function parseYamlFile(text: string): YamlFile {
  const lineCounter = new LineCounter();
  const isTemplate = TEMPLATE.test(text);
  let docs: Document.Parsed[] = [];
  let error: YamlFile['error'];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true, strict: false });
    docs = Array.isArray(parsed) ? parsed : [];
    for (const doc of docs) {
      if (doc.errors.length === 0) continue;
      const err = doc.errors[0];
      const s = lineCounter.linePos(err.pos[0]);
      error = {
        message: err.message.split('\n')[0],
        range: { start: { line: s.line - 1, character: s.col - 1 }, end: { line: s.line - 1, character: s.col - 1 } },
      };
      break;
    }
  } catch (e) {
    error = { message: String((e as Error).message ?? e), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }
  return { text, docs, lineCounter, error, isTemplate };
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
  for (let i = 0; i < 16 && isAlias(n); i++) n = n.resolve(doc);
  return n;
}

/** A `<<` merge key (with `merge: true` the parser gives its value as a symbol). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.source === '<<'));
}

/** The pair for `key` in a map, merge keys (`<<: *base`) included; the map's own keys win. */
export function getPair(map: unknown, key: string, doc: Document.Parsed, seen: Set<unknown> = new Set()): Pair<Node, Node> | undefined {
  const m = resolveNode(map, doc);
  // `seen` stops a self-referencing anchor (`&a {<<: *a}`) from recursing forever.
  if (!isMap(m) || seen.has(m)) return undefined;
  seen.add(m);
  let merged: Pair<Node, Node> | undefined;
  for (const pair of (m as YAMLMap<Node, Node>).items) {
    const k = isMergeKey(pair.key) ? '<<' : isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (k === key) return pair;
    if (k === '<<' && !merged) {
      const sources = resolveNode(pair.value, doc);
      const list = isSeq(sources) ? sources.items : [sources];
      for (const src of list) {
        const found = getPair(src, key, doc, seen);
        if (found) {
          merged = found;
          break;
        }
      }
    }
  }
  return merged;
}

export function getValue(map: unknown, key: string, doc: Document.Parsed): unknown {
  const pair = getPair(map, key, doc);
  return pair ? resolveNode(pair.value, doc) : undefined;
}

/** A scalar's value as JS (string, number, boolean, null); undefined for collections or missing. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}
