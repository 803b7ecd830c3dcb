// Line-level text edits on a Dockerfile: remove instructions with their continuation lines
// and attached comments without leaving blank-line debris, replace them with comments, insert
// new instructions with the file's indentation and keyword case.
import type { Instruction } from 'dockerfile-ast';
import type { TextEdit } from '../types';
import type { LineIndex } from '../text';
import { declarationsOf, type DockerfileModel, type Stage } from './model';
import type { EditTarget } from './command-edits';
import { heredocsOf } from './ast';
import { singleVariable, splitWrittenImage } from './image';

/** First and last line of an instruction, continuation lines and heredoc bodies included. */
export function instructionLines(instruction: Instruction): { from: number; to: number } {
  const r = instruction.getRange();
  return { from: r.start.line, to: r.end.line };
}

/** Number of lines that hold text; a final line break does not start another line. */
function realLineCount(index: LineIndex): number {
  return index.text.endsWith('\n') ? index.lineCount - 1 : index.lineCount;
}

function isBlank(index: LineIndex, line: number): boolean {
  return line >= 0 && line < realLineCount(index) && index.lineText(line).trim() === '';
}

function isComment(index: LineIndex, line: number): boolean {
  return line >= 0 && line < realLineCount(index) && /^\s*#/.test(index.lineText(line));
}

/** The first line of the comment block written directly above `line` (no blank line between), or `line`. */
export function attachedCommentStart(index: LineIndex, line: number, floor = 0): number {
  let first = line;
  while (first - 1 >= floor && isComment(index, first - 1)) first--;
  return first;
}

/**
 * Edits that delete the given lines whole. Where a deletion would leave two blank lines
 * together (or a blank line at the end of the file, or right after a header line), one of them goes too.
 */
export function deleteLines(index: LineIndex, lines: Iterable<number>, headerLines: ReadonlySet<number> = new Set()): TextEdit[] {
  const doomed = new Set(lines);
  const total = realLineCount(index);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of runsOf(doomed)) {
      let p = a - 1;
      while (p >= 0 && doomed.has(p)) p--;
      let q = b + 1;
      while (q < total && doomed.has(q)) q++;
      // A header (a FROM line) whose group was removed should not end up followed by a blank line.
      const blankBefore = p < 0 || isBlank(index, p) || headerLines.has(p);
      if (!blankBefore) continue;
      if (q < total && isBlank(index, q)) {
        doomed.add(q);
        changed = true;
      } else if (q >= total && p >= 0 && isBlank(index, p)) {
        doomed.add(p);
        changed = true;
      }
      if (changed) break;
    }
  }
  const edits: TextEdit[] = [];
  for (const [a, b] of runsOf(doomed)) {
    if (b + 1 < index.lineCount) {
      edits.push({ range: index.rangeOf(index.lineStarts[a], index.lineStarts[b + 1]), newText: '' });
    } else {
      // The last line has no line break after it: take the one before it instead.
      const start = a > 0 ? index.lineEnd(a - 1) : 0;
      edits.push({ range: index.rangeOf(start, index.text.length), newText: '' });
    }
  }
  return edits;
}

function runsOf(lines: Set<number>): [number, number][] {
  const sorted = [...lines].sort((x, y) => x - y);
  const runs: [number, number][] = [];
  for (const l of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] + 1 === l) last[1] = l;
    else runs.push([l, l]);
  }
  return runs;
}

/**
 * Lines to delete to remove an instruction: its own lines, except comment lines inside it
 * (between continuation lines), which stay as plain comments: comments are never dropped.
 */
export function removableInstructionLines(index: LineIndex, instruction: Instruction): number[] {
  const { from, to } = instructionLines(instruction);
  const out: number[] = [];
  for (let l = from; l <= to; l++) if (l === from || !isComment(index, l)) out.push(l);
  return out;
}

/** Each line of `from..to` turned into a comment (lines that already are comments stay as they are), after `note` comment lines. */
export function commentOutLines(index: LineIndex, from: number, to: number, note: string[]): TextEdit {
  const indent = indentOf(index, from);
  const body: string[] = [];
  for (let l = from; l <= to; l++) {
    const text = index.lineText(l);
    if (l > from && isComment(index, l)) body.push(text);
    else body.push(text.trim() === '' ? `${indent}#` : `${indent}# ${text.slice(Math.min(indent.length, text.length - text.trimStart().length))}`);
  }
  return {
    range: index.rangeOf(index.lineStarts[from], index.lineEnd(to)),
    newText: [...note.flatMap((n) => commentLines(n, indent)), ...body].join('\n'),
  };
}

/** Inserted comments wrap at this column, like the rest of a hand-written Dockerfile (ux-review item 8). */
export const COMMENT_WIDTH = 100;

/** `# `-comment lines holding `text`, wrapped between words at `width` columns (a longer word gets its own line). */
export function commentLines(text: string, indent = '', width = COMMENT_WIDTH): string[] {
  const prefix = `${indent}# `;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && prefix.length + current.length + 1 + word.length > width) {
      lines.push(prefix + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  lines.push(prefix + current);
  return lines;
}

/** Inserts `lines` as whole lines before `line`, indented like it. */
export function insertBeforeLine(index: LineIndex, line: number, lines: string[]): TextEdit {
  const indent = indentOf(index, line);
  const at = index.lineStarts[line];
  return { range: index.rangeOf(at, at), newText: lines.map((l) => `${indent}${l}\n`).join('') };
}

/** Inserts `lines` as whole lines after `line` (which may be the last line, with or without a line break). */
export function insertAfterLine(index: LineIndex, line: number, lines: string[], indent = ''): TextEdit {
  const at = index.lineEnd(line);
  return { range: index.rangeOf(at, at), newText: lines.map((l) => `\n${indent}${l}`).join('') };
}

export function indentOf(index: LineIndex, line: number): string {
  if (line >= index.lineCount) return '';
  return /^[ \t]*/.exec(index.lineText(line))![0];
}

/** Writes a keyword in the case the file uses for its FROM instructions. */
export function keywordLike(stage: Stage, keyword: string): string {
  const written = stage.from.getInstruction();
  return written === written.toLowerCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}

/**
 * True when the line ends with the escape character: an instruction continued at the end of the
 * file. Nothing can be added after it, the next line would join the instruction.
 */
export function continuesAfter(index: LineIndex, line: number, escapeChar: string): boolean {
  // Blank lines do not end a continuation, so look at the last line with text.
  let l = Math.min(line, index.lineCount - 1);
  while (l > 0 && index.lineText(l).trim() === '') l--;
  return index.lineText(l).trimEnd().endsWith(escapeChar);
}

/** The stage's last instruction opens a heredoc that never closes: text appended after it would become part of the heredoc. */
export function endsInOpenHeredoc(stage: Stage): boolean {
  const last = stage.instructions[stage.instructions.length - 1];
  return !!last && heredocsOf(last).some((h) => h.getDelimiterRange() === null);
}

/** Last line of the stage: its last instruction's last line, or the FROM line. */
export function stageLastLine(stage: Stage): number {
  const last = stage.instructions[stage.instructions.length - 1];
  return last ? last.getRange().end.line : stage.fromRange.end.line;
}

/** The default of a global ARG as written, inside its quotes; undefined without a literal default. */
export function globalArgDefault(model: DockerfileModel, name: string): { start: number; end: number; value: string } | undefined {
  let found: { start: number; end: number; value: string } | undefined;
  for (const arg of model.ast.getInitialARGs()) {
    for (const d of declarationsOf(arg)) {
      if (d.name !== name) continue;
      if (!d.valueRange || d.value === null) {
        found = undefined;
        continue;
      }
      let start = model.index.offsetAt(d.valueRange.start);
      let end = model.index.offsetAt(d.valueRange.end);
      const raw = model.index.text.slice(start, end);
      if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0])) {
        start++;
        end--;
      }
      const value = model.index.text.slice(start, end);
      found = value.includes('$') ? undefined : { start, end, value };
    }
  }
  return found;
}

/**
 * An edit that gives the stage's FROM image the tag `tag` where the tag is written: in the FROM
 * (`golang:1.21`, `${MIRROR}golang:1.21`, an untagged `golang`), or in the default of the global
 * ARG that holds the whole image (`FROM ${GO_IMAGE}`) or the whole tag (`FROM golang:$GO_TAG`).
 * Undefined when the tag is assembled from variables in another way.
 */
export function imageTagEdit(model: DockerfileModel, stage: Stage, tag: string): { edit: TextEdit; title: string } | undefined {
  const index = model.index;
  const start = index.offsetAt(stage.imageRange.start);
  const written = index.text.slice(start, index.offsetAt(stage.imageRange.end));
  const withTag = (image: string) => `${image.slice(0, splitWrittenImage(image).nameEnd)}:${tag}`;
  const edit = (from: number, to: number, newText: string, title: string) => ({ edit: { range: index.rangeOf(from, to), newText }, title });
  if (!written.includes('$')) return edit(start, start + written.length, withTag(written), `Use ${withTag(written)}`);
  const whole = singleVariable(written);
  if (whole) {
    const d = globalArgDefault(model, whole);
    return d ? edit(d.start, d.end, withTag(d.value), `Set ${whole} to ${withTag(d.value)}`) : undefined;
  }
  const parts = splitWrittenImage(written);
  const name = written.slice(0, parts.nameEnd);
  if (!parts.tag) return stage.image.tag === undefined ? edit(start + parts.nameEnd, start + parts.nameEnd, `:${tag}`, `Use ${name}:${tag}`) : undefined;
  const writtenTag = written.slice(parts.tag.start, parts.tag.end);
  if (!writtenTag.includes('$')) return edit(start + parts.tag.start, start + parts.tag.end, tag, `Use ${name}:${tag}`);
  const tagVariable = singleVariable(writtenTag);
  const d = tagVariable ? globalArgDefault(model, tagVariable) : undefined;
  return d ? edit(d.start, d.end, tag, `Set ${tagVariable} to ${tag}`) : undefined;
}

/**
 * A new instruction line right before `instruction`, in its keyword casing and indentation; above
 * the comment lines that sit right on it, so a suppression comment keeps applying to it.
 */
export function instructionBeforeEdit(target: EditTarget, instruction: Instruction, keyword: string, args: string): TextEdit {
  const r = instruction.getRange();
  const indent = target.index.lineText(r.start.line).slice(0, r.start.character);
  const written = target.text.slice(target.index.offsetAt(instruction.getInstructionRange().start), target.index.offsetAt(instruction.getInstructionRange().end));
  const kw = written === written.toLowerCase() && written !== written.toUpperCase() ? keyword.toLowerCase() : keyword;
  let line = r.start.line;
  while (line > 0 && /^\s*#/.test(target.index.lineText(line - 1))) line--;
  if (line === r.start.line) return { range: { start: r.start, end: r.start }, newText: `${kw} ${args}\n${indent}` };
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}${kw} ${args}\n` };
}
