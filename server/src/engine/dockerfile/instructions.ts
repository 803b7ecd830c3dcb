// Details of single instructions that the stage model does not keep: command forms of
// ENTRYPOINT/CMD/HEALTHCHECK, COPY/ADD sources and destinations, USER, WORKDIR, and where
// files land in a stage. Pure functions over the model.
import * as path from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { LineIndex } from '../text';
import { runStepAt, substitute, type DockerfileModel, type Stage } from './model';
import { shellSourceFromDocument, type ShellSource } from './shell';
import { goEnv, goFlag, type GoInvocation } from './go';
import { isGolangImage } from './image';

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
function parseJsonArray(src: ShellSource, index: LineIndex): ArgWord[] | undefined {
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

export interface CopyStep {
  instruction: Instruction;
  keyword: 'COPY' | 'ADD';
  /** `--from=` value as written, and the stage it names (undefined for images and contexts). */
  from?: { value: string; range: Range; stage?: Stage };
  /** `--chown=` value and its range. */
  chown?: { value: string; range: Range };
  sources: ArgWord[];
  dest?: ArgWord;
  /** `COPY <<EOF /file`: sources are heredoc markers. */
  heredoc: boolean;
}

export function copyStepOf(model: DockerfileModel, instruction: Instruction): CopyStep | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  const index = model.index;
  const flags = (instruction as unknown as { getFlags?(): import('dockerfile-ast').Flag[] }).getFlags?.() ?? [];
  const step: CopyStep = { instruction, keyword, sources: [], heredoc: false };
  for (const flag of flags) {
    const name = flag.getName().toLowerCase();
    const value = flag.getValue();
    const valueRange = flag.getValueRange();
    if (value === null || !valueRange) continue;
    if (name === 'from') {
      const stage = model.stages.find((s) => s.name === value.toLowerCase()) ?? (/^\d+$/.test(value) ? model.stages[Number(value)] : undefined);
      step.from = { value, range: valueRange, stage };
    } else if (name === 'chown') step.chown = { value, range: valueRange };
  }
  const args = instruction.getArguments();
  if (args.length === 0) return step;
  let words: ArgWord[];
  if (args[0].getValue().startsWith('[')) {
    const start = index.offsetAt(args[0].getRange().start);
    const end = index.offsetAt(instruction.getRange().end);
    const json = parseJsonArray(shellSourceFromDocument(index.text, start, end, model.escapeChar), index);
    words = json ?? args.map((a) => argWord(index, a));
  } else {
    const firstLine = args[0].getRange().start.line;
    step.heredoc = args.some((a) => a.getValue().startsWith('<<'));
    // Heredoc bodies follow the instruction line; only the first line holds sources and destination.
    const onLine = step.heredoc ? args.filter((a) => a.getRange().start.line === firstLine) : args;
    words = onLine.map((a) => argWord(index, a));
  }
  if (words.length >= 2) {
    step.dest = words[words.length - 1];
    step.sources = words.slice(0, -1);
  } else if (words.length === 1 && step.heredoc) {
    step.sources = words;
  }
  return step;
}

function argWord(index: LineIndex, a: import('dockerfile-ast').Argument): ArgWord {
  const r = a.getRange();
  return { value: a.getValue(), range: r, start: index.offsetAt(r.start), end: index.offsetAt(r.end) };
}

/** The stage and the stages it is built on, root first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !seen.has(s); s = s.parent) {
    seen.add(s);
    chain.unshift(s);
  }
  return chain;
}

/** Instructions of the stage, those of the stages it is built on first. */
export function chainInstructions(stage: Stage): { stage: Stage; instruction: Instruction }[] {
  return stageChain(stage).flatMap((s) => s.instructions.map((instruction) => ({ stage: s, instruction })));
}

function envValues(stage: Stage): Map<string, string> {
  return new Map([...stage.env].map(([k, v]) => [k, v.value]));
}

/** Expands `$VAR` from the stage's ENV/ARG; undefined when something stays unresolved. */
export function resolveValue(stage: Stage, value: string): string | undefined {
  const out = substitute(value, envValues(stage));
  return out.includes('$') ? undefined : out;
}

/** The working directory in effect just before `before` (or at the end of the stage); undefined when unknown. */
export function workdirAt(stage: Stage, before?: Instruction): string | undefined {
  const chain = stageChain(stage);
  let dir: string | undefined = isGolangImage(chain[0].image) ? '/go' : '/';
  for (const { stage: s, instruction } of chainInstructions(stage)) {
    if (instruction === before) break;
    if (instruction.getKeyword() !== 'WORKDIR') continue;
    const raw = instruction.getArguments().map((a) => a.getValue()).join(' ');
    const value = resolveValue(s, raw);
    dir = value === undefined || dir === undefined ? undefined : path.posix.resolve(dir, value);
  }
  return dir;
}

export interface UserSpec {
  instruction: Instruction;
  /** As written, e.g. `app:app` or `${UID}`. */
  raw: string;
  /** After variable expansion; undefined when unresolved. */
  user?: string;
  group?: string;
  range: Range;
}

export function userSpecOf(stage: Stage, instruction: Instruction): UserSpec | undefined {
  if (instruction.getKeyword() !== 'USER') return undefined;
  const range = instruction.getArgumentsRange();
  const args = instruction.getArguments();
  if (!range || args.length === 0) return undefined;
  const raw = args.map((a) => a.getValue()).join(' ');
  const resolved = resolveValue(stage, raw);
  if (resolved === undefined) return { instruction, raw, range };
  const [user, group] = resolved.split(':');
  return { instruction, raw, user, group, range };
}

/** The last USER in effect in the stage (inherited from the stages it is built on included). */
export function effectiveUser(stage: Stage): UserSpec | undefined {
  let last: UserSpec | undefined;
  for (const { stage: s, instruction } of chainInstructions(stage)) {
    const spec = userSpecOf(s, instruction);
    if (spec) last = spec;
  }
  return last;
}

export function isRootUser(spec: { user?: string }): boolean {
  return spec.user === 'root' || spec.user === '0';
}

export function isNumericId(id: string | undefined): boolean {
  return id !== undefined && /^\d+$/.test(id);
}

/** One file or folder a COPY/ADD puts into the stage. */
export interface CopiedPath {
  step: CopyStep;
  source: ArgWord;
  /** Where the source lands, absolute. */
  target: string;
  /** When true, the source may be a folder whose content lands under `target`. */
  mayBeFolder: boolean;
  /** When the destination is a single name, it may also be an existing folder: `target/basename(source)`. */
  alsoInto?: string;
}

/** Every path the stage (and the stages it is built on) copies in; sources with unresolved variables are skipped. */
export function copiedPaths(model: DockerfileModel, stage: Stage): CopiedPath[] {
  const out: CopiedPath[] = [];
  for (const { stage: s, instruction } of chainInstructions(stage)) {
    const step = copyStepOf(model, instruction);
    if (!step?.dest) continue;
    const workdir = workdirAt(stage, instruction) ?? '/';
    const destRaw = resolveValue(s, step.dest.value);
    if (destRaw === undefined) continue;
    const dest = path.posix.resolve(workdir, destRaw);
    const destIsFolder = /\/$/.test(destRaw) || destRaw === '.' || step.sources.length > 1;
    const known = step.from?.stage ? knownFileOutputs(model, step.from.stage) : new Set<string>();
    for (const source of step.sources) {
      const src = resolveValue(s, source.value);
      if (src === undefined) continue;
      const base = path.posix.basename(src);
      const glob = /[*?[]/.test(src);
      const sourceFolderish = src === '.' || src.endsWith('/') || src === '/' || glob;
      // `COPY --from` sources are relative to the root of the other stage.
      const isKnownFile = known.has(path.posix.resolve('/', src));
      const mayBeFolder = sourceFolderish || (!isKnownFile && !/\.[A-Za-z0-9]+$/.test(base));
      if (destIsFolder || sourceFolderish) {
        out.push({ step, source, target: sourceFolderish ? dest : path.posix.join(dest, base), mayBeFolder: sourceFolderish || mayBeFolder });
        if (!sourceFolderish && mayBeFolder) out.push({ step, source, target: dest, mayBeFolder: true });
      } else {
        out.push({ step, source, target: dest, mayBeFolder, alsoInto: path.posix.join(dest, base) });
      }
    }
  }
  return out;
}

/** The COPY/ADD that puts `file` (absolute) into the stage, if one does. */
export function copiedInto(model: DockerfileModel, stage: Stage, file: string): CopiedPath | undefined {
  return copiedPaths(model, stage).find(
    (c) => c.target === file || c.alsoInto === file || (c.mayBeFolder && file.startsWith(c.target.endsWith('/') ? c.target : `${c.target}/`)),
  );
}

/** Files that `go build`/`go install` writes in the stage (and the stages it is built on). */
export function knownFileOutputs(model: DockerfileModel, stage: Stage): Set<string> {
  const out = new Set<string>();
  for (const s of stageChain(stage)) {
    for (const run of s.runs) {
      for (const inv of run.goInvocations) {
        const o = goBuildOutput(model, inv);
        if (o) out.add(o);
      }
    }
  }
  return out;
}

/**
 * The file a `go build`/`go install` writes: `-o` (relative to the working directory, `cd`
 * in the same RUN included), else the package's last path element in the working directory
 * (build) or in GOBIN/GOPATH/bin (install). Undefined when it cannot be known.
 */
export function goBuildOutput(model: DockerfileModel, inv: GoInvocation): string | undefined {
  if (inv.subcommand !== 'build' && inv.subcommand !== 'install') return undefined;
  const run = runStepAt(inv.stage, inv.instruction);
  let cwd = workdirAt(inv.stage, inv.instruction);
  for (const command of run?.commands ?? []) {
    if (command === inv.command || command.start >= inv.command.start) break;
    if (command.words[0]?.value === 'cd' && command.words[1] && cwd !== undefined) {
      const target = expand(inv, command.words[1].value);
      cwd = target === undefined ? undefined : path.posix.resolve(cwd, target);
    }
  }
  const name = outputName(inv);
  const o = goFlag(inv, 'o');
  if (o && inv.subcommand === 'build') {
    const value = o.value === undefined ? undefined : expand(inv, o.value);
    if (value === undefined || cwd === undefined) return undefined;
    const resolved = path.posix.resolve(cwd, value);
    if (value.endsWith('/')) return name ? path.posix.join(resolved, name) : undefined;
    return resolved;
  }
  if (!name) return undefined;
  if (inv.subcommand === 'install') {
    const gobin = goEnv(inv, 'GOBIN');
    if (gobin && !gobin.includes('$')) return path.posix.join(gobin, name);
    const gopath = (goEnv(inv, 'GOPATH') ?? '/go').split(':')[0];
    return gopath.includes('$') ? undefined : path.posix.join(gopath, 'bin', name);
  }
  return cwd === undefined ? undefined : path.posix.resolve(cwd, name);
}

function expand(inv: GoInvocation, value: string): string | undefined {
  const vars = new Map([...inv.env].map(([k, v]) => [k, v.value]));
  const out = substitute(value, vars);
  return out.includes('$') ? undefined : out;
}

/** The binary name `go build` picks: the last element of the package path, or the first .go file's name. */
function outputName(inv: GoInvocation): string | undefined {
  const pkg = inv.packages[0]?.value;
  if (!pkg) return undefined;
  if (pkg.endsWith('.go')) return path.posix.basename(pkg, '.go');
  const clean = pkg.replace(/@.*$/, '').replace(/\/\.\.\.$/, '').replace(/\/+$/, '');
  if (clean === '.' || clean === '' || clean.includes('...') || clean.includes('$')) return undefined;
  const last = clean.split('/').pop()!;
  if (last === '.' || last === '..') return undefined;
  // `example.com/cmd/v2` names the binary after the element before a major version suffix.
  if (/^v\d+$/.test(last)) {
    const parts = clean.split('/');
    return parts.length > 1 ? parts[parts.length - 2] : undefined;
  }
  return last;
}

/** Where a command word is looked up: an absolute path, a path relative to WORKDIR, or the PATH folders. */
export function executableCandidates(stage: Stage, instruction: Instruction, exe: string): string[] | undefined {
  if (exe.includes('$')) return undefined;
  if (exe.startsWith('/')) return [path.posix.normalize(exe)];
  if (exe.includes('/')) {
    const cwd = workdirAt(stage, instruction);
    return cwd === undefined ? undefined : [path.posix.resolve(cwd, exe)];
  }
  const envPath = stage.env.get('PATH')?.value.replace(/\$\{?PATH\}?/g, defaultPath(stage));
  const dirs = (envPath && !envPath.includes('$') ? envPath : defaultPath(stage)).split(':');
  return dirs.filter(Boolean).map((d) => path.posix.join(d, exe));
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** PATH of the base image when no ENV sets it: the golang images add GOPATH/bin and the toolchain. */
function defaultPath(stage: Stage): string {
  return isGolangImage(stageChain(stage)[0].image) ? `/go/bin:/usr/local/go/bin:${DEFAULT_PATH}` : DEFAULT_PATH;
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
