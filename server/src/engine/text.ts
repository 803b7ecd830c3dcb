import type { Position, Range, TextEdit } from './types';

/**
 * Offsets <-> positions for one immutable text. Lines end at \r\n, \n or a lone \r, as in LSP
 * (and so as dockerfile-ast and editors count them).
 */
export class LineIndex {
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    const re = /\r\n?|\n/g;
    for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  /** Offset of the end of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1];
    return this.text[next - 1] === '\n' && this.text[next - 2] === '\r' && next - 2 >= this.lineStarts[line] ? next - 2 : next - 1;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** The whole line's content (without its line break). */
  lineRange(line: number): Range {
    return this.rangeOf(this.lineStarts[line], this.lineEnd(line));
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A file's bytes as text: UTF-8 without its byte order mark. `exact` is false when the bytes are
 * not valid UTF-8: the text then holds replacement characters, and writing it back would change
 * bytes no fix touched (a Latin-1 comment, binary data), so callers must not write it.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string; bom: boolean; exact: boolean } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: strictUtf8.decode(body), bom, exact: true };
  } catch {
    return { text: lenientUtf8.decode(body), bom, exact: false };
  }
}

export function detectEol(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Orders strings by UTF-16 code units. For sorting rule ids and the like: `localeCompare` would
 * load ICU's collation data (~2 MB more resident memory in a server that never needed it).
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders file names as people read them, without ICU: case-insensitively (`compose.yaml` before
 * `Dockerfile`), a lowercase name before the same name capitalised (`makefile` before `Makefile`),
 * otherwise by code units, so punctuation orders as in ASCII (`api-v2`, `api.v3`, `api_v1`, where
 * `localeCompare` put `_` first). The CLI lists files, and the service checks read them, in this order.
 */
export function compareFileNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return compareCodeUnits(b, a);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * Applies edits that do not overlap; overlapping ones after the first are dropped and returned.
 * Inserted text has its line breaks converted to the document's own.
 */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; skipped: TextEdit[] } {
  const index = new LineIndex(text);
  const eol = detectEol(text);
  const withOffsets = edits.map((edit, order) => ({
    edit,
    order,
    start: index.offsetAt(edit.range.start),
    end: index.offsetAt(edit.range.end),
  }));
  withOffsets.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const skipped: TextEdit[] = [];
  let out = '';
  let cursor = 0;
  for (const e of withOffsets) {
    if (e.start < cursor) {
      skipped.push(e.edit);
      continue;
    }
    out += text.slice(cursor, e.start) + normalizeEol(e.edit.newText, eol);
    cursor = e.end;
  }
  out += text.slice(cursor);
  return { text: out, skipped };
}

export function normalizeEol(s: string, eol: string): string {
  return s.replace(/\r?\n/g, eol);
}

/** Maps UTF-8 byte offsets (as Go-derived parsers give them) to UTF-16 string indices. */
export function utf8ToUtf16Offsets(s: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return (b) => b;
  const map: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const code = s.codePointAt(i)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map.push(i);
    if (code >= 0x10000) i++;
  }
  return (b) => (b >= map.length ? s.length : map[b]);
}
