// What COPY and ADD put into a stage: the sources and destination of one COPY/ADD (its
// `--from` stage, `--chown`), every path copied into a stage (the stages it is built on
// included), and the files `go build`/`go install` write there.
import * as path from 'node:path';
import type { Argument, Instruction } from 'dockerfile-ast';
import type { Range } from '../types';
import type { LineIndex } from '../text';
import { chainInstructions, runStepAt, stageChain, type DockerfileModel, type GoInvocation, type Stage } from './stages';
import { jsonStringValue, shellSourceFromDocument } from './shell';
import { flagsOf, jsonStringsOf } from './ast';
import { resolvedValue } from './variables';
import { goEnv, goFlag } from './go';
import { parseJsonArray, type ArgWord } from './command-line';
import { workdirAt } from './instructions';

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
  const flags = flagsOf(instruction);
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

function argWord(index: LineIndex, a: Argument): ArgWord {
  const r = a.getRange();
  return { value: a.getValue(), range: r, start: index.offsetAt(r.start), end: index.offsetAt(r.end) };
}

/** Arguments of a COPY/ADD (sources, then the destination), shell or JSON form, without flags and heredocs. */
export function copyArguments(model: DockerfileModel, instruction: Instruction): { value: string; range: Range }[] {
  const args = instruction.getArguments();
  if (args.length > 0 && args[0].getValue().startsWith('[')) {
    const strings = jsonStringsOf(instruction);
    return strings.map((s) => {
      const r = s.getRange();
      return { value: jsonStringValue(model.index.text, model.index.offsetAt(r.start), model.index.offsetAt(r.end)), range: r };
    });
  }
  return args.filter((a) => !a.getValue().startsWith('<<')).map((a) => ({ value: a.getValue(), range: a.getRange() }));
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
    const destRaw = resolvedValue(step.dest.value, s.env);
    if (destRaw === undefined) continue;
    const dest = path.posix.resolve(workdir, destRaw);
    const destIsFolder = /\/$/.test(destRaw) || destRaw === '.' || step.sources.length > 1;
    const known = step.from?.stage ? knownFileOutputs(step.from.stage) : new Set<string>();
    for (const source of step.sources) {
      const src = resolvedValue(source.value, s.env);
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
export function knownFileOutputs(stage: Stage): Set<string> {
  const out = new Set<string>();
  for (const s of stageChain(stage)) {
    for (const run of s.runs) {
      for (const inv of run.goInvocations) {
        const o = goBuildOutput(inv);
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
export function goBuildOutput(inv: GoInvocation): string | undefined {
  if (inv.subcommand !== 'build' && inv.subcommand !== 'install') return undefined;
  const run = runStepAt(inv.stage, inv.instruction);
  let cwd = workdirAt(inv.stage, inv.instruction);
  for (const command of run?.commands ?? []) {
    if (command === inv.command || command.start >= inv.command.start) break;
    if (command.words[0]?.value === 'cd' && command.words[1] && cwd !== undefined) {
      const target = resolvedValue(command.words[1].value, inv.env);
      cwd = target === undefined ? undefined : path.posix.resolve(cwd, target);
    }
  }
  const name = outputName(inv);
  const o = goFlag(inv, 'o');
  if (o && inv.subcommand === 'build') {
    const value = o.value === undefined ? undefined : resolvedValue(o.value, inv.env);
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
