import type { Position } from 'vscode-languageserver/node';
import type { LineIndex } from '../engine/text';

/** Where the cursor is in a block-style YAML document, read from indentation (the text is often mid-edit and invalid). */
export interface YamlCursorContext {
  /** Keys from the document root to the mapping the cursor is in; `-` for a sequence item. */
  path: string[];
  /** Column where a key typed here starts. */
  indent: number;
  /** The partial key typed before the cursor on this line. */
  prefix: string;
  /** Keys already present in the mapping the cursor is in. */
  siblingKeys: Set<string>;
  /** Lines of the mapping the cursor is in (first and last, inclusive). */
  blockStart: number;
  blockEnd: number;
}

const KEY = /^([A-Za-z_$][\w.$/-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;
const DASH = /^-(?:\s+|$)/;
const SEPARATOR = /^(---|\.\.\.)(\s|$)/;

interface LineShape {
  indent: number;
  /** Column of the content after a leading `- `. */
  contentCol: number;
  isItem: boolean;
  key?: string;
  blank: boolean;
  separator: boolean;
}

function shapeOf(text: string): LineShape {
  const trimmed = text.trimStart();
  const indent = text.length - trimmed.length;
  const blank = trimmed === '' || trimmed.startsWith('#');
  const dash = DASH.exec(trimmed);
  const content = dash ? trimmed.slice(dash[0].length) : trimmed;
  const key = KEY.exec(content)?.[1].replace(/^["']|["']$/g, '');
  return { indent, contentCol: indent + (dash ? dash[0].length : 0), isItem: !!dash, key, blank, separator: SEPARATOR.test(trimmed) };
}

/** Undefined when the cursor is not where a mapping key can be typed. */
export function yamlCursorContext(index: LineIndex, position: Position): YamlCursorContext | undefined {
  const before = index.lineText(position.line).slice(0, position.character);
  const m = /^(\s*)(-\s+)?([\w-]*)$/.exec(before);
  if (!m) return undefined;
  const indent = m[1].length + (m[2]?.length ?? 0);
  const path: string[] = [];
  // Walking up: either inside a mapping whose keys sit at `col`, or inside a sequence item whose dash sits at `col`.
  let inItem = !!m[2];
  let col = inItem ? m[1].length : indent;
  if (inItem) path.unshift('-');
  for (let line = position.line - 1; line >= 0; line--) {
    const s = shapeOf(index.lineText(line));
    if (s.blank) continue;
    if (s.separator) break;
    if (!inItem) {
      if (s.isItem && s.contentCol === col && s.indent < col) {
        path.unshift('-');
        inItem = true;
        col = s.indent;
        continue;
      }
      if (s.indent >= col) continue;
      if (s.key !== undefined && s.contentCol < col) {
        path.unshift(s.key);
        if (s.isItem) {
          path.unshift('-');
          inItem = true;
          col = s.indent;
        } else col = s.contentCol;
        continue;
      }
      break;
    }
    if (s.indent > col || (s.indent === col && s.isItem)) continue;
    if (s.key === undefined) break;
    // The key owning the sequence: indented above it, or at the dash column (a flush sequence).
    path.unshift(s.key);
    if (s.isItem) {
      path.unshift('-');
      col = s.indent;
    } else {
      inItem = false;
      col = s.indent;
    }
  }
  const block = mappingAround(index, position.line, indent);
  return { path, indent, prefix: m[3], ...block };
}

/** The mapping whose keys sit at `indent` around `line`: its keys and line span. */
function mappingAround(index: LineIndex, line: number, indent: number): { siblingKeys: Set<string>; blockStart: number; blockEnd: number } {
  const siblingKeys = new Set<string>();
  let blockStart = line;
  for (let l = line - 1; l >= 0; l--) {
    const s = shapeOf(index.lineText(l));
    if (s.blank) continue;
    if (s.separator) break;
    if (s.isItem && s.contentCol === indent && s.indent < indent) {
      // The item line that opens this mapping.
      if (s.key !== undefined) siblingKeys.add(s.key);
      blockStart = l;
      break;
    }
    if (s.indent < indent || (s.indent === indent && s.isItem)) break;
    if (s.indent === indent && s.key !== undefined) siblingKeys.add(s.key);
    blockStart = l;
  }
  let blockEnd = line;
  for (let l = line + 1; l < index.lineCount; l++) {
    const s = shapeOf(index.lineText(l));
    if (s.blank) continue;
    if (s.separator || s.indent < indent || (s.indent === indent && s.isItem)) break;
    if (s.indent === indent && s.key !== undefined) siblingKeys.add(s.key);
    blockEnd = l;
  }
  return { siblingKeys, blockStart, blockEnd };
}

export function isContainerContext(ctx: YamlCursorContext): boolean {
  const n = ctx.path.length;
  return n >= 2 && ctx.path[n - 1] === '-' && (ctx.path[n - 2] === 'containers' || ctx.path[n - 2] === 'initContainers');
}

export function isComposeServiceContext(ctx: YamlCursorContext): boolean {
  return ctx.path.length === 2 && ctx.path[0] === 'services';
}
