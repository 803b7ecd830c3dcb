import type { Instruction } from 'dockerfile-ast';
import type { ShellCommand, ShellWord } from './shell';
import type { EnvValue, Stage } from './model';

export interface GoFlag {
  /** Without dashes: `ldflags`, `trimpath`. */
  name: string;
  /** `-ldflags=-s -w` or `-ldflags "-s -w"`: the value; undefined for booleans given bare. */
  value?: string;
  /** The flag word (`-ldflags` or `-ldflags=…`). */
  word: ShellWord;
  /** The separate value word, when the value is not joined with `=`. */
  valueWord?: ShellWord;
}

export interface GoInvocation {
  subcommand: 'build' | 'install' | 'mod download' | 'other';
  command: ShellCommand;
  /** The `go` word (or `xx-go`, `tinygo`…). */
  goWord: ShellWord;
  subcommandWord: ShellWord;
  flags: GoFlag[];
  /** Package arguments (`./cmd/server`, `.`). */
  packages: ShellWord[];
  /** Variables in effect for this command: stage ENV/ARG, then shell assignments, then the prefix. */
  env: Map<string, EnvValue>;
  stage: Stage;
  instruction: Instruction;
}

const BOOL_FLAGS = new Set([
  'a', 'n', 'x', 'v', 'race', 'msan', 'asan', 'cover', 'linkshared', 'modcacherw', 'trimpath', 'work', 'json', 'buildvcs',
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
  const exe = goWord.value.split('/').pop() ?? '';
  if (!GO_COMMANDS.has(exe)) return undefined;
  let subcommand: GoInvocation['subcommand'] = 'other';
  if (subWord.value === 'build' || subWord.value === 'install') subcommand = subWord.value;
  else if (subWord.value === 'mod' && rest[0]?.value === 'download') subcommand = 'mod download';
  const env = new Map(stageEnv);
  for (const [name, a] of command.scriptVars) env.set(name, { value: a.value, origin: 'shell', range: a.range });
  for (const a of command.assigns) env.set(a.name, { value: a.value, origin: 'shell', range: a.range });
  const flags: GoFlag[] = [];
  const packages: ShellWord[] = [];
  if (subcommand === 'build' || subcommand === 'install') {
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i];
      const m = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(word.value);
      if (!m) {
        packages.push(word);
        continue;
      }
      const name = m[1];
      if (m[2] !== undefined || BOOL_FLAGS.has(name)) {
        flags.push({ name, value: m[2], word });
      } else {
        const valueWord = rest[i + 1];
        flags.push({ name, value: valueWord?.value, word, valueWord });
        i++;
      }
    }
  }
  return { subcommand, command, goWord, subcommandWord: subWord, flags, packages, env, stage, instruction };
}

export function goFlag(invocation: GoInvocation, name: string): GoFlag | undefined {
  return invocation.flags.filter((f) => f.name === name).pop();
}

/** The effective value of a variable for this invocation, with `$VAR` references resolved once. */
export function goEnv(invocation: GoInvocation, name: string): string | undefined {
  const v = invocation.env.get(name);
  if (!v) return undefined;
  const ref = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(v.value);
  if (ref && ref[1] !== name) return invocation.env.get(ref[1])?.value ?? v.value;
  return v.value;
}

/** `go build`/`go install` whose output can reach a runtime stage (dev-stage builds exempt). */
export function isRuntimeBoundBuild(invocation: GoInvocation): boolean {
  return (invocation.subcommand === 'build' || invocation.subcommand === 'install') && invocation.stage.reachesRuntime && !invocation.stage.isDev;
}
