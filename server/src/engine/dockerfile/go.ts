import type { Instruction } from 'dockerfile-ast';
import type { TextEdit } from '../types';
import type { LineIndex } from '../text';
import { jsonStringValue, type ShellCommand, type ShellQuoting, type ShellWord } from './shell';
import { imageDefaultUserIsRoot, isGolangImage } from './image';
import { runStepAt, type DockerfileModel, type EnvValue, type GoFlag, type GoInvocation, type RunStep, type Stage } from './stages';

export type { GoFlag, GoInvocation } from './stages';

/** Build flags that take a value (`-o out`, `-ldflags '…'`); every other flag is a boolean. */
const VALUE_FLAGS = new Set([
  'C', 'o', 'p', 'asmflags', 'buildmode', 'compiler', 'covermode', 'coverpkg', 'gccgoflags', 'gcflags', 'installsuffix',
  'ldflags', 'mod', 'modfile', 'overlay', 'pgo', 'pkgdir', 'tags', 'toolexec', 'exec',
]);
const GO_COMMANDS = new Set(['go', 'xx-go']);

export function parseGoInvocation(
  command: ShellCommand,
  stageEnv: Map<string, EnvValue>,
  stage: Stage,
  instruction: Instruction,
): GoInvocation | undefined {
  const [goWord, subWord, ...rest] = command.words;
  if (!goWord || !subWord) return undefined;
  const exe = goWord.value.slice(goWord.value.lastIndexOf('/') + 1);
  if (!GO_COMMANDS.has(exe)) return undefined;
  let subcommand: GoInvocation['subcommand'] = 'other';
  if (subWord.value === 'build' || subWord.value === 'install') subcommand = subWord.value;
  else if (subWord.value === 'mod' && rest[0]?.value === 'download') subcommand = 'mod download';
  const env = new Map(stageEnv);
  // `CGO_ENABLED=$CGO_ENABLED go build`: a value is expanded with what was in scope before it.
  const shellValue = (a: ShellCommand['assigns'][number]): EnvValue => ({
    value: resolveVars(a.value, { env }),
    origin: 'shell',
    range: a.range,
    ...(a.valueRange ? { valueRange: a.valueRange } : {}),
  });
  for (const [name, a] of command.scriptVars) env.set(name, shellValue(a));
  for (const a of command.assigns) env.set(a.name, shellValue(a));
  const flags: GoFlag[] = [];
  const packages: ShellWord[] = [];
  if (subcommand === 'build' || subcommand === 'install') {
    let i = 0;
    // Go's flag parsing stops at the first argument that is not a flag, and after `--`.
    for (; i < rest.length; i++) {
      const word = rest[i];
      if (word.value === '--') {
        i++;
        break;
      }
      // `go build ${GOBUILDFLAGS} -o /app .`: a variable that expands to flags (or to nothing) does not end the flags.
      if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(word.value)) {
        const expanded = resolveVars(word.value, { env });
        if (expanded.includes('$')) {
          if (rest.slice(i + 1).some((w) => w.value.startsWith('-'))) continue;
          break;
        }
        const parsed = flagsOfText(expanded, word);
        if (!parsed) break;
        flags.push(...parsed);
        continue;
      }
      const m = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(word.value);
      if (!m) break;
      const name = m[1];
      if (m[2] !== undefined || !VALUE_FLAGS.has(name)) {
        flags.push({ name, value: m[2], word });
      } else {
        const valueWord = rest[i + 1];
        flags.push({ name, value: valueWord?.value, word, ...(valueWord ? { valueWord } : {}) });
        i++;
      }
    }
    packages.push(...rest.slice(i));
  }
  return { subcommand, command, goWord, subcommandWord: subWord, flags, packages, env, stage, instruction };
}

/** The flags in a variable's value, all attributed to the variable's word; undefined when the value holds a non-flag. */
function flagsOfText(text: string, word: ShellWord): GoFlag[] | undefined {
  const tokens = splitQuoted(text);
  const flags: GoFlag[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const m = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(tokens[k]);
    if (!m) return undefined;
    if (m[2] !== undefined || !VALUE_FLAGS.has(m[1])) flags.push({ name: m[1], value: m[2], word, fromVariable: true });
    else flags.push({ name: m[1], value: tokens[++k], word, fromVariable: true });
  }
  return flags;
}

/** The last occurrence of a flag (Go keeps the last value). */
export function goFlag(invocation: GoInvocation, name: string): GoFlag | undefined {
  return invocation.flags.filter((f) => f.name === name).pop();
}

/** The effective value of a variable for this invocation, with `$VAR` references resolved once. */
export function goEnv(invocation: Pick<GoInvocation, 'env'>, name: string): string | undefined {
  const v = invocation.env.get(name);
  if (!v) return undefined;
  return resolveVars(v.value, invocation, name);
}

/** Replaces `$VAR` / `${VAR}` with their values for this invocation, when known. */
export function resolveVars(value: string, invocation: Pick<GoInvocation, 'env'>, self?: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, bare) => {
    const name = braced ?? bare;
    if (name === self) return whole;
    const v = invocation.env.get(name);
    return v && v.value !== '' ? v.value : whole;
  });
}

/** `go build`/`go install`. */
export function isBuild(invocation: GoInvocation): boolean {
  return invocation.subcommand === 'build' || invocation.subcommand === 'install';
}

/** `go build`/`go install` whose output can reach a runtime stage (dev-stage builds exempt). */
export function isRuntimeBoundBuild(invocation: GoInvocation): boolean {
  return isBuild(invocation) && invocation.stage.reachesRuntime && !invocation.stage.isDev;
}

/** The RUN instruction an invocation belongs to. */
export function runStepOf(invocation: GoInvocation): RunStep | undefined {
  return runStepAt(invocation.stage, invocation.instruction);
}

/** `go build` as the user reads it: from the `go` word to the subcommand. */
export function invocationRange(invocation: GoInvocation, index: LineIndex): import('../types').Range {
  return index.rangeOf(invocation.goWord.start, invocation.subcommandWord.end);
}

/**
 * Splits a flag list the way the go command does (`-X 'main.v=a b' -s`): on blanks, keeping
 * single- or double-quoted parts together.
 */
export function splitQuoted(value: string): string[] {
  const out: string[] = [];
  const re = /(?:'[^']*'|"[^"]*"|[^\s'"]+)+/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push(m[0].replace(/'([^']*)'|"([^"]*)"/g, '$1$2'));
  return out;
}

/** `-ldflags=all=-s -w`: the `pattern=` before the flag list, if any. */
export function flagsPattern(value: string): string | undefined {
  const m = /^([^\s\-'"][^\s='"]*)=/.exec(value);
  return m ? m[1] : undefined;
}

/** The flags of a `-ldflags`/`-gcflags` style value as the go command will see them; undefined when a variable hides part of it. */
export function toolFlags(value: string, invocation: GoInvocation): string[] | undefined {
  let v = resolveVars(value, invocation);
  const pattern = flagsPattern(v);
  if (pattern !== undefined) v = v.slice(pattern.length + 1);
  const tokens = splitQuoted(v);
  if (tokens.some((t) => /^\$/.test(t) || t.includes('$('))) return undefined;
  return tokens;
}

/** `-ldflags`/`-trimpath`… given in `GOFLAGS` (space separated, quotes allowed). */
export function goFlagsFromEnv(invocation: GoInvocation): { name: string; value?: string }[] {
  const goflags = goEnv(invocation, 'GOFLAGS');
  if (!goflags) return [];
  return splitQuoted(goflags).flatMap((t) => {
    const m = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(t);
    return m ? [{ name: m[1], value: m[2] }] : [];
  });
}

// ---- Edits on a go command line. Small, local insertions so that several rules' fixes combine.

export interface EditTarget {
  text: string;
  index: LineIndex;
  escapeChar: string;
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

// ---- Shared by the build rules.

/**
 * `go install tool@v1.2.3`, `go install tool` (go.mod tool directives), or `go install tool` with the
 * tools' package paths: tools for the build itself, not the service that ships (which is built from
 * a local path such as `./cmd/server`).
 */
export function isToolInstall(invocation: GoInvocation): boolean {
  const values = invocation.packages.map((p) => p.value);
  if (invocation.subcommand !== 'install' || values.length === 0) return false;
  if (values.every((v) => v.includes('@') || v === 'tool')) return true;
  return values.includes('tool') && values.every((v) => !v.startsWith('.') && !v.startsWith('/') && !v.includes('$'));
}

/** The builds the build rules judge: runtime-bound `go build`/`go install`, tool installs aside. */
export function judgedBuilds(model: DockerfileModel): GoInvocation[] {
  return model.goInvocations.filter((g) => isRuntimeBoundBuild(g) && !isToolInstall(g));
}

export function editTargetOf(model: DockerfileModel): EditTarget {
  return { text: model.index.text, index: model.index, escapeChar: model.escapeChar };
}

/**
 * Where to put a new `NAME=value` prefix so it sits right before `go` after existing ones
 * (`CGO_ENABLED=0 GOOS=… go build`); at the command start when a wrapper (`exec`, `nice`) is in between.
 */
export function goPrefixPoint(text: string, invocation: GoInvocation): number {
  const { command, goWord } = invocation;
  let between = text.slice(command.start, goWord.start);
  for (const a of [...command.assigns].sort((x, y) => (y.start ?? 0) - (x.start ?? 0))) {
    if (a.start === undefined || a.end === undefined || a.start < command.start || a.end > goWord.start) continue;
    between = between.slice(0, a.start - command.start) + between.slice(a.end - command.start);
  }
  return /^[\s\\`]*$/.test(between) ? goWord.start : command.start;
}

/**
 * The module and build cache directories this invocation uses; undefined when a variable hides one,
 * or when the default depends on a home directory the file does not show.
 */
export function goCachePaths(invocation: Pick<GoInvocation, 'env' | 'stage'>): { modcache?: string; buildcache?: string } {
  const known = (v: string | undefined) => (v !== undefined && v !== '' && !v.includes('$') ? v : undefined);
  const set = (name: string) => invocation.env.has(name) && goEnv(invocation, name) !== '';
  const home = set('HOME') ? known(goEnv(invocation, 'HOME')) : defaultHome(invocation.stage);
  // The golang images set GOPATH=/go; elsewhere Go's default GOPATH is $HOME/go.
  let modcache: string | undefined = golangBased(invocation.stage) ? '/go/pkg/mod' : mapKnown(home, (d) => `${d}/go/pkg/mod`);
  if (set('GOMODCACHE')) modcache = known(goEnv(invocation, 'GOMODCACHE'));
  else if (set('GOPATH')) {
    const first = known(goEnv(invocation, 'GOPATH')?.split(':')[0]);
    modcache = first ? `${first.replace(/\/+$/, '')}/pkg/mod` : undefined;
  }
  let buildcache: string | undefined = mapKnown(home, (d) => `${d}/.cache/go-build`);
  if (set('GOCACHE')) buildcache = known(goEnv(invocation, 'GOCACHE'));
  else if (set('XDG_CACHE_HOME')) buildcache = mapKnown(known(goEnv(invocation, 'XDG_CACHE_HOME')), (d) => `${d}/go-build`);
  return { modcache, buildcache };
}

/** The stage's root image is a golang image (GOPATH=/go). */
function golangBased(stage: Stage): boolean {
  const seen = new Set<Stage>();
  let s = stage;
  while (s.parent && !seen.has(s)) {
    seen.add(s);
    s = s.parent;
  }
  // `golang:$GO_IMAGE_TAG` is a golang image whatever the tag.
  return !s.image.repository.includes('$') && isGolangImage(s.image);
}

/** `/root` when the stage runs as root (no USER in it or the stages it is built on); unknown after a USER. */
function defaultHome(stage: Stage): string | undefined {
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !seen.has(s); s = s.parent) {
    seen.add(s);
    const user = [...s.instructions].reverse().find((i) => i.getKeyword() === 'USER');
    if (user) return /^(root|0)(:.*)?$/.test(user.getArgumentsContent()?.trim() ?? '') ? '/root' : undefined;
    if (!s.parent) return golangBased(s) || imageDefaultUserIsRoot(s.image) === true ? '/root' : undefined;
  }
  return undefined;
}

function mapKnown(v: string | undefined, f: (v: string) => string): string | undefined {
  return v === undefined ? undefined : f(v.replace(/\/+$/, ''));
}

/** Targets of the `--mount=type=cache` flags of a RUN. */
export function cacheMountTargets(run: RunStep): string[] {
  const targets: string[] = [];
  for (const flag of run.flags) {
    if (flag.name.toLowerCase() !== 'mount' || !flag.value) continue;
    const options = new Map<string, string>();
    for (const part of flag.value.split(',')) {
      const eq = part.indexOf('=');
      options.set((eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase(), eq === -1 ? '' : part.slice(eq + 1).trim());
    }
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
    if (options.get('type') === 'cache' && target) targets.push(target);
  }
  return targets;
}

/** True when one of the mount targets is `path` or a directory above it (`/root/.cache` covers the build cache). */
export function isCoveredByMount(path: string, targets: string[]): boolean {
  const p = path.replace(/\/+$/, '');
  return targets.some((t) => {
    const m = t.replace(/\/+$/, '');
    return m !== '' && (p === m || p.startsWith(`${m}/`));
  });
}

/** Arguments of a COPY/ADD (sources, then the destination), shell or JSON form, without flags and heredocs. */
export function copyArguments(model: DockerfileModel, instruction: Instruction): { value: string; range: import('../types').Range }[] {
  const args = instruction.getArguments();
  if (args.length > 0 && args[0].getValue().startsWith('[')) {
    const strings = (instruction as unknown as { getJSONStrings?(): import('dockerfile-ast').JSONArgument[] }).getJSONStrings?.() ?? [];
    return strings.map((s) => {
      const r = s.getRange();
      return { value: jsonStringValue(model.index.text, model.index.offsetAt(r.start), model.index.offsetAt(r.end)), range: r };
    });
  }
  return args.filter((a) => !a.getValue().startsWith('<<')).map((a) => ({ value: a.getValue(), range: a.getRange() }));
}
