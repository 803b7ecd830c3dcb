// What is in effect at an instruction of a stage, following the stages it is built on: the
// working directory, the user, and where a command word is looked up (PATH). Pure functions over the model.
import * as path from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import { chainInstructions, stageChain, type Stage } from './stages';
import { resolvedValue } from './variables';
import { isGolangImage } from './image';

/** The working directory in effect just before `before` (or at the end of the stage); undefined when unknown. */
export function workdirAt(stage: Stage, before?: Instruction): string | undefined {
  const chain = stageChain(stage);
  let dir: string | undefined = isGolangImage(chain[0].image) ? '/go' : '/';
  for (const { stage: s, instruction } of chainInstructions(stage)) {
    if (instruction === before) break;
    if (instruction.getKeyword() !== 'WORKDIR') continue;
    const raw = instruction.getArguments().map((a) => a.getValue()).join(' ');
    const value = resolvedValue(raw, s.env);
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
  const resolved = resolvedValue(raw, stage.env);
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

