// What can and cannot happen in a minimal runtime image (no shell, no package manager), and the
// rewrite of a runtime stage onto distroless static nonroot. Shared by the runtime rules.
import type { Instruction } from 'dockerfile-ast';
import type { TextEdit } from '../types';
import { PREFERRED_RUNTIME_IMAGE } from '../config';
import { baseImageOf, runStepAt, type DockerfileModel, type RunStep, type Stage } from './model';
import { isGolangImage, isWindowsImage, MINIMAL_IMAGE_MISSING_TOOLS } from './image';
import { parseShellCommands, shellSourceFromDocument, type ShellCommand } from './shell';
import { executableCandidates, isNumericId, userSpecOf } from './instructions';
import {
  commentOutLines,
  deleteLines,
  insertAfterLine,
  insertBeforeLine,
  instructionLines,
  removableInstructionLines,
  attachedCommentStart,
  continuesAfter,
  indentOf,
  keywordLike,
} from './edits';
import { commandLineOf, commandName, execFormText, INIT_WRAPPERS, type ArgWord, type CommandLine } from './command-line';
import { copiedInto, copyStepOf } from './copies';
import { stageChain } from './stages';

/**
 * True when the shipped stage is also where Go compiles: based on `golang`, or running
 * `go build`/`go install` itself (or in a stage it is built on). `multi-stage-build` owns that case.
 */
export function compilesInRuntime(stage: Stage): boolean {
  return isGolangImage(baseImageOf(stage)) || stageChain(stage).some((s) => s.isBuilder);
}

/** True when the stage is built on another runtime stage, whose findings already cover what it inherits. */
export function inheritsRuntimeStage(stage: Stage): boolean {
  return stageChain(stage).slice(0, -1).some((s) => s.isRuntime);
}

const PACKAGE_MANAGERS = new Set(['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'tdnf', 'zypper', 'dpkg']);
const USER_TOOLS = new Set(['adduser', 'addgroup', 'useradd', 'groupadd', 'usermod', 'groupmod']);
const OWNERSHIP_TOOLS = new Set(['chown', 'chmod', 'chgrp']);
const NEUTRAL = new Set(['set', 'true', ':']);
const INSTALL_VERBS = new Set(['add', 'install', 'reinstall', '-i']);
const CERT_PACKAGES = new Set(['ca-certificates', 'tzdata']);
const CACHE_PATH = /^\/(var\/lib\/apt\/lists|var\/cache|tmp)(\/|$)/;

/** What one command of a RUN does, as far as a distroless image is concerned. */
type CommandKind = 'packages' | 'certs' | 'users' | 'ownership' | 'cleanup' | 'work';

function commandKind(command: ShellCommand): CommandKind {
  const words = command.words.map((w) => w.value);
  const name = commandName(words[0]);
  if (words.length === 0 || NEUTRAL.has(name)) return 'cleanup';
  if (name === 'update-ca-certificates') return 'certs';
  if (USER_TOOLS.has(name)) return 'users';
  if (OWNERSHIP_TOOLS.has(name)) return 'ownership';
  if (name === 'rm') {
    const targets = words.slice(1).filter((w) => !w.startsWith('-'));
    return targets.length > 0 && targets.every((t) => CACHE_PATH.test(t)) ? 'cleanup' : 'work';
  }
  if (PACKAGE_MANAGERS.has(name)) {
    const verbIndex = words.findIndex((w, i) => i > 0 && INSTALL_VERBS.has(w));
    if (verbIndex === -1) return 'cleanup';
    const packages = words.slice(verbIndex + 1).filter((w) => !w.startsWith('-')).map((w) => w.split(/[=<>~]/)[0]);
    return packages.length > 0 && packages.every((p) => CERT_PACKAGES.has(p)) ? 'certs' : 'packages';
  }
  return 'work';
}

/** True when the RUN only installs CA certificates or tzdata, creates users, or sets ownership (and cleans up). */
export function isCertsOrUsersRun(run: RunStep): boolean {
  const kinds = run.commands.map(commandKind);
  return kinds.length > 0 && kinds.every((k) => k === 'certs' || k === 'users' || k === 'ownership' || k === 'cleanup') && kinds.some((k) => k !== 'cleanup');
}

export interface HealthcheckProblem {
  command: CommandLine;
  /** The missing tool's word, when one is named. */
  tool?: ArgWord;
  message: string;
}

/** Why this HEALTHCHECK cannot run in an image without a shell or curl; undefined when it can (or is NONE). */
export function healthcheckProblem(model: DockerfileModel, instruction: Instruction): HealthcheckProblem | undefined {
  const command = commandLineOf(model, instruction);
  if (!command) return undefined;
  const tool =
    command.form === 'exec'
      ? command.words.slice(0, 1).find((w) => MINIMAL_IMAGE_MISSING_TOOLS.has(commandName(w.value)))
      : parseShellCommands(shellSourceFromDocument(model.index.text, command.start, command.end, model.escapeChar), model.index)
          .map((c) => c.words[0])
          .find((w) => w && MINIMAL_IMAGE_MISSING_TOOLS.has(commandName(w.value)));
  if (command.form === 'exec' && !tool) return undefined;
  if (tool) {
    return { command, tool, message: `'${commandName(tool.value)}' does not exist in this image` };
  }
  return { command, message: 'the shell form runs through /bin/sh, which does not exist in this image' };
}

export const HEALTHCHECK_NOTE =
  'No shell or curl in this image, so a HEALTHCHECK cannot run: check health with Kubernetes httpGet probes (livenessProbe on /health, readinessProbe on /ready).';

/** Replaces a HEALTHCHECK with a note pointing at Kubernetes probes, keeping the old check as a comment. */
export function healthcheckToComment(model: DockerfileModel, instruction: Instruction): TextEdit {
  const { from, to } = instructionLines(instruction);
  return commentOutLines(model.index, from, to, [HEALTHCHECK_NOTE]);
}

export const RUN_NOTE = 'Distroless has no shell, so this step cannot RUN here: do it in the build stage and COPY the result in.';
export const PACKAGES_NOTE = 'Distroless has no package manager, so these packages are not installed here: if the service needs them, COPY them (and their libraries) in from another stage, or keep a base that has them.';

export interface StartCommandPlan {
  instruction: Instruction;
  command: CommandLine;
  /** The argv the container will run with (init wrappers dropped). */
  words: string[];
  /** Set when the instruction must be rewritten (shell form or a dropped wrapper). */
  newText?: string;
  /** `ENTRYPOINT ["tini", "--"]` alone: without the wrapper nothing is left, and CMD runs the program. */
  remove?: boolean;
}

/** ENTRYPOINT/CMD of the stage as they will be in distroless: exec form, without tini/dumb-init. */
function planStartCommands(model: DockerfileModel, stage: Stage): { plans: StartCommandPlan[]; blocker?: string } {
  const plans: StartCommandPlan[] = [];
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'ENTRYPOINT' && keyword !== 'CMD') continue;
    const command = commandLineOf(model, instruction);
    if (!command) continue;
    if (!command.simple) return { plans, blocker: `its ${keyword} needs a shell ('${command.text}'); write it in exec form first` };
    let words = command.words.map((w) => w.value);
    let changed = command.form === 'shell';
    if (INIT_WRAPPERS.has(commandName(words[0]))) {
      words = words.slice(1);
      while (words.length > 0 && words[0].startsWith('-')) {
        const flag = words.shift()!;
        if (flag === '--') break;
      }
      changed = true;
    }
    plans.push({ instruction, command, words, newText: changed ? execFormText(words) : undefined });
  }
  const entrypoints = plans.filter((p) => p.instruction.getKeyword() === 'ENTRYPOINT');
  const last = entrypoints[entrypoints.length - 1];
  if (last && last.words.length === 0 && last.command.words.length > 0) {
    if (entrypoints.length === 1) {
      last.remove = true;
      last.newText = undefined;
    } else last.newText = '[]';
  }
  return { plans };
}

const DISTROLESS_USERS = new Set(['root', 'nonroot', 'nobody']);

function isDistrolessUser(id: string | undefined): boolean {
  return id === undefined || DISTROLESS_USERS.has(id) || isNumericId(id);
}

function isNonrootSpec(user?: string, group?: string): boolean {
  return (user === 'nonroot' || user === '65532') && (group === undefined || group === 'nonroot' || group === '65532');
}

export interface DistrolessRewrite {
  edits: TextEdit[];
  /** Why the rewrite would not give a working image; no edits then. */
  blocker?: string;
}

/**
 * Rewrites a runtime stage onto distroless static nonroot: the FROM image, `USER nonroot:nonroot`,
 * no CA-certificate/tzdata/user/ownership RUN steps (other RUN steps, package installs included,
 * become comments saying why), a shell
 * HEALTHCHECK becomes a note about Kubernetes probes, ENTRYPOINT/CMD in exec form (an ENTRYPOINT that
 * only ran tini/dumb-init goes, CMD then starts the program), COPY --chown
 * to users that exist there. Everything else is kept.
 */
export function distrolessRewrite(model: DockerfileModel, stage: Stage): DistrolessRewrite {
  const index = model.index;
  if (stage.parent) return { edits: [], blocker: `the stage is built on stage '${stage.parent.name ?? stage.parent.index}'; rewrite that stage's FROM` };
  if (isWindowsImage(stage.image)) return { edits: [], blocker: 'distroless runs Linux binaries only: build the service for Linux first' };
  const { plans, blocker } = planStartCommands(model, stage);
  if (blocker) return { edits: [], blocker };
  const entrypoint = [...plans].reverse().find((p) => p.instruction.getKeyword() === 'ENTRYPOINT');
  const starter = entrypoint && entrypoint.words.length > 0 ? entrypoint : [...plans].reverse().find((p) => p.instruction.getKeyword() === 'CMD') ?? entrypoint;
  if (starter) {
    const exe = starter.words[0];
    if (exe === undefined) return { edits: [], blocker: `its ${starter.instruction.getKeyword()} has no command` };
    const candidates = executableCandidates(stage, starter.instruction, exe);
    if (/\.(sh|bash)$/.test(exe)) return { edits: [], blocker: `'${exe}' is a shell script and distroless has no shell` };
    if (candidates && !candidates.some((c) => copiedInto(model, stage, c))) {
      return { edits: [], blocker: `'${exe}' is not copied into the stage, and distroless only has what you COPY` };
    }
  }

  const edits: TextEdit[] = [{ range: stage.imageRange, newText: PREFERRED_RUNTIME_IMAGE }];
  const doomed: number[] = [];
  const floor = stage.fromRange.end.line + 1;
  const passwdCopied = !!copiedInto(model, stage, '/etc/passwd');
  const users = stage.instructions.filter((i) => i.getKeyword() === 'USER');
  const lastUser = users[users.length - 1];
  const wantedUser = passwdCopied ? '65532:65532' : 'nonroot:nonroot';

  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    const { from, to } = instructionLines(instruction);
    if (keyword === 'RUN') {
      const run = runStepAt(stage, instruction);
      // Only steps distroless makes pointless go; an install of other packages (iptables, curl, jq) stays as a comment, so nothing is silently lost.
      const kinds = run ? run.commands.map(commandKind) : ['work'];
      if (kinds.length > 0 && !kinds.includes('work') && !kinds.includes('packages')) doomed.push(...removableInstructionLines(index, instruction));
      else edits.push(commentOutLines(index, from, to, [kinds.includes('work') ? RUN_NOTE : PACKAGES_NOTE]));
    } else if (keyword === 'USER') {
      const spec = userSpecOf(stage, instruction);
      if (instruction === lastUser) {
        if (!spec || !isNonrootSpec(spec.user, spec.group) || passwdCopied) {
          if (spec?.raw !== wantedUser) edits.push({ range: spec?.range ?? instruction.getRange(), newText: spec ? wantedUser : `${keywordLike(stage, 'USER')} ${wantedUser}` });
        }
      } else if (!spec || !isDistrolessUser(spec.user) || !isDistrolessUser(spec.group)) {
        doomed.push(...removableInstructionLines(index, instruction));
      }
    } else if (keyword === 'HEALTHCHECK') {
      if (healthcheckProblem(model, instruction)) edits.push(healthcheckToComment(model, instruction));
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const chown = copyStepOf(model, instruction)?.chown;
      if (chown) {
        const [user, group] = chown.value.split(':');
        const ok = (id: string | undefined) => id === undefined || ['root', '0', 'nonroot', '65532'].includes(id);
        if (!chown.value.includes('$') && (!ok(user) || !ok(group))) edits.push({ range: chown.range, newText: passwdCopied ? '65532:65532' : 'nonroot:nonroot' });
      }
    }
  }
  for (const plan of plans) {
    if (plan.newText) edits.push({ range: plan.command.range, newText: plan.newText });
    if (plan.remove) doomed.push(...removableInstructionLines(index, plan.instruction));
  }

  if (!lastUser) {
    const userLine = `${keywordLike(stage, 'USER')} ${wantedUser}`;
    const firstStart = plans.find((p) => !p.remove)?.instruction;
    if (firstStart) {
      edits.push(insertBeforeLine(index, attachedCommentStart(index, instructionLines(firstStart).from, floor), [userLine]));
    } else {
      const doomedSet = new Set(doomed);
      const kept = stage.instructions.filter((i) => !doomedSet.has(instructionLines(i).from));
      const anchor = kept.length > 0 ? instructionLines(kept[kept.length - 1]) : { from: stage.fromRange.start.line, to: stage.fromRange.end.line };
      if (continuesAfter(index, anchor.to, model.escapeChar)) return { edits: [], blocker: 'the last instruction ends with a line continuation, so nothing can be added after it' };
      edits.push(insertAfterLine(index, anchor.to, [userLine], indentOf(index, anchor.from)));
    }
  }
  edits.push(...deleteLines(index, doomed, new Set([stage.fromRange.end.line])));
  return { edits };
}

