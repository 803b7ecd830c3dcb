import * as path from 'node:path';
import type { Range, Rule } from '../../types';
import { type DockerfileModel } from '../../dockerfile/model';
import { goFlag, isRuntimeBoundBuild } from '../../dockerfile/go';
import { substitute } from '../../dockerfile/variables';
import { commandLineOf, commandName, INIT_WRAPPERS, startCommandOf, wrappedProgram } from '../../dockerfile/command-line';
import { copiedPaths } from '../../dockerfile/copies';

const DELVE_PACKAGE = /github\.com\/go-delve\/delve/;

export const noDebuggerInRelease: Rule<DockerfileModel> = {
  id: 'no-debugger-in-release',
  target: 'dockerfile',
  meta: {
    description: 'The runtime image contains no delve debugger and its binary is not built with optimizations disabled (-gcflags "all=-N -l").',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: false,
    why:
      'A debugger in a release image lets anyone who can exec into the container attach to the service, read its memory (secrets, tokens) and change its behaviour; `-gcflags "all=-N -l"` turns off optimizations and inlining for debugging, making the released binary slower and larger.',
    remediation:
      'Build the release binary without `-gcflags "all=-N -l"` and leave Delve (`dlv`) out of the runtime stage. ' +
      'Keep both in a separate stage whose name contains `dev` or `debug` (built with `--target debug`), which this standard does not treat as a release.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -gcflags="all=-N -l" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
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
        'ENTRYPOINT ["/server"]\n' +
        '\n' +
        'FROM build AS debug\n' +
        'RUN CGO_ENABLED=0 go build -gcflags="all=-N -l" -o /out/server ./cmd/server\n',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const reported = new Set<string>();
    const report = (range: Range, message: string) => {
      const key = `${range.start.line}:${range.start.character}`;
      if (reported.has(key)) return;
      reported.add(key);
      ctx.report({ range, message });
    };
    const delveMessage = (what: string) =>
      `${what}: a debugger in the release image lets anyone who can exec into the container attach to the service and read its memory. Keep delve in a dev/debug stage.`;
    for (const stage of model.runtimeStages) {
      for (const c of copiedPaths(model, stage)) {
        if (!stage.instructions.includes(c.step.instruction)) continue;
        if (path.posix.basename(c.source.value) === 'dlv' || path.posix.basename(c.target) === 'dlv') report(c.source.range, delveMessage(`The runtime stage copies in the delve debugger ('${c.source.value}')`));
      }
      for (const run of stage.runs) {
        for (const command of run.commands) {
          const delve = command.words.find((w, i) => DELVE_PACKAGE.test(w.value) || (i === 0 && commandName(w.value) === 'dlv'));
          if (delve) report(delve.range, delveMessage(`The runtime stage installs or runs the delve debugger ('${delve.value}')`));
        }
      }
      const start = startCommandOf(stage);
      const words = start ? commandLineOf(model, start)?.words ?? [] : [];
      // `ENTRYPOINT ["tini", "--", "dlv", "exec", …]`: the program behind the init wrapper.
      const exe = INIT_WRAPPERS.has(commandName(words[0]?.value)) ? wrappedProgram(words) : words[0];
      if (exe && commandName(exe.value) === 'dlv') report(exe.range, delveMessage(`${start!.getKeyword()} starts the delve debugger`));
    }
    for (const inv of model.goInvocations) {
      if (!isRuntimeBoundBuild(inv)) continue;
      const gcflags = goFlag(inv, 'gcflags');
      if (!gcflags?.value) continue;
      const value = substitute(gcflags.value, inv.env);
      if (!/(^|[\s=])-N(\s|$)/.test(value)) continue;
      const end = gcflags.valueWord ?? gcflags.word;
      report(
        { start: gcflags.word.range.start, end: end.range.end },
        `This build, which ends up in the runtime image, uses -gcflags "${value}": optimizations off for debugging, so the released binary is slower and larger. Remove the flag, and build debug binaries in a dev/debug stage.`,
      );
    }
  },
};
