import type { Range } from '../types';
import { LineIndex } from '../text';

/** The directives of go.mod the service rules read, with ranges. */
export interface GoModFile {
  path: string;
  text: string;
  index: LineIndex;
  /** `module` path, unquoted. */
  module?: string;
  moduleRange?: Range;
  /** The `go` directive's version (`1.24`, `1.24.3`). */
  goVersion?: string;
  goVersionRange?: Range;
  /** Where findings about the service as a whole attach: the `module` directive, else line 1. */
  anchor: Range;
}

/**
 * Reads go.mod's `module` and `go` directives. go.mod is line-oriented (`//` comments, optional
 * quotes); blocks such as `require (…)` are skipped.
 */
export function parseGoMod(path: string, text: string): GoModFile {
  const index = new LineIndex(text);
  const file: GoModFile = { path, text, index, anchor: index.lineRange(0) };
  let inBlock = false;
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const comment = raw.indexOf('//');
    const content = comment === -1 ? raw : raw.slice(0, comment);
    const trimmed = content.trim();
    if (inBlock) {
      if (trimmed.startsWith(')')) inBlock = false;
      continue;
    }
    if (/\($/.test(trimmed)) {
      inBlock = true;
      continue;
    }
    const m = /^(module|go)\s+(\S+)/.exec(trimmed);
    if (!m) continue;
    const valueStart = content.indexOf(m[2], content.indexOf(m[1]) + m[1].length);
    const range: Range = { start: { line, character: valueStart }, end: { line, character: valueStart + m[2].length } };
    const value = m[2].replace(/^"(.*)"$/, '$1');
    if (m[1] === 'module' && file.module === undefined) {
      file.module = value;
      file.moduleRange = range;
      file.anchor = { start: { line, character: content.indexOf('module') }, end: range.end };
    } else if (m[1] === 'go' && file.goVersion === undefined) {
      file.goVersion = value;
      file.goVersionRange = range;
    }
  }
  return file;
}
