// The Dockerfile model's data: stages, their RUN steps (and `--mount`s) and the go commands in
// them, with the walks every reader needs (a stage's chain of parents, a RUN step by instruction).
// A leaf that model.ts (which builds it) and go.ts (which reads go commands) both import, so
// neither imports the other.
import type { Dockerfile, From, Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { LineIndex } from '../text';
import type { ImageRef } from './image';
import type { ShellCommand, ShellWord } from './shell';

export interface EnvValue {
  value: string;
  origin: 'ENV' | 'ARG' | 'shell';
  range: Range;
  /** The value as written (quotes included), when this declaration writes one. */
  valueRange?: Range;
}

export interface RunStep {
  instruction: Instruction;
  /** `--mount=...` and other flags of the RUN, as written. */
  flags: { name: string; value: string | null; range: Range }[];
  /** The `--mount=` flags, their options read once. */
  mounts: RunMount[];
  /** Simple commands of the script (exec form: one command of the JSON words). */
  commands: ShellCommand[];
  /** ENV/ARG in effect when this RUN starts (inherited from parent stages included). */
  envBefore: Map<string, EnvValue>;
  goInvocations: GoInvocation[];
}

/** One `--mount=type=cache,target=/root/.cache` of a RUN. */
export interface RunMount {
  /** Options by lower-cased name (BuildKit reads them so), values trimmed; `''` for a bare option such as `readonly`. */
  options: ReadonlyMap<string, string>;
  range: Range;
}

/** Reads a `--mount=` value: comma-separated `name=value` options. */
export function parseMount(value: string, range: Range): RunMount {
  const options = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    options.set((eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase(), eq === -1 ? '' : part.slice(eq + 1).trim());
  }
  return { options, range };
}

/** Where a mount appears in the container (`target`, `dst` or `destination`). */
export function mountTarget(mount: RunMount): string | undefined {
  return mount.options.get('target') ?? mount.options.get('dst') ?? mount.options.get('destination');
}

/** What a mount exposes (`source` or `src`), relative to the context or the `from` stage. */
export function mountSource(mount: RunMount): string | undefined {
  return mount.options.get('source') ?? mount.options.get('src');
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as BuildKit matches it; undefined when unnamed. */
  name?: string;
  nameRange?: Range;
  from: From;
  fromRange: Range;
  /** The image as written (after ARG substitution); for `FROM other-stage` the stage reference. */
  image: ImageRef;
  imageRange: Range;
  /** The stage this one is built on (`FROM deps AS build`). */
  parent?: Stage;
  platform?: string;
  instructions: Instruction[];
  runs: RunStep[];
  /** ENV/ARG in effect at the end of the stage, including what it inherits. */
  env: Map<string, EnvValue>;
  /** Stages this one reads from: its parent, `COPY --from`, `RUN --mount=from=`. */
  dependsOn: Set<Stage>;
  isRuntime: boolean;
  isDev: boolean;
  isBuilder: boolean;
  /** True when some runtime stage needs this stage's output (itself included). */
  reachesRuntime: boolean;
}

export interface DockerfileModel {
  ast: Dockerfile;
  index: LineIndex;
  escapeChar: string;
  stages: Stage[];
  isGo: boolean;
  /** Runtime stages that rules about the shipped image judge (dev stages excluded). */
  runtimeStages: Stage[];
  goInvocations: GoInvocation[];
}

const runSteps = new WeakMap<Stage, Map<Instruction, RunStep>>();

/**
 * The RUN step of a stage's RUN instruction, from a map built on first use: rules ask for it per
 * instruction or per go command, and a search of `stage.runs` each time made a stage of thousands
 * of RUN lines quadratic.
 */
export function runStepAt(stage: Stage, instruction: Instruction): RunStep | undefined {
  let map = runSteps.get(stage);
  if (!map) {
    map = new Map(stage.runs.map((r) => [r.instruction, r]));
    runSteps.set(stage, map);
  }
  return map.get(instruction);
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

export interface GoFlag {
  /** Without dashes: `ldflags`, `trimpath`. */
  name: string;
  /** `-ldflags=-s -w` or `-ldflags "-s -w"`: the value; undefined for booleans given bare. */
  value?: string;
  /** The flag word (`-ldflags` or `-ldflags=…`). */
  word: ShellWord;
  /** The separate value word, when the value is not joined with `=`. */
  valueWord?: ShellWord;
  /** Given by a variable (`go build ${GOBUILDFLAGS} …`): `word` is the variable, which edits must not touch. */
  fromVariable?: boolean;
}

export interface GoInvocation {
  subcommand: 'build' | 'install' | 'mod download' | 'other';
  command: ShellCommand;
  /** The `go` word (or `xx-go`, `/usr/local/go/bin/go`…). */
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
