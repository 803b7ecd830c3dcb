import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Range, TextEdit } from '../types';
import { LineIndex } from '../text';
import { findPair, mergeSources, resolveNode, type YamlFile } from './document';
import { flowEntries, isCollectionValue, isPlainObject, quoteLike, renderBlockEntries, renderBlockSeqItem, renderBlockValue, renderFlow, renderScalar, type YamlValue } from './render';

/**
 * Text edits on a parsed YAML file that keep what the user wrote: comments, key order, quoting,
 * the file's indentation width, its sequence style (`- item` flush under the key or indented)
 * and, through `applyEdits`, its line endings. New content is rendered in the style of the
 * collection it goes into (block or flow); nothing is re-serialized with `toString()`.
 *
 * Typical use (a quick fix that adds what is missing and leaves the rest alone):
 *
 *   const editor = new YamlEditor(file);
 *   const edits = editor.merge(doc, containerMap, { securityContext: { readOnlyRootFilesystem: true } });
 *
 * Offsets are UTF-16 indices into `file.text`; ranges are zero-based like the rest of the engine.
 */

/** Where a new key goes in a map: right after or right before an existing key. */
export type Placement = { after: string } | { before: string };

/** Chooses the placements of a new `key` in `map`, the map at `path` (keys from the merge root). */
export type PlacementOf = (path: readonly string[], key: string, map: YAMLMap) => Placement[];

export class YamlEditor {
  readonly index: LineIndex;
  /** Columns a nested block map is indented by, most common in the file (2 when unknown). */
  readonly indentUnit: number;
  /** Columns between a key and the `-` of its block sequence (0 = flush), most common in the file. */
  readonly seqIndent: number;
  private readonly docStyles: { start: number; end: number; indentUnit?: number; seqIndent?: number }[] = [];

  constructor(readonly file: YamlFile) {
    this.index = new LineIndex(file.text);
    const fileUnits = new Map<number, number>();
    const fileSeq = new Map<number, number>();
    const count = (m: Map<number, number>, v: number) => m.set(v, (m.get(v) ?? 0) + 1);
    for (const doc of file.docs) {
      const units = new Map<number, number>();
      const seqs = new Map<number, number>();
      visit(doc, {
        Pair: (_key, pair) => {
          if (!isScalar(pair.key) || !pair.key.range) return;
          const keyCol = this.column(this.keyStart(pair.key));
          const keyLine = this.lineOf(pair.key.range[0]);
          const value = pair.value;
          if (isMap(value) && !value.flow && value.items.length > 0) {
            const first = value.items[0].key as Node | null;
            if (first?.range && this.lineOf(first.range[0]) > keyLine) {
              const d = this.column(this.keyStart(first)) - keyCol;
              if (d > 0) [units, fileUnits].forEach((m) => count(m, d));
            }
          } else if (isSeq(value) && !value.flow) {
            for (const item of value.items) {
              const dash = this.dashOffset(item as Node);
              if (dash === undefined) continue;
              const d = this.column(dash) - keyCol;
              if (this.lineOf(dash) > keyLine && d >= 0) [seqs, fileSeq].forEach((m) => count(m, d));
              break;
            }
          }
        },
      });
      if (doc.range) {
        this.docStyles.push({
          start: doc.range[0],
          end: doc.range[2],
          indentUnit: units.size ? mostCommon(units, 2) : undefined,
          seqIndent: seqs.size ? mostCommon(seqs, 0) : undefined,
        });
      }
    }
    this.indentUnit = mostCommon(fileUnits, 2);
    this.seqIndent = mostCommon(fileSeq, 0);
  }

  /** The indentation width of the document around `offset` (the file's when that document has no nested block map). */
  indentUnitAt(offset: number): number {
    return this.docStyleAt(offset)?.indentUnit ?? this.indentUnit;
  }

  /** The sequence indentation of the document around `offset` (the file's when that document has no block sequence under a key). */
  seqIndentAt(offset: number): number {
    return this.docStyleAt(offset)?.seqIndent ?? this.seqIndent;
  }

  private docStyleAt(offset: number) {
    return this.docStyles.find((s) => offset >= s.start && offset < s.end) ?? this.docStyles.find((s) => offset === s.end);
  }

  /**
   * Where a key's text starts: before its tag, its anchor and the `?` of an explicit key on the
   * same line (`? a`, `!!str image:`, `&x image:`). The parser's range starts at the key's own
   * text, and entries lined up with that were over-indented: YAML that no longer parsed.
   */
  keyStart(key: Node): number {
    const text = this.file.text;
    let start = key.range![0];
    const lineStart = this.index.lineStarts[this.lineOf(start)];
    for (;;) {
      let end = start;
      while (end > lineStart && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      let begin = end;
      while (begin > lineStart && text[begin - 1] !== ' ' && text[begin - 1] !== '\t') begin--;
      const token = text.slice(begin, end);
      // A comma ends a flow entry: `{a: !x, b: 1}` gives `b` no tag.
      if (begin === end || token.includes(',') || !(token === '?' || token.startsWith('!') || token.startsWith('&'))) return start;
      start = begin;
    }
  }

  column(offset: number): number {
    return this.index.positionAt(offset).character;
  }

  lineOf(offset: number): number {
    return this.index.positionAt(offset).line;
  }

  /** The node's range without trailing comments or blank lines. */
  rangeOf(node: Node | null | undefined): Range {
    if (!node?.range) return this.index.rangeOf(0, 0);
    return this.index.rangeOf(node.range[0], Math.max(node.range[0], this.contentEnd(node)));
  }

  /** From the start of `pair`'s key to the end of its value: the `key: value` entry. */
  pairRange(pair: Pair): Range {
    const key = pair.key as Node | null;
    const start = key?.range?.[0] ?? 0;
    return this.index.rangeOf(start, Math.max(start, this.pairEnd(pair)));
  }

  /** Offset just after the last character of the node's own content (no trailing comments). */
  contentEnd(node: unknown): number {
    if (isPair(node)) return this.pairEnd(node);
    if (isCollection(node) && !node.flow) {
      const last = node.items[node.items.length - 1];
      if (last !== undefined) return this.contentEnd(last);
    }
    const range = (node as Node | null)?.range;
    if (!range) return 0;
    let end = range[1];
    if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
      while (end > range[0] && /\s/.test(this.file.text[end - 1])) end--;
    }
    return end;
  }

  /** Replaces a scalar, keeping its quotes when both old and new values are strings. */
  replaceScalar(node: Scalar, value: string | number | boolean): TextEdit {
    const [start] = node.range!;
    const end = this.contentEnd(node);
    let text = renderScalar(value);
    if (typeof value === 'string' && typeof node.value === 'string') {
      if (node.type === 'QUOTE_DOUBLE') text = JSON.stringify(value);
      else if (node.type === 'QUOTE_SINGLE') text = `'${value.replace(/'/g, "''")}'`;
    }
    return { range: this.index.rangeOf(start, end), newText: text };
  }

  /** Replaces any node's text with `value`, rendered inline (flow style). */
  replaceNodeInline(node: Node, value: YamlValue): TextEdit {
    return { range: this.index.rangeOf(node.range![0], this.contentEnd(node)), newText: renderFlow(value) };
  }

  /**
   * Inserts `entries` (keys the map does not have) into a block or flow map, at the first
   * placement whose key exists in the map, else after its last entry.
   */
  insertPairs(map: YAMLMap, entries: Record<string, YamlValue>, placements: Placement[] = []): TextEdit {
    if (map.flow) return this.insertIntoFlowMap(map, entries, placements);
    const column = this.column(this.keyStart(map.items[0].key as Node));
    const seqIndent = this.seqIndentOfMap(map);
    for (const placement of placements) {
      const anchorKey = 'after' in placement ? placement.after : placement.before;
      const pair = ownPair(map, anchorKey);
      if (!pair) continue;
      if ('after' in placement) return this.insertAfterLine(this.pairEnd(pair), column, entries, seqIndent);
      return this.insertBeforeKey(pair.key as Node, column, entries, seqIndent);
    }
    return this.insertAfterLine(this.pairEnd(map.items[map.items.length - 1]), column, entries, seqIndent);
  }

  /**
   * The sequence style of a block map's own block sequences (`add:` beside a new `drop:`), most
   * common first; undefined when it has none, so the document's style applies.
   */
  seqIndentOfMap(map: YAMLMap): number | undefined {
    const counts = new Map<number, number>();
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || !key.range || !isSeq(pair.value) || pair.value.flow) continue;
      const dash = this.dashOffset(pair.value.items[0] as Node);
      if (dash === undefined || this.lineOf(dash) <= this.lineOf(key.range[0])) continue;
      const d = this.column(dash) - this.column(this.keyStart(key));
      if (d >= 0) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    return counts.size ? mostCommon(counts, 0) : undefined;
  }

  /**
   * Replaces `pair` (`key: value`, comments inside the value included) by `entries`, in place:
   * the first entry takes the pair's position, others follow at the same column.
   */
  replacePair(map: YAMLMap, pair: Pair, entries: Record<string, YamlValue>): TextEdit {
    const key = pair.key as Node;
    const start = this.keyStart(key);
    const end = this.pairEnd(pair);
    const range = this.index.rangeOf(start, end);
    if (map.flow) return { range, newText: flowEntries(entries) };
    const column = this.column(start);
    const text = renderBlockEntries(entries, column, this.indentUnitAt(start), this.seqIndentOfMap(map) ?? this.seqIndentAt(start));
    return this.keepTrailingComment(start, end, text.slice(column));
  }

  /** Replaces [start, end) by multi-line text, moving a comment that followed `end` on its line to the first new line. */
  private keepTrailingComment(start: number, end: number, newText: string): TextEdit {
    const lineEnd = this.index.lineEnd(this.lineOf(end));
    const rest = this.file.text.slice(end, lineEnd);
    const nl = newText.indexOf('\n');
    if (nl === -1 || !/^\s+#/.test(rest)) return { range: this.index.rangeOf(start, end), newText };
    return { range: this.index.rangeOf(start, lineEnd), newText: newText.slice(0, nl) + rest + newText.slice(nl) };
  }

  /** Appends items at the end of a block or flow sequence; string items are quoted like the last item. */
  appendToSeq(seq: YAMLSeq, items: YamlValue[]): TextEdit {
    const lastItem = seq.items[seq.items.length - 1] as Node | undefined;
    const quote = isScalar(lastItem) && typeof lastItem.value === 'string' ? lastItem.type : undefined;
    const render = (item: YamlValue) => (typeof item === 'string' ? quoteLike(item, quote) : renderFlow(item));
    if (seq.flow || seq.items.length === 0) {
      const at = lastItem ? this.contentEnd(lastItem) : seq.range![1] - 1;
      const text = items.map(render).join(', ');
      return { range: this.index.rangeOf(at, at), newText: lastItem ? `, ${text}` : text };
    }
    const dash = this.dashOffset(seq.items[0] as Node) ?? seq.range![0];
    const dashColumn = this.column(dash);
    const at = this.index.lineEnd(this.lineOf(this.contentEnd(seq)));
    const lines = items.map((item) =>
      typeof item === 'string' ? `${' '.repeat(dashColumn)}- ${render(item)}` : renderBlockSeqItem(item, dashColumn, this.indentUnitAt(dash), this.seqIndentAt(dash)),
    );
    return { range: this.index.rangeOf(at, at), newText: '\n' + lines.join('\n') };
  }

  /**
   * Gives an empty value (`key:`, `key: ~`, `key: {}`, `key: []`) a value. A collection in block
   * context becomes a block under the key; in a flow map (`inFlow`) it is written inline.
   */
  fillEmpty(pair: Pair, value: YamlValue, inFlow = false): TextEdit {
    const key = pair.key as Node;
    const colon = this.file.text.indexOf(':', key.range![1]);
    const valueNode = pair.value as Node | null;
    // An implicit null has no text of its own (its range may even sit past a comment): replace nothing.
    const written = valueNode?.range && this.file.text.slice(valueNode.range[0], valueNode.range[1]).trim() !== '';
    const end = written ? Math.max(colon + 1, this.contentEnd(valueNode)) : colon + 1;
    const range = this.index.rangeOf(colon + 1, end);
    if (inFlow || !isCollectionValue(value)) return { range, newText: ' ' + renderFlow(value) };
    const column = this.column(this.keyStart(key));
    return this.keepTrailingComment(colon + 1, end, renderBlockValue(value, column, this.indentUnitAt(key.range![0]), this.seqIndentAt(key.range![0])));
  }

  /**
   * Adds what `patch` has and `map` lacks, recursively: missing keys are inserted (all missing
   * keys of one map in one place, in the patch's order), existing maps are descended into,
   * existing scalars are kept. Empty values (`key:`, `key: {}`) are filled. Aliases and merge
   * keys are followed, so a value inherited from an anchor is edited where it is written.
   */
  merge(doc: Document.Parsed, map: YAMLMap, patch: Record<string, YamlValue>, placementOf: PlacementOf = () => [], path: string[] = []): TextEdit[] {
    const edits: TextEdit[] = [];
    const missing: Record<string, YamlValue> = {};
    let firstMissing: string | undefined;
    for (const [key, value] of Object.entries(patch)) {
      const found = findPair(map, key, doc);
      if (!found) {
        missing[key] = value;
        firstMissing ??= key;
        continue;
      }
      const { pair, owner } = found;
      const existing = resolveNode(pair.value, doc);
      if (isPlainObject(value) && isMap(existing) && existing.items.length > 0) {
        edits.push(...this.merge(doc, existing, value, placementOf, [...path, key]));
      } else if (isEmptyValue(existing) && !isAlias(pair.value)) {
        edits.push(this.fillEmpty(pair, value, !!owner.flow));
      }
    }
    if (firstMissing === undefined) return edits;
    // A map that inherits through `<<: *base` gets what is missing where it inherits from, so
    // every map sharing that base is fixed by one edit (and no key is written twice).
    const base = firstMergeSource(map, doc);
    if (base) edits.push(...this.merge(doc, base, missing, placementOf, path));
    else edits.push(this.insertPairs(map, missing, placementOf(path, firstMissing, map)));
    return edits;
  }

  /** Offset of the `-` that introduces a block sequence item (anchors and tags between them skipped). */
  dashOffset(item: Node | null | undefined): number | undefined {
    const start = item?.range?.[0];
    if (start === undefined) return undefined;
    const text = this.file.text;
    let i = start - 1;
    for (let tokens = 0; tokens < 4; tokens++) {
      while (i >= 0 && /\s/.test(text[i])) i--;
      if (i < 0) return undefined;
      if (text[i] === '-' && (i === 0 || /\s/.test(text[i - 1]))) return i;
      let j = i;
      while (j >= 0 && !/\s/.test(text[j])) j--;
      if (text[j + 1] !== '&' && text[j + 1] !== '!') return undefined;
      i = j;
    }
    return undefined;
  }

  private pairEnd(pair: Pair): number {
    const keyEnd = (pair.key as Node | null)?.range?.[1] ?? 0;
    const value = pair.value as Node | null;
    if (!value?.range) return keyEnd;
    return Math.max(keyEnd, this.contentEnd(value));
  }

  /** New entries on the lines after the one where `offset` is (after any trailing comment). */
  private insertAfterLine(offset: number, column: number, entries: Record<string, YamlValue>, seqIndent?: number): TextEdit {
    const at = this.index.lineEnd(this.lineOf(offset));
    const text = renderBlockEntries(entries, column, this.indentUnitAt(offset), seqIndent ?? this.seqIndentAt(offset));
    return { range: this.index.rangeOf(at, at), newText: '\n' + text };
  }

  /** New entries just above `key`, and above the comment lines that introduce it. */
  private insertBeforeKey(key: Node, column: number, entries: Record<string, YamlValue>, seqIndent?: number): TextEdit {
    const start = this.keyStart(key);
    const line = this.lineOf(start);
    const lineStart = this.index.lineStarts[line];
    const text = renderBlockEntries(entries, column, this.indentUnitAt(start), seqIndent ?? this.seqIndentAt(start));
    if (this.file.text.slice(lineStart, start).trim() !== '') {
      // The key shares its line with a `- ` or a parent key: insert at the key itself.
      return { range: this.index.rangeOf(start, start), newText: text.slice(column) + '\n' + ' '.repeat(column) };
    }
    let first = line;
    while (first > 0 && isCommentAt(this.index.lineText(first - 1), column)) first--;
    const at = this.index.lineStarts[first];
    return { range: this.index.rangeOf(at, at), newText: text + '\n' };
  }

  private insertIntoFlowMap(map: YAMLMap, entries: Record<string, YamlValue>, placements: Placement[]): TextEdit {
    const text = flowEntries(entries);
    for (const placement of placements) {
      const anchorKey = 'after' in placement ? placement.after : placement.before;
      const pair = ownPair(map, anchorKey);
      if (!pair) continue;
      if ('after' in placement) {
        const at = this.pairEnd(pair);
        return { range: this.index.rangeOf(at, at), newText: `, ${text}` };
      }
      const at = this.keyStart(pair.key as Node);
      return { range: this.index.rangeOf(at, at), newText: `${text}, ` };
    }
    const last = map.items[map.items.length - 1];
    if (!last) {
      const open = map.range![0] + 1;
      return { range: this.index.rangeOf(open, open), newText: text };
    }
    const at = this.pairEnd(last);
    return { range: this.index.rangeOf(at, at), newText: `, ${text}` };
  }
}

function mostCommon(counts: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function ownPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/** The first map merged into `map` (what `<<: *base` names), where keys it lacks are best added. */
function firstMergeSource(map: YAMLMap, doc: Document.Parsed): YAMLMap | undefined {
  return mergeSources(map, doc).find((source) => source !== map);
}

function isCommentAt(line: string, column: number): boolean {
  const trimmed = line.trimStart();
  return trimmed.startsWith('#') && line.length - trimmed.length === column;
}

/** `key:`, `key: ~`, `key: null`, `key: {}`, `key: []`: nothing worth keeping. */
export function isEmptyValue(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  if (isScalar(node)) return node.value === null || node.value === '' && node.type === 'PLAIN';
  if (isCollection(node)) return node.items.length === 0 && !!node.flow;
  return false;
}
