// The go commands of a RUN step: `go build`/`go install`/`go mod download` with their flags,
// packages and the variables in effect, read from the shell tokenizer's commands; and what an
// invocation says (a flag's last value, a variable, the tool flags the go command will see).
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { LineIndex } from '../text';
import type { ShellCommand, ShellWord } from './shell';
import { runStepAt, type EnvValue, type GoFlag, type GoInvocation, type RunStep, type Stage } from './stages';
import { substitute } from './variables';

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
    value: substitute(a.value, env),
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
        const expanded = substitute(word.value, env);
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
  return substitute(v.value, invocation.env, name);
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
export function invocationRange(invocation: GoInvocation, index: LineIndex): Range {
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
  let v = substitute(value, invocation.env);
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
