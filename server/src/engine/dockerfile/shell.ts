// Shell analysis of RUN instructions with mvdan-sh (the parser behind shfmt, compiled to JS).
import { syntax } from 'mvdan-sh';
import type { Range } from '../types';
import { LineIndex, utf8ToUtf16Offsets } from '../text';

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
}

/**
 * A shell script cut out of a document: `source` is what the shell sees, and `docOffsets[i]`
 * is the document offset of `source[i]` (continuation escapes and comment lines removed).
 */
export interface ShellSource {
  source: string;
  docOffsets: number[];
}

/**
 * Joins the lines of a continued instruction the way BuildKit does: escape + newline is removed,
 * and comment lines inside the continuation are dropped. Heredoc bodies are kept verbatim.
 */
export function shellSourceFromDocument(text: string, start: number, end: number, escapeChar: string): ShellSource {
  let source = '';
  const docOffsets: number[] = [];
  let i = start;
  let atLineStart = false;
  while (i < end) {
    const ch = text[i];
    if (atLineStart) {
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#') {
        while (j < end && text[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      atLineStart = false;
    }
    if (ch === escapeChar) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (j >= end || text[j] === '\n') {
        i = j + 1;
        atLineStart = true;
        continue;
      }
    }
    source += ch;
    docOffsets.push(i);
    i++;
  }
  docOffsets.push(end);
  return { source: source.replace(/\r(?=\n)/g, ' '), docOffsets };
}

const WRAPPERS = new Set(['env', 'exec', 'time', 'nice', 'nohup', 'command', 'sudo']);

/** Parses a script and returns every simple command in it, in source order. Never throws. */
export function parseShellCommands(src: ShellSource, index: LineIndex): ShellCommand[] {
  const toUtf16 = utf8ToUtf16Offsets(src.source);
  const toDoc = (byteOffset: number): number => {
    const i = toUtf16(byteOffset);
    return i >= src.docOffsets.length ? src.docOffsets[src.docOffsets.length - 1] : src.docOffsets[i];
  };
  const docEnd = (byteOffset: number): number => {
    const i = toUtf16(byteOffset);
    if (i <= 0) return src.docOffsets[0];
    return src.docOffsets[Math.min(i - 1, src.docOffsets.length - 1)] + 1;
  };
  let file: unknown;
  try {
    file = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash)).Parse(src.source, '');
  } catch {
    return fallbackCommands(src, index, toDoc);
  }
  const commands: ShellCommand[] = [];
  const scriptVars = new Map<string, ShellAssign>();
  syntax.Walk(file, (node: any) => {
    if (!node || syntax.NodeType(node) !== 'CallExpr') return true;
    const assigns: ShellAssign[] = (node.Assigns ?? []).map((a: any) => {
      const s = toDoc(a.Pos().Offset());
      const e = docEnd(a.End().Offset());
      return { name: a.Name ? a.Name.Value : '', value: a.Value ? wordValue(a.Value) : '', range: index.rangeOf(s, e) };
    });
    let words: ShellWord[] = (node.Args ?? []).map((w: any) => {
      const s = toDoc(w.Pos().Offset());
      const e = docEnd(w.End().Offset());
      return { value: wordValue(w), range: index.rangeOf(s, e), start: s, end: e };
    });
    // `env X=1 go build`, `exec go build`: look through wrappers.
    while (words.length > 0 && WRAPPERS.has(words[0].value)) {
      words = words.slice(1);
      while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value)) {
        const eq = words[0].value.indexOf('=');
        assigns.push({ name: words[0].value.slice(0, eq), value: words[0].value.slice(eq + 1), range: words[0].range });
        words = words.slice(1);
      }
      while (words.length > 0 && words[0].value.startsWith('-')) words = words.slice(1);
    }
    const start = toDoc(node.Pos().Offset());
    const end = docEnd(node.End().Offset());
    commands.push({ assigns, words, scriptVars: new Map(scriptVars), range: index.rangeOf(start, end), start, end });
    if (words.length === 0) for (const a of assigns) scriptVars.set(a.name, a);
    else if (words[0].value === 'export') {
      for (const w of words.slice(1)) {
        const eq = w.value.indexOf('=');
        if (eq > 0) scriptVars.set(w.value.slice(0, eq), { name: w.value.slice(0, eq), value: w.value.slice(eq + 1), range: w.range });
      }
    }
    return true;
  });
  return commands;
}

function wordValue(word: any): string {
  let out = '';
  for (const part of word.Parts ?? []) out += partValue(part);
  return out;
}

function partValue(part: any): string {
  switch (syntax.NodeType(part)) {
    case 'Lit':
      return String(part.Value).replace(/\\(.)/g, '$1');
    case 'SglQuoted':
      return String(part.Value);
    case 'DblQuoted':
      return (part.Parts ?? []).map(partValue).join('');
    case 'ParamExp':
      return part.Param ? `$${part.Param.Value}` : '$';
    default:
      return '';
  }
}

/** When the script does not parse (unbalanced quotes mid-edit), split on operators and blanks. */
function fallbackCommands(src: ShellSource, index: LineIndex, toDoc: (b: number) => number): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const re = /[^;&|\s]+|[;&|]+/g;
  let words: ShellWord[] = [];
  const utf16ToDoc = (i: number) => src.docOffsets[Math.min(i, src.docOffsets.length - 1)];
  const flush = () => {
    if (words.length === 0) return;
    const assigns: ShellAssign[] = [];
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value)) {
      const w = words.shift()!;
      const eq = w.value.indexOf('=');
      assigns.push({ name: w.value.slice(0, eq), value: w.value.slice(eq + 1).replace(/^["']|["']$/g, ''), range: w.range });
    }
    const start = assigns.length ? index.offsetAt(assigns[0].range.start) : words[0]?.start ?? 0;
    const end = words.length ? words[words.length - 1].end : start;
    commands.push({ assigns, words, scriptVars: new Map(), range: index.rangeOf(start, end), start, end });
    words = [];
  };
  void toDoc;
  for (let m = re.exec(src.source); m; m = re.exec(src.source)) {
    if (/^[;&|]+$/.test(m[0])) {
      flush();
      continue;
    }
    const s = utf16ToDoc(m.index);
    const e = utf16ToDoc(m.index + m[0].length - 1) + 1;
    words.push({ value: m[0].replace(/["']/g, ''), range: index.rangeOf(s, e), start: s, end: e });
  }
  flush();
  return commands;
}
