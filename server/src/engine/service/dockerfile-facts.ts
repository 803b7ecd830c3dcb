// What the service rules read from a Dockerfile model: the shipped image's user and ports, and
// where a `go build` finds its package in the build context.
import * as path from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { DockerfileModel, RunStep, Stage } from '../dockerfile/model';
import { baseImageOf } from '../dockerfile/model';
import { mountSource, mountTarget, stageChain } from '../dockerfile/stages';
import { flagsOf } from '../dockerfile/ast';
import { isGolangImage, type ImageRef } from '../dockerfile/image';
import type { GoInvocation } from '../dockerfile/go';
import type { ShellWord } from '../dockerfile/shell';

/** The UID distroless and Chainguard give their `nonroot` user. */
export const NONROOT_UID = 65532;

export interface ImageUser {
  /** Numeric UID when known. */
  uid?: number;
  /** The user as written (`nonroot:nonroot`), or the base image's default. */
  written: string;
  /** A name rather than a number: the kubelet cannot verify `runAsNonRoot` against it. */
  isName: boolean;
  /** The USER instruction's argument; undefined when the base image's default applies. */
  range?: Range;
}

export interface ExposedPort {
  port: number;
  range: Range;
}

/** The stage that ships: the last stage, unless it is a dev stage; then the last runtime stage. */
export function shippedStage(model: DockerfileModel): Stage | undefined {
  const last = model.stages[model.stages.length - 1];
  if (last?.isRuntime) return last;
  return model.runtimeStages[model.runtimeStages.length - 1];
}

function lastInstruction(stage: Stage, keyword: string): Instruction | undefined {
  for (const s of stageChain(stage).reverse()) {
    const found = s.instructions.filter((i) => i.getKeyword() === keyword).pop();
    if (found) return found;
  }
  return undefined;
}

function isNonrootBase(image: ImageRef): boolean {
  if (image.registry === 'gcr.io' && image.repository.startsWith('distroless/')) return /(^|-)nonroot($|-)/.test(image.tag ?? '');
  return image.registry === 'cgr.dev' && image.repository === 'chainguard/static';
}

/** The user the image runs as; undefined when it cannot be told (a variable, or a name on an unknown base). */
export function imageUser(stage: Stage): ImageUser | undefined {
  const base = baseImageOf(stage);
  const user = lastInstruction(stage, 'USER');
  if (!user) {
    if (isNonrootBase(base)) return { uid: NONROOT_UID, written: `${base.raw} (default user nonroot)`, isName: false };
    return undefined;
  }
  const args = user.getArguments();
  if (args.length === 0) return undefined;
  const written = args[0].getValue();
  const range = { start: args[0].getRange().start, end: args[args.length - 1].getRange().end };
  if (written.includes('$')) return undefined;
  const name = written.split(':')[0];
  if (/^\d+$/.test(name)) return { uid: Number(name), written, isName: false, range };
  if (name === 'root') return { uid: 0, written, isName: true, range };
  if (name === 'nonroot' && (isNonrootBase(base) || (base.registry === 'gcr.io' && base.repository.startsWith('distroless/')))) {
    return { uid: NONROOT_UID, written, isName: true, range };
  }
  return { written, isName: true, range };
}

/** TCP ports of the shipped stage's EXPOSE instructions (its parents' included). */
export function exposedPorts(stage: Stage): ExposedPort[] {
  const ports: ExposedPort[] = [];
  for (const s of stageChain(stage)) {
    for (const instruction of s.instructions) {
      if (instruction.getKeyword() !== 'EXPOSE') continue;
      for (const arg of instruction.getArguments()) {
        const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(arg.getValue());
        if (m && (m[2] ?? 'tcp').toLowerCase() === 'tcp') ports.push({ port: Number(m[1]), range: arg.getRange() });
      }
    }
  }
  return ports;
}

/** A `FROM golang:<version>` the service is compiled with. */
export interface GolangFrom {
  stage: Stage;
  version: string;
}

export function golangFroms(model: DockerfileModel, goVersionOfTag: (tag: string | undefined) => string | undefined): GolangFrom[] {
  const out: GolangFrom[] = [];
  for (const stage of model.stages) {
    if (stage.parent || !isGolangImage(stage.image) || stage.image.unresolved) continue;
    const version = goVersionOfTag(stage.image.tag);
    if (version) out.push({ stage, version });
  }
  return out;
}

/** One package argument of a `go build` / `go install`, located in the build context when possible. */
export interface BuildTarget {
  invocation: GoInvocation;
  /** The argument as written (`./cmd/api`), or `.` when none is given. */
  written: string;
  /** The package word, or the `build` word when the package is implicit. */
  range: Range;
  /** Context-relative folder (posix, `''` for the context root); undefined when it cannot be located. */
  contextDir?: string;
}

/**
 * Locates each `go build`/`go install` package in the build context: the build's working folder
 * (WORKDIR, then `cd` in the same RUN) is mapped back through the COPY/ADD instructions and bind
 * mounts that put context folders into the image. Anything that cannot be followed (variables,
 * `...` patterns, remote packages, sources never copied) stays unlocated, and rules stay quiet.
 */
export function buildTargets(model: DockerfileModel, modulePath: string | undefined, isContextDir: (rel: string) => boolean): BuildTarget[] {
  const targets: BuildTarget[] = [];
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      for (const invocation of run.goInvocations) {
        if (invocation.subcommand !== 'build' && invocation.subcommand !== 'install') continue;
        const words: (ShellWord | undefined)[] = invocation.packages.length ? invocation.packages : [undefined];
        for (const word of words) {
          const written = word?.value ?? '.';
          const target: BuildTarget = { invocation, written, range: (word ?? invocation.subcommandWord).range };
          const imagePath = packageImagePath(written, modulePath, stage, run, invocation);
          if (imagePath === null) continue;
          if (imagePath !== undefined) target.contextDir = contextDirOf(imagePath, stage, run, isContextDir);
          targets.push(target);
        }
      }
    }
  }
  return targets;
}

/**
 * Absolute image path of the package folder; null when the argument is not a local package of
 * this module (remote module, `@version`, pattern, variable); undefined when the folder cannot be told.
 */
function packageImagePath(written: string, modulePath: string | undefined, stage: Stage, run: RunStep, invocation: GoInvocation): string | null | undefined {
  if (written.includes('$') || written.includes('...') || written.includes('@') || written.startsWith('-')) return null;
  let rel: string;
  if (written === '.' || written === '..' || written.startsWith('./') || written.startsWith('../') || written.startsWith('/')) rel = written;
  else if (modulePath && (written === modulePath || written.startsWith(`${modulePath}/`))) rel = `.${written.slice(modulePath.length)}` || '.';
  else if (written.endsWith('.go')) rel = written;
  else return null;
  const cwd = workingDirAt(stage, run.instruction, run, invocation);
  if (cwd === undefined) return undefined;
  const abs = path.posix.resolve(cwd, rel);
  return written.endsWith('.go') ? path.posix.dirname(abs) : abs;
}

/** WORKDIR in effect at `until` (inherited from parent stages), then `cd` commands before the invocation in the same RUN. */
function workingDirAt(stage: Stage, until: Instruction, run: RunStep, invocation: GoInvocation): string | undefined {
  let cwd = workdirBefore(stage, until);
  if (cwd === undefined) return undefined;
  for (const command of run.commands) {
    if (command === invocation.command) break;
    if (command.words[0]?.value === 'cd' && command.words[1]) {
      if (command.words[1].value.includes('$')) return undefined;
      cwd = path.posix.resolve(cwd, command.words[1].value);
    }
  }
  return cwd;
}

function workdirBefore(stage: Stage, until: Instruction | undefined): string | undefined {
  let cwd: string | undefined = stage.parent ? workdirBefore(stage.parent, undefined) : isGolangImage(stage.image) ? '/go' : '/';
  for (const instruction of stage.instructions) {
    if (instruction === until) break;
    if (instruction.getKeyword() !== 'WORKDIR') continue;
    const value = instruction.getArguments().map((a) => a.getValue()).join(' ');
    cwd = cwd === undefined || value.includes('$') ? undefined : path.posix.resolve(cwd, value);
  }
  return cwd;
}

interface ContextMapping {
  /** Context-relative source folder (posix, '' for the root). */
  source: string;
  /** Absolute image folder it lands in. */
  dest: string;
}

/** Context folders copied or bind-mounted into the stage before `run`, latest first. */
function contextMappings(stage: Stage, run: RunStep, isContextDir: (rel: string) => boolean): ContextMapping[] {
  const mappings: ContextMapping[] = [];
  for (const s of stageChain(stage)) {
    for (const instruction of s.instructions) {
      if (instruction === run.instruction) break;
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      if (flagsOf(instruction).some((f) => f.getName().toLowerCase() === 'from')) continue;
      const args = copyArguments(instruction);
      if (args.length < 2) continue;
      const destWritten = args[args.length - 1];
      const cwd = workdirBefore(s, instruction);
      if (cwd === undefined || destWritten.includes('$')) continue;
      const dest = path.posix.resolve(cwd, destWritten);
      for (const src of args.slice(0, -1)) {
        const source = contextRelative(src);
        if (source !== undefined && isContextDir(source)) mappings.push({ source, dest });
      }
    }
  }
  for (const mount of run.mounts) {
    if (mount.options.get('type') !== 'bind' || mount.options.has('from')) continue;
    const target = mountTarget(mount);
    const source = contextRelative(mountSource(mount) ?? '.');
    const cwd = workdirBefore(stage, run.instruction);
    if (!target || source === undefined || cwd === undefined || target.includes('$')) continue;
    mappings.push({ source, dest: path.posix.resolve(cwd, target) });
  }
  return mappings.reverse();
}

function copyArguments(instruction: Instruction): string[] {
  const args = instruction.getArguments().map((a) => a.getValue());
  if (args[0]?.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args.join(' '));
      return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : [];
    } catch {
      return [];
    }
  }
  return args;
}

/** A COPY source as a context-relative folder path; undefined for globs, URLs and variables. */
function contextRelative(src: string): string | undefined {
  if (/[*?[$]/.test(src) || /^[a-z][a-z0-9+.-]*:\/\//i.test(src)) return undefined;
  const normalized = path.posix.normalize(`/${src}`).slice(1).replace(/\/$/, '');
  return normalized === '.' ? '' : normalized;
}

function contextDirOf(imagePath: string, stage: Stage, run: RunStep, isContextDir: (rel: string) => boolean): string | undefined {
  for (const m of contextMappings(stage, run, isContextDir)) {
    const rel = path.posix.relative(m.dest, imagePath);
    if (rel.startsWith('..') || path.posix.isAbsolute(rel)) continue;
    return path.posix.join(m.source, rel).replace(/^\.$/, '');
  }
  return undefined;
}
