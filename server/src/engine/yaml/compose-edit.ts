// Text edits for compose fixes that keep the file's own YAML style: indentation width, sequence
// indentation, block or flow collections, quoting, comments and line endings (applyEdits maps \n).
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../types';
import { offsetToPosition, type YamlFile } from './document';
import { dashColumn, type ComposeStyle } from './compose';

/** A value to insert: a scalar as written, a list of scalars, or an ordered map. */
export type InsertValue = { scalar: string } | { list: string[] } | { map: [string, InsertValue][] };

/** Adds `key: value` as the last entry of a map, in the map's style; undefined when no safe place exists. */
export function insertIntoMap(file: YamlFile, style: ComposeStyle, map: YAMLMap<Node, Node>, key: string, value: InsertValue): TextEdit | undefined {
  if (map.flow) return insertIntoFlow(file, map as unknown as Node, '}', `${key}: ${renderFlow(value)}`);
  const first = map.items[0]?.key as Node | null | undefined;
  if (!first?.range) return undefined;
  const indent = column(file, first.range[0]);
  const at = endOfLastLine(file, map as unknown as Node);
  if (at === undefined) return undefined;
  const lines = renderBlock(key, value, indent, style);
  return insertAt(file, at, '\n' + lines.join('\n'));
}

/** Appends an item (already quoted as needed) to a sequence, in its style. */
export function appendToSequence(file: YamlFile, seq: YAMLSeq<unknown>, itemText: string): TextEdit | undefined {
  if (seq.flow) return insertIntoFlow(file, seq as unknown as Node, ']', itemText);
  const first = seq.items[0] as Node | undefined;
  if (!first?.range) return undefined;
  const dash = dashColumn(file.text, first.range[0]);
  const at = endOfLastLine(file, seq as unknown as Node);
  if (dash === undefined || at === undefined) return undefined;
  return insertAt(file, at, `\n${' '.repeat(dash)}- ${itemText}`);
}

/** Replaces a node's text (quotes included). */
export function replaceNode(file: YamlFile, node: Node, newText: string): TextEdit {
  const [s, e] = node.range ?? [0, 0];
  return { range: { start: offsetToPosition(file.lineCounter, s), end: offsetToPosition(file.lineCounter, e) }, newText };
}

/** Quotes `text` the way `sample` is quoted (double, single or plain). */
export function quoteLike(sample: Scalar | undefined, text: string): string {
  if (sample?.type === 'QUOTE_DOUBLE') return JSON.stringify(text);
  if (sample?.type === 'QUOTE_SINGLE') return `'${text.replace(/'/g, "''")}'`;
  return text;
}

export function renderFlow(value: InsertValue): string {
  if ('scalar' in value) return value.scalar;
  if ('list' in value) return `[${value.list.join(', ')}]`;
  return `{${value.map.map(([k, v]) => `${k}: ${renderFlow(v)}`).join(', ')}}`;
}

function renderBlock(key: string, value: InsertValue, indent: number, style: ComposeStyle): string[] {
  const pad = ' '.repeat(indent);
  if ('scalar' in value) return [`${pad}${key}: ${value.scalar}`];
  if ('list' in value) return [`${pad}${key}:`, ...value.list.map((item) => `${' '.repeat(indent + style.sequenceIndent)}- ${item}`)];
  return [`${pad}${key}:`, ...value.map.flatMap(([k, v]) => renderBlock(k, v, indent + style.indentStep, style))];
}

function insertIntoFlow(file: YamlFile, node: Node, closer: string, entry: string): TextEdit | undefined {
  const end = node.range?.[1];
  if (end === undefined || file.text[end - 1] !== closer) return undefined;
  let i = end - 2;
  while (i >= 0 && /\s/.test(file.text[i])) i--;
  const prev = file.text[i];
  const text = prev === '{' || prev === '[' ? entry : prev === ',' ? ` ${entry}` : `, ${entry}`;
  return insertAt(file, i + 1, text);
}

function insertAt(file: YamlFile, offset: number, newText: string): TextEdit {
  const p = offsetToPosition(file.lineCounter, offset);
  return { range: { start: p, end: p }, newText };
}

function column(file: YamlFile, offset: number): number {
  return offsetToPosition(file.lineCounter, offset).character;
}

/**
 * End (before the line break) of the last line holding the collection's content: trailing
 * comments and blank lines after it stay below the insertion. Undefined when the last value is a
 * block scalar that keeps its trailing blank lines (`|+`), where no line end is safe.
 */
function endOfLastLine(file: YamlFile, node: Node): number | undefined {
  const last = lastContentNode(node);
  if (!last?.range) return undefined;
  if (isScalar(last) && (last.type === 'BLOCK_LITERAL' || last.type === 'BLOCK_FOLDED')) {
    const header = file.text.slice(last.range[0], file.text.indexOf('\n', last.range[0]));
    if (/^[|>][1-9]?\+/.test(header)) return undefined;
  }
  let i = last.range[1] - 1;
  while (i > last.range[0] && /\s/.test(file.text[i])) i--;
  const lineBreak = file.text.indexOf('\n', i);
  const lineEnd = lineBreak === -1 ? file.text.length : lineBreak;
  return file.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

function lastContentNode(node: Node | null | undefined): Node | undefined {
  if (!node) return undefined;
  if (isMap(node) && !node.flow && node.items.length > 0) {
    const pair = node.items[node.items.length - 1];
    const value = pair.value as Node | null;
    const hasValue = value && !(isScalar(value) && value.value === null && value.range && value.range[0] === value.range[1]);
    return hasValue ? lastContentNode(value) : (pair.key as Node);
  }
  if (isSeq(node) && !node.flow && node.items.length > 0) return lastContentNode(node.items[node.items.length - 1] as Node);
  return node;
}
