// Shell analysis of RUN instructions with mvdan/sh's parser (the parser behind shfmt; see shell-parser.ts).
import type { Range } from '../types';
import type { LineIndex } from '../text';
import { parseShellScript, type RawAssign, type RawEvent } from './shell-parser';

/**
 * What text inserted into a command must respect: `none` is a plain script, `double`/`single` a
 * script inside a quoted `sh -c` argument (or a JSON string, which behaves like `double`), `exec`
 * the JSON words of an exec-form RUN (no shell at all).
 */
export type ShellQuoting = 'none' | 'double' | 'single' | 'exec';

export interface ShellWord {
  /** The word with quotes removed; parameter expansions kept as written (`$TARGETOS`). */
  value: string;
  /** Document range of the word. */
  range: Range;
  /** Document offsets of the word. */
  start: number;
  end: number;
}

export interface ShellAssign {
  name: string;
  value: string;
  range: Range;
  /** Document offsets of the whole `NAME=value` and of the value alone (empty span for `NAME=`). */
  start?: number;
  end?: number;
  valueStart?: number;
  valueRange?: Range;
}

export interface ShellCommand {
  /** `NAME=value` words before the command (env prefixes). */
  assigns: ShellAssign[];
  /** The command name and its arguments, after `env`/`exec`/`time` wrappers. */
  words: ShellWord[];
  /** Variables set by earlier commands of the same script (`export X=1 && …`, `X=1; …`). */
  scriptVars: Map<string, ShellAssign>;
  range: Range;
  start: number;
  end: number;
  /** The quoting context of the command's text, for fixes that insert words. */
  quoting?: ShellQuoting;
}

/**
 * A shell script cut out of a document: `source` is what the shell sees, and `docOffsets[i]`
 * is the document offset of `source[i]` (continuation escapes and comment lines removed).
 * `docEnds[i]`, when given, is where `source[i]` ends in the document (after an unescaped `\"`).
 */
export interface ShellSource {
  source: string;
  docOffsets: number[];
  docEnds?: number[];
  quoting?: ShellQuoting;
}

/**
 * Joins the lines of a continued instruction the way BuildKit does: escape + newline is removed,
 * and comment lines and blank lines inside the continuation are dropped.
 */
export function shellSourceFromDocument(text: string, start: number, end: number, escapeChar: string): ShellSource {
  // Runs of kept characters are copied with slice(): building the source a character at a time
  // was the largest allocation of a Dockerfile lint after dockerfile-ast's own.
  const parts: string[] = [];
  const docOffsets: number[] = [];
  let runStart = start;
  const flush = (to: number) => {
    if (to > runStart) parts.push(text.slice(runStart, to));
  };
  let i = start;
  let atLineStart = false;
  while (i < end) {
    if (atLineStart) {
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#' || text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n')) {
        while (j < end && text[j] !== '\n') j++;
        i = j + 1;
        runStart = i;
        continue;
      }
      atLineStart = false;
    }
    if (text[i] === escapeChar) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (j >= end || text[j] === '\n') {
        flush(i);
        i = j + 1;
        runStart = i;
        atLineStart = true;
        continue;
      }
    }
    docOffsets.push(i);
    i++;
  }
  flush(Math.min(i, end));
  docOffsets.push(Math.min(i, end));
  return { source: parts.join('').replace(/\r(?=\n)/g, ' '), docOffsets, quoting: 'none' };
}

/** A JSON string literal of the document (quotes included in `start..end`) as the script it holds. */
export function jsonStringSource(text: string, start: number, end: number): ShellSource {
  let source = '';
  const docOffsets: number[] = [];
  const docEnds: number[] = [];
  const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    if (text[i] === '\\' && i + 1 < stop) {
      const n = text[i + 1];
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        source += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        docOffsets.push(i);
        docEnds.push(i + 6);
        i += 6;
        continue;
      }
      source += simple[n] ?? n;
      docOffsets.push(i);
      docEnds.push(i + 2);
      i += 2;
      continue;
    }
    source += text[i];
    docOffsets.push(i);
    docEnds.push(i + 1);
    i++;
  }
  docOffsets.push(stop);
  return { source, docOffsets, docEnds, quoting: 'double' };
}

/** The value of a JSON string literal of the document, or its raw text when it is not valid JSON. */
export function jsonStringValue(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'string') return v;
  } catch {
    // fall through: an unterminated string while typing
  }
  return raw.replace(/^"|"$/g, '');
}

const WRAPPERS = new Set(['env', 'exec', 'time', 'nice', 'nohup', 'command', 'sudo']);
/** Wrapper options that take a separate value (`nice -n 10`, `sudo -u app`, `env -u NAME`). */
const WRAPPER_VALUE_OPTIONS: Record<string, Set<string>> = {
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
  nice: new Set(['-n', '--adjustment']),
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-r', '-t']),
  exec: new Set(['-a']),
};
/** Shells whose `-c` argument or heredoc stdin is itself a script. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/** Parses a script and returns every simple command in it (and in `sh -c` / `bash <<EOF` scripts it runs), in source order. Never throws. */
export function parseShellCommands(src: ShellSource, index: LineIndex): ShellCommand[] {
  const commands: ShellCommand[] = [];
  collectCommands(src, index, new Map(), commands, 0);
  return commands;
}

/** The commands of an exec-form RUN: one command of the JSON words, plus the script of `["sh", "-c", "…"]`. */
export function execFormCommands(text: string, index: LineIndex, strings: { start: number; end: number }[]): ShellCommand[] {
  if (strings.length === 0) return [];
  const words: ShellWord[] = strings.map(({ start, end }) => ({ value: jsonStringValue(text, start, end), range: index.rangeOf(start, end), start, end }));
  const start = words[0].start;
  const end = words[words.length - 1].end;
  const commands: ShellCommand[] = [{ assigns: [], words, scriptVars: new Map(), range: index.rangeOf(start, end), start, end, quoting: 'exec' }];
  const script = shellScriptArgument(words.map((w) => w.value));
  if (script !== undefined) {
    const s = strings[script];
    collectCommands(jsonStringSource(text, s.start, s.end), index, new Map(), commands, 1);
  }
  return commands;
}

/** `#!/usr/bin/env python3` heredocs are not shell scripts; no shebang or a shell one is. */
export function isShellScript(body: string): boolean {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (!m) return true;
  const interpreter = basename(m[1]) === 'env' ? m[2] ?? '' : m[1];
  return SHELLS.has(basename(interpreter));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Index of the script word in `sh -c script` / `bash -ec script`, if the words are such a call. */
function shellScriptArgument(values: string[]): number | undefined {
  if (values.length < 3 || !SHELLS.has(basename(values[0]))) return undefined;
  for (let i = 1; i < values.length - 1; i++) {
    const v = values[i];
    if (!v.startsWith('-')) return undefined;
    if (/^-[a-z]*c[a-z]*$/.test(v)) return i + 1;
    if (v === '-o' || v === '+o') i++;
  }
  return undefined;
}

/** What one script says, independent of where it sits in a document; undefined when it does not parse. */
type RawScript = RawEvent[] | undefined;

// Scripts are analysed once per distinct text: a keystroke changes one RUN, the others come from this cache.
const SCRIPT_CACHE_LIMIT = 4000;
/**
 * Scripts longer than this (generated RUNs of thousands of lines) are read with the plain
 * tokenizer, which still finds commands and words (they took seconds in the GopherJS build of the
 * parser this one replaced; the limit stays so that such files are judged as before).
 */
export const MAX_PARSED_SCRIPT = 64 * 1024;
const scriptCache = new Map<string, RawScript>();

function analyzeScript(source: string): RawScript {
  if (source.length > MAX_PARSED_SCRIPT) return undefined;
  if (scriptCache.has(source)) {
    const hit = scriptCache.get(source);
    scriptCache.delete(source);
    scriptCache.set(source, hit);
    return hit;
  }
  const result = parseShellScript(source);
  scriptCache.set(source, result);
  if (scriptCache.size > SCRIPT_CACHE_LIMIT) scriptCache.delete(scriptCache.keys().next().value!);
  return result;
}

function collectCommands(src: ShellSource, index: LineIndex, scriptVars: Map<string, ShellAssign>, out: ShellCommand[], depth: number): void {
  const quoting = src.quoting ?? 'none';
  const raw = analyzeScript(src.source);
  if (!raw) {
    out.push(...fallbackCommands(src, index));
    return;
  }
  const last = src.docOffsets.length - 1;
  const docAt = (i: number): number => src.docOffsets[Math.max(0, Math.min(i, last))];
  const endAt = (i: number): number => {
    if (i <= 0) return src.docOffsets[0];
    const k = Math.min(i - 1, last);
    return src.docEnds && k < src.docEnds.length ? src.docEnds[k] : docAt(k) + 1;
  };
  const assignAt = (a: RawAssign): ShellAssign => {
    const start = docAt(a.start);
    const end = endAt(a.end);
    const valueStart = a.valueStart >= a.end ? end : docAt(a.valueStart);
    return { name: a.name, value: a.value, range: index.rangeOf(start, end), start, end, valueStart, valueRange: index.rangeOf(valueStart, end) };
  };
  for (const event of raw) {
    if (event.kind === 'decl') {
      for (const a of event.assigns) scriptVars.set(a.name, assignAt(a));
      continue;
    }
    const assigns = event.assigns.map(assignAt);
    let args = event.args.map((w, i) => {
      const s = docAt(w.start);
      const e = endAt(w.end);
      return { raw: w, quoted: event.quoted[i], word: { value: w.value, range: index.rangeOf(s, e), start: s, end: e } as ShellWord };
    });
    // `env X=1 go build`, `exec go build`: look through wrappers.
    while (args.length > 0 && WRAPPERS.has(args[0].word.value)) {
      const valueOptions = WRAPPER_VALUE_OPTIONS[args[0].word.value];
      args = args.slice(1);
      while (args.length > 0) {
        const w = args[0].word;
        if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)) {
          const eq = w.value.indexOf('=');
          const valueStart = w.start + index.text.slice(w.start, w.end).indexOf('=') + 1;
          assigns.push({ name: w.value.slice(0, eq), value: w.value.slice(eq + 1), range: w.range, start: w.start, end: w.end, valueStart, valueRange: index.rangeOf(valueStart, w.end) });
          args = args.slice(1);
        } else if (w.value.startsWith('-')) args = args.slice(valueOptions?.has(w.value) ? 2 : 1);
        else break;
      }
    }
    const words = args.map((a) => a.word);
    const start = docAt(event.start);
    const end = endAt(event.end);
    out.push({ assigns, words, scriptVars: new Map(scriptVars), range: index.rangeOf(start, end), start, end, quoting });
    if (words.length === 0) for (const a of assigns) scriptVars.set(a.name, a);
    if (depth > 0 || words.length === 0 || !SHELLS.has(basename(words[0].value))) continue;
    const script = shellScriptArgument(words.map((w) => w.value));
    if (script !== undefined) {
      const q = args[script].quoted;
      if (q && q.kind === 'quoted') collectCommands(quotedScriptSource(src, q.from, q.to, q.quote), index, new Map(scriptVars), out, depth + 1);
      continue;
    }
    for (const heredoc of event.heredocs) {
      const nested = heredocSource(src, heredoc.from, heredoc.to);
      if (isShellScript(nested.source)) collectCommands(nested, index, new Map(scriptVars), out, depth + 1);
    }
  }
}

/** The script inside `"…"` or `'…'` (the `sh -c` argument), mapped back to the document. */
function quotedScriptSource(src: ShellSource, from: number, to: number, quote: 'double' | 'single'): ShellSource {
  let source = '';
  const docOffsets: number[] = [];
  const docEnds: number[] = [];
  const endOf = (i: number) => (src.docEnds ? src.docEnds[i] : src.docOffsets[i] + 1);
  for (let i = from; i < to; i++) {
    if (quote === 'double' && src.source[i] === '\\' && i + 1 < to && '"\\$`'.includes(src.source[i + 1])) {
      source += src.source[i + 1];
      docOffsets.push(src.docOffsets[i]);
      docEnds.push(endOf(i + 1));
      i++;
      continue;
    }
    source += src.source[i];
    docOffsets.push(src.docOffsets[i]);
    docEnds.push(endOf(i));
  }
  docOffsets.push(src.docOffsets[Math.max(from, to)]);
  return { source, docOffsets, docEnds, quoting: quote };
}

/** The body of `bash <<EOF … EOF` (the closing delimiter line excluded), mapped back to the document. */
function heredocSource(src: ShellSource, from: number, rawTo: number): ShellSource {
  let to = rawTo;
  const body = src.source.slice(from, to);
  const lastBreak = body.lastIndexOf('\n');
  if (lastBreak !== -1 && !body.slice(lastBreak + 1).includes(' ')) to = from + lastBreak + 1;
  const docEnds = src.docEnds?.slice(from, to);
  return { source: src.source.slice(from, to), docOffsets: src.docOffsets.slice(from, to + 1), docEnds, quoting: 'none' };
}

/** A word's value without its quotes and backslash escapes (close enough for scripts the parser rejects). */
function unquoteWord(word: string): string {
  return word.replace(/"((?:[^"\\]|\\[\s\S])*)"?|'([^']*)'?|\\([^\r\n])/g, (_, double: string | undefined, single: string | undefined, escaped: string | undefined) =>
    double !== undefined ? double.replace(/\\\r?\n/g, '').replace(/\\([\s\S])/g, '$1') : (single ?? escaped ?? ''),
  );
}

/** When the script does not parse (unbalanced quotes mid-edit), split on operators and blanks. */
function fallbackCommands(src: ShellSource, index: LineIndex): ShellCommand[] {
  const commands: ShellCommand[] = [];
  // Words keep closed quotes and escaped characters together (`-ldflags="-s -w"`, `-s\ -w`), as the
  // shell would; a quote never closed is an ordinary character, and a backslash before a line break is space.
  const re = /(?:\\[^\r\n]|[^;&|\s"'\\]|"(?:[^"\\]|\\[\s\S])*"|'[^']*'|["'])+|[;&|]+/g;
  let words: ShellWord[] = [];
  const last = src.docOffsets.length - 1;
  const utf16ToDoc = (i: number) => src.docOffsets[Math.min(i, last)];
  const endOf = (i: number) => (src.docEnds && i < src.docEnds.length ? src.docEnds[i] : utf16ToDoc(i) + 1);
  const flush = () => {
    if (words.length === 0) return;
    const assigns: ShellAssign[] = [];
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value)) {
      const w = words.shift()!;
      const eq = w.value.indexOf('=');
      assigns.push({ name: w.value.slice(0, eq), value: w.value.slice(eq + 1), range: w.range, start: w.start, end: w.end });
    }
    const start = assigns.length ? assigns[0].start! : words[0].start;
    const end = words.length ? words[words.length - 1].end : assigns[assigns.length - 1].end!;
    commands.push({ assigns, words, scriptVars: new Map(), range: index.rangeOf(start, end), start, end, quoting: src.quoting ?? 'none' });
    words = [];
  };
  for (let m = re.exec(src.source); m; m = re.exec(src.source)) {
    if (/^[;&|]+$/.test(m[0])) {
      flush();
      continue;
    }
    const s = utf16ToDoc(m.index);
    const e = endOf(m.index + m[0].length - 1);
    words.push({ value: unquoteWord(m[0]), range: index.rangeOf(s, e), start: s, end: e });
  }
  flush();
  return commands;
}
