// Edits on the words of a command line (a go command's flags, `NAME=value` prefixes, a flag's
// value list), shell or exec form: small, local insertions and removals, so that several rules'
// fixes on one command combine.
import type { TextEdit } from '../types';
import type { LineIndex } from '../text';
import type { ShellCommand, ShellQuoting, ShellWord } from './shell';
import type { DockerfileModel, GoFlag } from './stages';
import { flagsPattern } from './go';

/** The document a command-line edit applies to. */
export interface EditTarget {
  text: string;
  index: LineIndex;
  escapeChar: string;
}

export function editTargetOf(model: DockerfileModel): EditTarget {
  return { text: model.index.text, index: model.index, escapeChar: model.escapeChar };
}

/** One argument to insert: `prefix` as is, `value` quoted when it needs to be (`-ldflags=` + `-s -w`). */
export interface NewWord {
  prefix?: string;
  value: string;
}

export function renderWord(word: NewWord, quoting: ShellQuoting | undefined): string {
  const prefix = word.prefix ?? '';
  if (quoting === 'exec') return JSON.stringify(prefix + word.value);
  if (/^[\w\-./=:,+@%$]*$/.test(word.value)) return prefix + word.value;
  const q = quoting === 'double' ? "'" : '"';
  return `${prefix}${q}${word.value}${q}`;
}

/** The separator between JSON words in this exec-form command (`, ` or `,`). */
function execSeparator(command: ShellCommand, text: string): string {
  for (let k = 1; k < command.words.length; k++) {
    const between = text.slice(command.words[k - 1].end, command.words[k].start);
    if (/^\s*,\s*$/.test(between)) return between.replace(/\s*,/, ',').replace(/\n[\s\S]*/, ' ');
  }
  return ', ';
}

export function insertWordsAfter(target: EditTarget, command: ShellCommand, after: ShellWord, words: NewWord[]): TextEdit {
  const rendered = words.map((w) => renderWord(w, command.quoting));
  const sep = command.quoting === 'exec' ? execSeparator(command, target.text) : ' ';
  const at = target.index.positionAt(after.end);
  return { range: { start: at, end: at }, newText: sep + rendered.join(sep) };
}

export function insertWordsBefore(target: EditTarget, command: ShellCommand, before: ShellWord, words: NewWord[]): TextEdit {
  const rendered = words.map((w) => renderWord(w, command.quoting));
  const sep = command.quoting === 'exec' ? execSeparator(command, target.text) : ' ';
  const at = target.index.positionAt(before.start);
  return { range: { start: at, end: at }, newText: rendered.join(sep) + sep };
}

/** `NAME=value ` before the command; undefined in exec form, where no shell reads it. */
export function envPrefixEdit(target: EditTarget, command: ShellCommand, at: number, assigns: [string, string][]): TextEdit | undefined {
  if (command.quoting === 'exec') return undefined;
  const p = target.index.positionAt(at);
  return { range: { start: p, end: p }, newText: assigns.map(([n, v]) => `${n}=${renderWord({ value: v }, command.quoting)} `).join('') };
}

/**
 * Removes words (a flag and its value) with one adjoining blank, or the whole line when they sit
 * alone on a continuation line; in exec form, the JSON elements with one comma.
 */
export function removeWordsEdit(target: EditTarget, command: ShellCommand, words: ShellWord[]): TextEdit {
  const { text, index } = target;
  let start = words[0].start;
  let end = words[words.length - 1].end;
  if (command.quoting === 'exec') {
    const i = command.words.indexOf(words[0]);
    const j = command.words.indexOf(words[words.length - 1]);
    if (i > 0) start = command.words[i - 1].end;
    else if (j + 1 < command.words.length) end = command.words[j + 1].start;
    return { range: index.rangeOf(start, end), newText: '' };
  }
  const startPos = index.positionAt(start);
  const endPos = index.positionAt(end);
  const before = index.lineText(startPos.line).slice(0, startPos.character);
  const after = index.lineText(endPos.line).slice(endPos.character);
  const continuation = new RegExp(`^[ \\t]*[${escapeClass(target.escapeChar)}\\\\][ \\t]*$`);
  if (/^[ \t]*$/.test(before) && continuation.test(after) && endPos.line + 1 < index.lineCount) {
    return { range: index.rangeOf(index.lineStarts[startPos.line], index.lineStarts[endPos.line + 1]), newText: '' };
  }
  if (text[end] === ' ' || text[end] === '\t') end++;
  else if (text[start - 1] === ' ' || text[start - 1] === '\t') start--;
  return { range: index.rangeOf(start, end), newText: '' };
}

function escapeClass(ch: string): string {
  return ch.replace(/[\\\]^-]/g, '\\$&');
}

/** Where the value of a flag sits in the document, and how it is quoted there. */
export interface FlagValueSpan {
  /** Document offsets of the value's content (inside the quotes when it is one quoted string). */
  start: number;
  end: number;
  /** `"`/`'`: one quoted string; `json`: inside an exec-form JSON string; ``: unquoted or mixed. */
  quote: '"' | "'" | 'json' | '';
  /** The content as written. */
  raw: string;
}

export function flagValueSpan(text: string, command: ShellCommand, flag: GoFlag): FlagValueSpan | undefined {
  const holder = flag.valueWord ?? flag.word;
  let start = holder.start;
  const end = holder.end;
  if (command.quoting === 'exec') {
    const raw = text.slice(start + 1, end - 1);
    const s = flag.valueWord ? 0 : raw.indexOf('=') + 1;
    if (!flag.valueWord && s === 0) return undefined;
    return { start: start + 1 + s, end: end - 1, quote: 'json', raw: raw.slice(s) };
  }
  if (!flag.valueWord) {
    // `-ldflags=…` or `"-ldflags=…"`: find the `=` as written.
    const raw = text.slice(start, end);
    const eq = raw.indexOf('=');
    if (eq === -1) return undefined;
    const opener = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
    if (opener && raw.endsWith(opener) && raw.indexOf(opener, 1) === raw.length - 1 && raw.length > 1) {
      return { start: start + eq + 1, end: end - 1, quote: opener as '"' | "'", raw: raw.slice(eq + 1, -1) };
    }
    if (opener) return { start: start + eq + 1, end, quote: '', raw: raw.slice(eq + 1) };
    start += eq + 1;
  }
  const raw = text.slice(start, end);
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length > 1 && raw.endsWith(q) && raw.indexOf(q, 1) === raw.length - 1) {
    return { start: start + 1, end: end - 1, quote: q, raw: raw.slice(1, -1) };
  }
  return { start, end, quote: '', raw };
}

/**
 * Puts `tokens` at the front of a flag list value (after a `pattern=`), keeping its quoting:
 * inside the quotes, escaped blanks for mixed quoting, or quotes around a bare value.
 */
export function prependToFlagValue(target: EditTarget, command: ShellCommand, span: FlagValueSpan, tokens: string[]): TextEdit {
  const pattern = flagsPattern(span.raw);
  const skip = pattern !== undefined ? pattern.length + 1 : 0;
  const at = span.start + skip;
  const rest = span.raw.slice(skip);
  const point = target.index.positionAt(at);
  const insert = (newText: string): TextEdit => ({ range: { start: point, end: point }, newText });
  if (span.quote !== '') return insert(rest.length > 0 ? `${tokens.join(' ')} ` : tokens.join(' '));
  if (/^[\w\-./=:,+@%$]*$/.test(rest)) {
    const q = command.quoting === 'double' ? "'" : '"';
    const joined = rest.length > 0 ? `${tokens.join(' ')} ${rest}` : tokens.join(' ');
    return { range: target.index.rangeOf(at, span.end), newText: `${q}${joined}${q}` };
  }
  return insert(tokens.map((t) => `${t}\\ `).join(''));
}
