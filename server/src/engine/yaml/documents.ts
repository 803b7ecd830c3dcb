import type { Finding, Range, TextEdit } from '../types';
import type { LineIndex } from '../text';

/** One YAML document of a multi-document file: its text starts at the beginning of line `startLine`. */
export interface DocumentChunk {
  text: string;
  startLine: number;
}

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t]|$)/;

/**
 * Cuts a multi-document YAML text at its `---` / `...` marker lines (each `---` line starts the
 * document it opens). A marker at the start of a line always ends the previous document in YAML,
 * even inside a block scalar, and anchors never reach across documents, so each chunk can be
 * linted on its own. Undefined when the text has directives (`%YAML`), which apply across markers.
 */
export function splitDocuments(index: LineIndex): DocumentChunk[] | undefined {
  const chunks: DocumentChunk[] = [];
  let start = 0;
  for (let line = 0; line < index.lineCount; line++) {
    const text = index.lineText(line);
    if (text.startsWith('%')) return undefined;
    if (line > start && DOCUMENT_MARKER.test(text)) {
      chunks.push({ text: index.text.slice(index.lineStarts[start], index.lineStarts[line]), startLine: start });
      start = line;
    }
  }
  chunks.push({ text: index.text.slice(index.lineStarts[start]), startLine: start });
  return chunks;
}

function shiftRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

function shiftEdits(edits: TextEdit[], lines: number): TextEdit[] {
  return edits.map((e) => ({ ...e, range: shiftRange(e.range, lines) }));
}

/** A chunk's findings moved to the chunk's place in the whole file. */
export function shiftFindings(findings: Finding[], lines: number): Finding[] {
  if (lines === 0) return findings;
  return findings.map((f) => ({
    ...f,
    range: shiftRange(f.range, lines),
    ...(f.fix ? { fix: { ...f.fix, edits: shiftEdits(f.fix.edits, lines) } } : {}),
  }));
}

/**
 * Findings of documents by their text, per lint setting (config, path, rule filter): an edit
 * re-lints only the document it touches. Least recently used entries go first.
 */
export class ChunkCache {
  private readonly entries = new Map<string, Finding[]>();

  constructor(private readonly limit = 3000) {}

  get(key: string): Finding[] | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** The entry without marking it as recently used. */
  peek(key: string): Finding[] | undefined {
    return this.entries.get(key);
  }

  set(key: string, findings: Finding[]): void {
    this.entries.set(key, findings);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}
