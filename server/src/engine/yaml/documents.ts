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

/** What a cached finding costs in memory, roughly (message, ranges, fix edits), beside its document's text. */
const FINDING_COST = 400;

/**
 * Findings of documents by their text, per lint setting (config, path, rule filter): an edit
 * re-lints only the document it touches. Least recently used entries go first, once there are
 * `limit` entries or their keys (each a document's whole text) and findings come to `maxCost`
 * (in UTF-16 units and `FINDING_COST` per finding): every edit of a 350 KB document adds one, so an
 * entry count alone let a long edit session keep hundreds of megabytes of old versions.
 */
export class ChunkCache {
  private readonly entries = new Map<string, Finding[]>();
  private cost = 0;

  constructor(
    private readonly limit = 3000,
    private readonly maxCost = 16 * 1024 * 1024,
  ) {}

  /** The entries' estimated size (the tests read it). */
  get estimatedSize(): number {
    return this.cost;
  }

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
    const old = this.entries.get(key);
    if (old) {
      this.cost -= costOf(key, old);
      this.entries.delete(key);
    }
    this.entries.set(key, findings);
    this.cost += costOf(key, findings);
    // The newest entry stays even when it alone is over the budget: the next edit needs it.
    while (this.entries.size > 1 && (this.entries.size > this.limit || this.cost > this.maxCost)) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.entries.delete(oldestKey);
      this.cost -= costOf(oldestKey, oldest);
    }
  }
}

function costOf(key: string, findings: Finding[]): number {
  return key.length + findings.length * FINDING_COST;
}
