import './ast-memo';
import { DockerfileParser, type Instruction, type From } from 'dockerfile-ast';
import type { Range } from '../types';
import { LineIndex } from '../text';
import { parseImageRef, isGolangImage, isMinimalImage, isScratch, isWindowsImage, type ImageRef } from './image';
import { execFormCommands, isShellScript, parseShellCommands, shellSourceFromDocument, type ShellCommand } from './shell';
import { parseGoInvocation } from './go';
import { flagsOf, heredocsOf, jsonStringsOf, propertiesOf } from './ast';
import { substitute } from './variables';
import { parseMount, stageChain, type DockerfileModel, type GoInvocation, type RunStep, type Stage } from './stages';

export { chainInstructions, runStepAt, stageChain } from './stages';
export type { DockerfileModel, EnvValue, RunStep, Stage } from './stages';

const RUNTIME_NAMES = new Set(['prod', 'production', 'release', 'runtime']);
const DEV_NAME = /dev|debug|test/i;

export function buildDockerfileModel(text: string): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  const index = new LineIndex(text);
  const escapeChar = ast.getEscapeCharacter();
  const globalArgs = new Map<string, string>();
  for (const arg of ast.getInitialARGs()) {
    for (const d of declarationsOf(arg)) globalArgs.set(d.name, d.value ?? '');
  }
  const stages: Stage[] = [];
  const byName = new Map<string, Stage>();
  let current: Stage | undefined;
  for (const instruction of ast.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      current = newStage(instruction as From, stages.length, globalArgs, byName);
      stages.push(current);
      if (current.name) byName.set(current.name, current);
      continue;
    }
    if (!current) continue;
    current.instructions.push(instruction);
    const run = keyword === 'RUN' ? runStep(text, index, escapeChar, instruction, current) : undefined;
    if (keyword === 'ENV' || keyword === 'ARG') recordEnv(current, instruction, globalArgs);
    else if (run) current.runs.push(run);
    if (keyword === 'COPY' || keyword === 'ADD' || keyword === 'RUN') {
      for (const ref of stageReferences(instruction, run)) {
        const dep = byName.get(ref.toLowerCase()) ?? (/^\d+$/.test(ref) ? stages[Number(ref)] : undefined);
        if (dep && dep !== current) current.dependsOn.add(dep);
      }
    }
  }
  assignRoles(stages);
  const goInvocations = stages.flatMap((s) => s.runs.flatMap((r) => r.goInvocations));
  const isGo = stages.some((s) => isGolangImage(s.image)) || goInvocations.length > 0;
  return { ast, index, escapeChar, stages, isGo, runtimeStages: stages.filter((s) => s.isRuntime), goInvocations };
}

function newStage(from: From, index: number, globalArgs: Map<string, string>, byName: Map<string, Stage>): Stage {
  const written = from.getImage() ?? '';
  // BuildKit reads the FROM image as a shell word: `FROM "gcr.io/distroless/static"` is the image without quotes.
  const quoted = /^(["'])(.+)\1$/.exec(written);
  const rawImage = substitute(quoted ? quoted[2] : written, globalArgs);
  const parent = byName.get(rawImage.toLowerCase());
  const fullRange = from.getImageRange() ?? from.getRange();
  const imageRange = quoted
    ? { start: { line: fullRange.start.line, character: fullRange.start.character + 1 }, end: { line: fullRange.end.line, character: fullRange.end.character - 1 } }
    : fullRange;
  const nameRange = from.getBuildStageRange() ?? undefined;
  const platformFlag = from.getPlatformFlag();
  const stage: Stage = {
    index,
    name: from.getBuildStage()?.toLowerCase() ?? undefined,
    nameRange,
    from,
    fromRange: from.getRange(),
    image: parseImageRef(rawImage),
    imageRange,
    parent,
    platform: platformFlag?.getValue() ?? undefined,
    instructions: [],
    runs: [],
    // BuildKit passes a stage's ENV and its declared ARGs on to stages built on it.
    env: new Map(parent ? parent.env : []),
    dependsOn: new Set(parent ? [parent] : templatedStageReferences(rawImage, byName)),
    isRuntime: false,
    isDev: false,
    isBuilder: false,
    reachesRuntime: false,
  };
  return stage;
}

/**
 * `FROM binaries-$TARGETOS AS binaries`: the stages whose name the reference can expand to. The
 * output of each may ship, so they count as dependencies (none is the parent: which one is unknown).
 * Only a reference with a literal start and no `/`, `:` or `@` outside variables can name a stage.
 */
function templatedStageReferences(image: string, byName: Map<string, Stage>): Stage[] {
  const literals = image.split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/);
  if (literals.length < 2 || literals[0] === '' || /[/:@]/.test(literals.join(''))) return [];
  const pattern = new RegExp(`^${literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return [...byName].filter(([name]) => pattern.test(name)).map(([, stage]) => stage);
}

function recordEnv(stage: Stage, instruction: Instruction, globalArgs: Map<string, string>): void {
  const keyword = instruction.getKeyword();
  for (const d of declarationsOf(instruction)) {
    const name = d.name;
    let value = d.value;
    if (keyword === 'ARG' && value === null) value = globalArgs.get(name) ?? null;
    if (keyword === 'ARG' && stage.env.has(name) && value === null) continue;
    // Docker expands `$VAR` in ENV values and ARG defaults with what is in scope at that point.
    let expanded = value;
    if (value !== null && d.value !== null && value.includes('$')) {
      const inScope = new Map(globalArgs);
      for (const [k, v] of stage.env) inScope.set(k, v.value);
      expanded = substitute(value, inScope);
    }
    stage.env.set(name, { value: expanded ?? '', origin: keyword as 'ENV' | 'ARG', range: d.nameRange, valueRange: d.valueRange ?? undefined });
  }
}

export interface Declaration {
  name: string;
  /** Unquoted; null for `ARG NAME` without a default. */
  value: string | null;
  nameRange: Range;
  valueRange: Range | null;
}

/**
 * The names an ENV or ARG declares. dockerfile-ast reads `ARG A B` like the legacy `ENV A B`
 * (A = "B"), but ARG has no such form: it declares A and B.
 */
export function declarationsOf(instruction: Instruction): Declaration[] {
  const properties = propertiesOf(instruction);
  const legacy = properties.length === 1 && properties[0].getAssignmentOperator() === null && properties[0].getValue() !== null;
  if (instruction.getKeyword() === 'ARG' && legacy) {
    return instruction.getArguments().map((a) => {
      const raw = a.getValue();
      const r = a.getRange();
      const eq = raw.indexOf('=');
      const name = eq === -1 ? raw : raw.slice(0, eq);
      const nameRange = { start: r.start, end: { line: r.start.line, character: r.start.character + name.length } };
      if (eq === -1) return { name, value: null, nameRange, valueRange: null };
      const valueRange = { start: { line: r.start.line, character: r.start.character + eq + 1 }, end: r.end };
      return { name, value: raw.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2'), nameRange, valueRange };
    });
  }
  return properties.map((p) => ({ name: p.getName(), value: p.getValue(), nameRange: p.getNameRange(), valueRange: p.getValueRange() }));
}

function runStep(text: string, index: LineIndex, escapeChar: string, instruction: Instruction, stage: Stage): RunStep {
  const flags = flagsOf(instruction).map((f) => ({ name: f.getName(), value: f.getValue(), range: f.getRange() }));
  const mounts = flags.flatMap((f) => (f.name.toLowerCase() === 'mount' && f.value ? [parseMount(f.value, f.range)] : []));
  const envBefore = new Map(stage.env);
  const commands = runCommands(text, index, escapeChar, instruction);
  const goInvocations: GoInvocation[] = [];
  for (const command of commands) {
    const go = parseGoInvocation(command, envBefore, stage, instruction);
    if (go) goInvocations.push(go);
  }
  return { instruction, flags, mounts, commands, envBefore, goInvocations };
}

function runCommands(text: string, index: LineIndex, escapeChar: string, instruction: Instruction): ShellCommand[] {
  const jsonStrings = jsonStringsOf(instruction);
  const args = instruction.getArguments();
  if (jsonStrings.length > 0 && args.length > 0 && args[0].getValue().startsWith('[')) {
    const strings = jsonStrings.map((j) => ({ start: index.offsetAt(j.getRange().start), end: index.offsetAt(j.getRange().end) }));
    return execFormCommands(text, index, strings);
  }
  const firstArg = args.find((a) => !a.getValue().startsWith('--'));
  if (!firstArg) return [];
  const heredocs = heredocsOf(instruction);
  const commandStart = index.offsetAt(firstArg.getRange().start);
  const instructionEnd = index.offsetAt(instruction.getRange().end);
  // `RUN <<EOF` with no command runs the heredoc body as the script.
  if (firstArg.getValue().startsWith('<<') && heredocs.length > 0) {
    const commands: ShellCommand[] = [];
    for (const heredoc of heredocs) {
      const body = heredoc.getContentRange();
      if (!body) continue;
      const src = shellSourceFromDocument(text, index.offsetAt(body.start), index.offsetAt(body.end), '\0');
      if (isShellScript(src.source)) commands.push(...parseShellCommands(src, index));
    }
    return commands;
  }
  const src = shellSourceFromDocument(text, commandStart, instructionEnd, escapeChar);
  return parseShellCommands(src, index);
}

/** The stages (by name or index) a COPY/ADD `--from=` or a RUN `--mount=from=` reads. */
function stageReferences(instruction: Instruction, run: RunStep | undefined): string[] {
  const refs = flagsOf(instruction).flatMap((f) => (f.getName().toLowerCase() === 'from' && f.getValue() ? [f.getValue()!] : []));
  for (const mount of run?.mounts ?? []) if (mount.options.get('from')) refs.push(mount.options.get('from')!);
  return refs;
}

function assignRoles(stages: Stage[]): void {
  stages.forEach((stage, i) => {
    stage.isDev = !!stage.name && DEV_NAME.test(stage.name);
    stage.isRuntime = !stage.isDev && (i === stages.length - 1 || (!!stage.name && RUNTIME_NAMES.has(stage.name)));
    stage.isBuilder = stage.runs.some((r) => r.goInvocations.some((g) => g.subcommand === 'build' || g.subcommand === 'install'));
  });
  const visit = (stage: Stage) => {
    if (stage.reachesRuntime) return;
    stage.reachesRuntime = true;
    for (const dep of stage.dependsOn) if (!dep.isDev) visit(dep);
  };
  for (const stage of stages) if (stage.isRuntime) visit(stage);
}

/** The image a stage finally rests on, following `FROM other-stage` chains. */
export function baseImageOf(stage: Stage): ImageRef {
  return stageChain(stage)[0].image;
}

/** No shell, no package manager: distroless, Chainguard static or scratch (through parent stages). */
export function stageIsMinimal(stage: Stage): boolean {
  return isMinimalImage(baseImageOf(stage));
}

export function stageIsScratch(stage: Stage): boolean {
  return isScratch(baseImageOf(stage));
}

/**
 * True when the stage's RUN steps (at `at`, when given) do not go through a POSIX shell: a Windows
 * base image (cmd), or a SHELL instruction for cmd or PowerShell. `NAME=value cmd` prefixes do not work there; ENV does.
 */
export function stageHasNonPosixShell(stage: Stage, at?: Instruction): boolean {
  if (isWindowsImage(baseImageOf(stage))) return true;
  for (const s of stageChain(stage).reverse()) {
    const before = s === stage && at ? s.instructions.slice(0, s.instructions.indexOf(at) + 1) : s.instructions;
    const shell = before.filter((i) => i.getKeyword() === 'SHELL').pop();
    if (shell) return /^\s*\[\s*"(?:[^"]*[\\/])?(cmd|powershell|pwsh)(\.exe)?"/i.test(shell.getArguments().map((a) => a.getValue()).join(' '));
  }
  return false;
}
