import * as path from 'node:path';
import type { Rule } from '../../types';
import { baseImageOf, stageIsMinimal, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { inheritsRuntimeStage } from '../../dockerfile/runtime';
import { executableCandidates } from '../../dockerfile/instructions';
import { deleteLines, removableInstructionLines } from '../../dockerfile/edits';
import { chainInstructions } from '../../dockerfile/stages';
import { commandLineOf, commandName, INIT_WRAPPERS, startCommandOf, wrappedProgram } from '../../dockerfile/command-line';
import { copiedInto, copiedPaths, knownFileOutputs } from '../../dockerfile/copies';

export const entrypointBinaryExists: Rule<DockerfileModel> = {
  id: 'entrypoint-binary-exists',
  target: 'dockerfile',
  meta: {
    description: 'In a distroless or scratch runtime stage, the ENTRYPOINT/CMD program is a file the stage copies in.',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe: the program the stage starts is not in the image, so the container cannot start today; the fix drops a wrapper that is not there or points at the one binary the stage copies from a `go build` output.',
    why:
      "Distroless and scratch contain only what the Dockerfile copies in, so an ENTRYPOINT that names another path (a typo, a different `-o`, a binary from the builder's PATH, tini from a package) builds fine and then fails at start with \"exec: no such file or directory\".",
    remediation:
      'Point ENTRYPOINT (or CMD) at the path the stage copies the binary to, and drop wrappers such as tini that the image does not contain.',
    notes:
      'The check resolves relative paths against WORKDIR and bare names against PATH, and follows COPY destinations (folders, WORKDIR-relative targets). ' +
      'The quick fix drops a tini/dumb-init wrapper that is not there when the program it starts is (removing an `ENTRYPOINT ["tini", "--"]` whose program comes from CMD), or else points the command at the binary the stage copies from a `go build` output when there is exactly one. ' +
      'On bases with a shell and packages the program may come from the image itself, so they are not checked.',
    examples: {
      bad:
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
        'ENTRYPOINT ["/app/server"]\n',
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
      if (!stageIsMinimal(stage)) continue;
      const start = startCommandOf(stage);
      if (!start || (!stage.instructions.includes(start) && inheritsRuntimeStage(stage))) continue;
      const command = commandLineOf(model, start);
      const exe = command?.simple ? command.words[0] : undefined;
      if (!command || !exe) continue;
      const candidates = executableCandidates(stage, start, exe.value);
      if (!candidates || candidates.some((c) => copiedInto(model, stage, c))) continue;
      const keyword = start.getKeyword();
      const problem = `${keyword} runs '${exe.value}', but the stage does not copy that file in and '${baseImageOf(stage).raw}' contains nothing else, so the container fails to start (no such file or directory).`;
      const isWrapper = INIT_WRAPPERS.has(commandName(exe.value));
      const wrapped = isWrapper ? wrappedProgram(command.words) : undefined;
      // `ENTRYPOINT ["tini", "--"]` + `CMD ["server"]`: the program comes from CMD; without the wrapper CMD runs it.
      if (isWrapper && !wrapped && keyword === 'ENTRYPOINT') {
        const cmd = chainInstructions(stage).filter(({ instruction }) => instruction.getKeyword() === 'CMD').pop()?.instruction;
        const cmdExe = cmd ? commandLineOf(model, cmd) : undefined;
        const program = cmdExe?.simple ? cmdExe.words[0] : undefined;
        const programExists = !!program && (executableCandidates(stage, cmd!, program.value) ?? []).some((c) => copiedInto(model, stage, c));
        const onlyEntrypoint = chainInstructions(stage).filter(({ instruction }) => instruction.getKeyword() === 'ENTRYPOINT').length === 1;
        ctx.report({
          range: exe.range,
          message: programExists
            ? `${problem} Drop the init wrapper: CMD then runs '${program!.value}' directly (a Go binary handles signals itself; Kubernetes reaps processes).`
            : `${problem} Drop the init wrapper and start the binary the stage copies in.`,
          fix:
            programExists && onlyEntrypoint && stage.instructions.includes(start)
              ? { title: `Remove the ${commandName(exe.value)} ENTRYPOINT`, edits: deleteLines(model.index, removableInstructionLines(model.index, start), new Set([stage.fromRange.end.line])), safety: 'safe' }
              : undefined,
        });
        continue;
      }
      const wrappedExists = wrapped && (executableCandidates(stage, start, wrapped.value) ?? []).some((c) => copiedInto(model, stage, c));
      if (wrapped && wrappedExists) {
        ctx.report({
          range: exe.range,
          message: `${problem} Drop the init wrapper and run '${wrapped.value}' directly (a Go binary handles signals itself; Kubernetes reaps processes).`,
          fix: { title: `Run '${wrapped.value}' without ${commandName(exe.value)}`, edits: [{ range: { start: exe.range.start, end: wrapped.range.start }, newText: '' }], safety: 'safe' },
        });
        continue;
      }
      const binaries = copiedGoBinaries(model, stage);
      // Behind a wrapper whose program is missing too, replacing the first word would not make sense.
      const target = binaries.length === 1 && !isWrapper ? binaries[0] : undefined;
      ctx.report({
        range: exe.range,
        message: `${problem} ` + (target ? `Point it at the copied binary '${target}'.` : 'Point it at the binary the stage copies in.'),
        fix: target
          ? { title: `Run '${target}'`, edits: [{ range: exe.range, newText: command.form === 'exec' ? JSON.stringify(target) : target }], safety: 'safe' }
          : undefined,
      });
    }
  },
};

/** Where the stage puts files that are `go build`/`go install` outputs of the stages it copies from. */
function copiedGoBinaries(model: DockerfileModel, stage: Stage): string[] {
  const targets = new Set<string>();
  for (const c of copiedPaths(model, stage)) {
    const from = c.step.from?.stage;
    if (!from) continue;
    const outputs = knownFileOutputs(from);
    if (!outputs.has(path.posix.resolve('/', c.source.value))) continue;
    targets.add(c.target);
  }
  return [...targets];
}
