// The command of an ENTRYPOINT, CMD or HEALTHCHECK: exec or shell form, its words with their
// document ranges when it converts to exec form unchanged, and the program it starts (init
// wrappers such as tini looked through).
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { LineIndex } from '../text';
import { chainInstructions, type DockerfileModel, type Stage } from './stages';
import { shellSourceFromDocument, type ShellSource } from './shell';

export interface ArgWord {
  value: string;
  range: Range;
  start: number;
  end: number;
}

/** The command of an ENTRYPOINT, CMD or HEALTHCHECK CMD. */
export interface CommandLine {
  form: 'exec' | 'shell';
  /** Exec form: the JSON strings. Shell form: the words when `simple`, else empty. */
  words: ArgWord[];
  /**
   * Exec form: always true. Shell form: one plain command (no variables, operators, globs,
   * redirections or escapes), so that it converts to exec form without changing its meaning.
   */
  simple: boolean;
  /** Shell form that starts with `[` but is not valid JSON (e.g. single quotes): Docker runs it through /bin/sh. */
  brokenJson: boolean;
  /** The command text with continuations joined. */
  text: string;
  range: Range;
  start: number;
  end: number;
}

/** Parses the command of ENTRYPOINT/CMD (whole arguments) or HEALTHCHECK (after `CMD`). */
export function commandLineOf(model: DockerfileModel, instruction: Instruction): CommandLine | undefined {
  const keyword = instruction.getKeyword();
  const args = instruction.getArguments();
  let first = 0;
  if (keyword === 'HEALTHCHECK') {
    first = args.findIndex((a) => a.getValue().toUpperCase() === 'CMD');
    if (first === -1) return undefined;
    first++;
  }
  if (first >= args.length) return undefined;
  const index = model.index;
  const start = index.offsetAt(args[first].getRange().start);
  const end = index.offsetAt(instruction.getRange().end);
  const src = shellSourceFromDocument(index.text, start, end, model.escapeChar);
  const text = src.source.replace(/\s+$/, '');
  const range = index.rangeOf(start, end);
  if (text.startsWith('[')) {
    const words = parseJsonArray(src, index);
    if (words) return { form: 'exec', words, simple: true, brokenJson: false, text, range, start, end };
    const single = parseSingleQuotedArray(src, index);
    return { form: 'shell', words: single ?? [], simple: !!single, brokenJson: true, text, range, start, end };
  }
  // Comment lines between continuation lines would be lost by a rewrite into one JSON line.
  const innerComment = Array.from({ length: range.end.line - range.start.line }, (_, k) => range.start.line + 1 + k).some((l) => /^\s*#/.test(index.lineText(l)));
  const words = innerComment ? undefined : simpleShellWords(src, index);
  return { form: 'shell', words: words ?? [], simple: !!words, brokenJson: false, text, range, start, end };
}

/** `["a", "b"]` with JSON.stringify quoting, as Docker's exec form wants it. */
export function execFormText(words: string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** A JSON array of strings with the document range of each string; undefined when it is not one. */
export function parseJsonArray(src: ShellSource, index: LineIndex): ArgWord[] | undefined {
  const s = src.source;
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const words: ArgWord[] = [];
  ws();
  if (s[i] !== '[') return undefined;
  i++;
  ws();
  if (s[i] === ']') {
    i++;
    ws();
    return i === s.length ? words : undefined;
  }
  for (;;) {
    ws();
    if (s[i] !== '"') return undefined;
    const begin = i;
    i++;
    while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    if (i >= s.length) return undefined;
    i++;
    let value: string;
    try {
      value = JSON.parse(s.slice(begin, i));
    } catch {
      return undefined;
    }
    words.push(wordAt(src, index, begin, i, value));
    ws();
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (s[i] === ']') {
      i++;
      ws();
      return i === s.length ? words : undefined;
    }
    return undefined;
  }
}

/** `['a', 'b']`: a common mistake that Docker silently runs through /bin/sh. */
function parseSingleQuotedArray(src: ShellSource, index: LineIndex): ArgWord[] | undefined {
  const s = src.source.replace(/\s+$/, '');
  if (!/^\[\s*'[^'"\\]*'(\s*,\s*'[^'"\\]*')*\s*\]$/.test(s)) return undefined;
  const words: ArgWord[] = [];
  const re = /'([^']*)'/g;
  for (let m = re.exec(s); m; m = re.exec(s)) words.push(wordAt(src, index, m.index, m.index + m[0].length, m[1]));
  return words;
}

/** Words of a shell command that means the same in exec form; undefined when shell syntax is involved. */
function simpleShellWords(src: ShellSource, index: LineIndex): ArgWord[] | undefined {
  const s = src.source;
  const words: ArgWord[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const begin = i;
    let value = '';
    if (s[i] === '#' || s[i] === '~') return undefined;
    while (i < s.length && !/\s/.test(s[i])) {
      const ch = s[i];
      if (ch === "'") {
        const close = s.indexOf("'", i + 1);
        if (close === -1) return undefined;
        value += s.slice(i + 1, close);
        i = close + 1;
      } else if (ch === '"') {
        const close = s.indexOf('"', i + 1);
        if (close === -1) return undefined;
        const inner = s.slice(i + 1, close);
        if (/[$`\\]/.test(inner)) return undefined;
        value += inner;
        i = close + 1;
      } else if (/[$`\\;&|<>(){}*?[\]!]/.test(ch)) {
        return undefined;
      } else {
        value += ch;
        i++;
      }
    }
    if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(s.slice(begin, i))) return undefined;
    words.push(wordAt(src, index, begin, i, value));
  }
  if (words.length > 0 && words[0].value === 'exec') words.shift();
  return words.length > 0 ? words : undefined;
}

function wordAt(src: ShellSource, index: LineIndex, begin: number, end: number, value: string): ArgWord {
  const start = src.docOffsets[begin];
  const stop = src.docOffsets[end - 1] + 1;
  return { value, range: index.rangeOf(start, stop), start, end: stop };
}

/** The ENTRYPOINT, else the CMD, that starts the container, following the stages the stage is built on. */
export function startCommandOf(stage: Stage): Instruction | undefined {
  let entrypoint: Instruction | undefined;
  let cmd: Instruction | undefined;
  for (const { instruction } of chainInstructions(stage)) {
    const keyword = instruction.getKeyword();
    if (keyword === 'ENTRYPOINT') entrypoint = instruction;
    else if (keyword === 'CMD') cmd = instruction;
  }
  return entrypoint ?? cmd;
}

export const INIT_WRAPPERS = new Set(['tini', 'dumb-init']);

/** The program an init wrapper starts: the first word after its options (and `--`). */
export function wrappedProgram(words: ArgWord[]): ArgWord | undefined {
  let i = 1;
  while (i < words.length && words[i].value.startsWith('-')) {
    if (words[i++].value === '--') break;
  }
  return words[i];
}

/** `apk`, `/sbin/apk` → `apk`. */
export function commandName(word: string | undefined): string {
  return (word ?? '').split('/').pop() ?? '';
}
