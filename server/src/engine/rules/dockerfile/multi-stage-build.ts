import * as path from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import type { Fix, Rule, TextEdit } from '../../types';
import { baseImageOf, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { PREFERRED_RUNTIME_IMAGE } from '../../config';
import { executableCandidates } from '../../dockerfile/instructions';
import { continuesAfter, endsInOpenHeredoc, insertAfterLine, instructionLines, keywordLike, stageLastLine } from '../../dockerfile/edits';
import { compilesInRuntime } from '../../dockerfile/runtime';
import { commandLineOf, execFormText, startCommandOf } from '../../dockerfile/command-line';
import { goBuildOutput } from '../../dockerfile/copies';
import { stageChain } from '../../dockerfile/stages';
import { propertiesOf } from '../../dockerfile/ast';

const RUNTIME_NAMES = new Set(['prod', 'production', 'release', 'runtime']);
/** Runtime settings worth carrying into the new stage; Go toolchain variables stay behind. */
const CARRIED = new Set(['EXPOSE', 'LABEL', 'STOPSIGNAL', 'ENV']);
const BUILD_ENV = /^(CGO_\w+|GO\w*|PATH|DEBIAN_FRONTEND)$/;

export const multiStageBuild: Rule<DockerfileModel> = {
  id: 'multi-stage-build',
  target: 'dockerfile',
  meta: {
    description: 'The image that ships is not the one that compiled: the runtime stage is not based on golang and runs no go build.',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Unsafe: the new runtime stage ships only the binary, so files the program reads from the source tree, the toolchain or the builder image (templates, assets, config, tools) are gone; and a file that only builds (a builder image) gets a shipping stage it did not want.',
    why:
      'The golang image carries the compiler, the module cache, the sources, a shell and a package manager: hundreds of megabytes and a large attack surface that a static binary does not need at run time.',
    remediation:
      'Build in a `golang` stage and copy only the binary (and the files it reads at run time) into a minimal runtime stage.',
    notes:
      'The quick fix names the build stage (`AS build`) if needed and appends a runtime stage that copies the output of the `go build` (its `-o`, resolved against WORKDIR) and runs it as `nonroot`, carrying over EXPOSE, LABEL, STOPSIGNAL, the non-Go ENV and the ENTRYPOINT/CMD arguments. ' +
      'Files the service reads at run time (templates, static assets) must be copied too; the fix cannot know them. ' +
      'It is offered when the runtime stage is the last one and the binary path can be determined.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm \n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        'ENTRYPOINT ["/out/server"]\n',
      good:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.runtimeStages) {
      const base = baseImageOf(stage);
      if (!compilesInRuntime(stage)) continue;
      const { fix, reason } = canonicalRuntimeStage(model, stage);
      ctx.report({
        range: stage.imageRange,
        message:
          `The image that ships is the '${base.raw}' build image: compiler, sources, shell and package manager (hundreds of MB of attack surface) instead of just the binary. ` +
          `Build in this stage and copy the binary into a minimal runtime stage (${PREFERRED_RUNTIME_IMAGE}).` +
          (reason ? ` No automatic fix: ${reason}.` : ''),
        fix,
      });
    }
  },
};

function canonicalRuntimeStage(model: DockerfileModel, stage: Stage): { fix?: Fix; reason?: string } {
  const index = model.index;
  if (stage !== model.stages[model.stages.length - 1]) return { reason: 'the stage is not the last one, so a new runtime stage cannot simply be appended' };
  if (continuesAfter(index, stageLastLine(stage), model.escapeChar)) return { reason: 'the last instruction ends with a line continuation' };
  if (endsInOpenHeredoc(stage)) return { reason: 'the last instruction opens a heredoc that is never closed' };
  const start = startCommandOf(stage);
  const startCommand = start ? commandLineOf(model, start) : undefined;
  const startWords = startCommand?.simple ? startCommand.words.map((w) => w.value) : undefined;
  const binary = builtBinary(stage, start, startWords?.[0]);
  if (!binary) return { reason: 'the path of the built binary cannot be determined (give `go build` an `-o`)' };

  const edits: TextEdit[] = [];
  const taken = new Set(model.stages.map((s) => s.name).filter(Boolean));
  let buildName = stage.name;
  let runtimeName: string | undefined;
  if (!buildName || RUNTIME_NAMES.has(buildName)) {
    runtimeName = buildName;
    buildName = ['build', 'builder', 'go-build'].find((n) => !taken.has(n)) ?? `build-${stage.index}`;
    if (stage.nameRange) edits.push({ range: stage.nameRange, newText: buildName });
    else edits.push({ range: { start: stage.imageRange.end, end: stage.imageRange.end }, newText: ` ${keywordLike(stage, 'AS')} ${buildName}` });
  }

  const kw = (k: string) => keywordLike(stage, k);
  const target = `/${path.posix.basename(binary)}`;
  const lines = ['', `${kw('FROM')} ${PREFERRED_RUNTIME_IMAGE}${runtimeName ? ` ${kw('AS')} ${runtimeName}` : ''}`];
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    if (!CARRIED.has(keyword)) continue;
    if (keyword === 'ENV' && !carriedEnv(instruction)) continue;
    const { from, to } = instructionLines(instruction);
    for (let l = from; l <= to; l++) lines.push(index.lineText(l));
  }
  lines.push(`${kw('COPY')} --from=${buildName} ${binary} ${target}`);
  lines.push(`${kw('USER')} nonroot:nonroot`);
  const runsBinary = start && startWords && startWords.length > 0 && resolvesTo(stage, start, startWords[0], binary);
  if (start && runsBinary) {
    lines.push(`${kw(start.getKeyword())} ${execFormText([target, ...startWords!.slice(1)])}`);
    if (start.getKeyword() === 'ENTRYPOINT') {
      const cmd = stage.instructions.filter((i) => i.getKeyword() === 'CMD').pop();
      const cmdLine = cmd ? commandLineOf(model, cmd) : undefined;
      if (cmdLine?.simple) lines.push(`${kw('CMD')} ${execFormText(cmdLine.words.map((w) => w.value))}`);
    }
  } else {
    lines.push(`${kw('ENTRYPOINT')} ${execFormText([target])}`);
  }
  edits.push(insertAfterLine(index, stageLastLine(stage), lines));
  return { fix: { title: `Add a ${PREFERRED_RUNTIME_IMAGE} runtime stage that copies ${binary}`, edits, safety: 'unsafe' } };
}

function carriedEnv(instruction: Instruction): boolean {
  const properties = propertiesOf(instruction);
  return properties.length > 0 && properties.every((p) => !BUILD_ENV.test(p.getName()));
}

/**
 * The file the runtime-bound `go build`/`go install` of the stage (or the stages it is built on)
 * writes: the one the ENTRYPOINT/CMD runs if that can be told, else the last one. When the only
 * build has no `-o` and builds `.`, the ENTRYPOINT/CMD path in its folder names the binary.
 */
function builtBinary(stage: Stage, start: Instruction | undefined, exe: string | undefined): string | undefined {
  const invocations = stageChain(stage)
    .flatMap((s) => s.runs.flatMap((r) => r.goInvocations))
    // `go install tool@v1`, `go install tool`: tools for the build, not the service.
    .filter((inv) => inv.subcommand === 'build' || (inv.subcommand === 'install' && inv.packages.length > 0 && inv.packages.every((p) => p.value.startsWith('.'))));
  const outputs = invocations.map((inv) => goBuildOutput(inv));
  const candidates = start && exe ? executableCandidates(stage, start, exe) ?? [] : [];
  const matching = outputs.find((o) => o && candidates.includes(o));
  if (matching) return matching;
  if (invocations.length === 1 && !outputs[0] && candidates.length === 1 && path.posix.isAbsolute(candidates[0])) return candidates[0];
  return outputs.filter((o) => o !== undefined).pop();
}

function resolvesTo(stage: Stage, start: Instruction, exe: string, binary: string): boolean {
  return (executableCandidates(stage, start, exe) ?? []).includes(binary);
}
