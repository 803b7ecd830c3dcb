import type { Rule } from '../../types';
import { baseImageOf, stageIsMinimal, stageIsScratch, type DockerfileModel } from '../../dockerfile/model';
import { compilesInRuntime, isCertsOrUsersRun } from '../../dockerfile/runtime';
import { deleteLines, removableInstructionLines } from '../../dockerfile/edits';

export const runtimeNoRun: Rule<DockerfileModel> = {
  id: 'runtime-no-run',
  target: 'dockerfile',
  meta: {
    description: 'The runtime stage has no RUN steps: work happens in the build stage and only its results are copied in.',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe: it is offered only in distroless and scratch, where a RUN step cannot run (no shell), so the image does not build today; the removed step only installed certificates or tzdata, or created users.',
    why: 'Distroless and scratch have no shell, so any RUN in them fails the build (error).',
    remediation:
      'Remove the RUN: CA certificates, tzdata and a nonroot user already exist in distroless static; do any other work in the build stage and COPY the result in.',
    notes:
      'On other bases a RUN in the runtime stage means the shipped image carries tools and layers the binary does not need (info). ' +
      'In distroless or scratch, the quick fix removes a RUN that only installs CA certificates or tzdata, creates users or groups, or changes ownership (for scratch, `scratch-ca-certificates` and `scratch-user-database` then say what to copy instead). ' +
      'A runtime stage that compiles (based on `golang`, or running `go build`) is left to `multi-stage-build`.',
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
        'RUN apt-get update && apt-get install -y ca-certificates tzdata\n' +
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
        'ENTRYPOINT ["/server"]\n',
    },
  },
  check(ctx) {
    const index = ctx.model.index;
    for (const stage of ctx.model.runtimeStages) {
      const base = baseImageOf(stage);
      if (compilesInRuntime(stage)) continue;
      const minimal = stageIsMinimal(stage);
      for (const run of stage.runs) {
        const removable = minimal && isCertsOrUsersRun(run);
        const range = run.instruction.getInstructionRange();
        const message = minimal
          ? `RUN cannot work in '${base.raw}': it has no shell, so the build fails here. ` +
            (removable
              ? stageIsScratch(stage)
                ? 'Remove the step and COPY what it made (CA certificates, /etc/passwd) from the build stage.'
                : 'Remove the step: distroless already has CA certificates, tzdata and a nonroot user (65532).'
              : 'Do this work in the build stage and COPY the result in.')
          : `RUN in the runtime stage adds a layer, and whatever it installs, to the shipped image. Unless the binary needs that at run time, do the work in the build stage and COPY the result into a minimal runtime image.`;
        ctx.report({
          range,
          message,
          severity: minimal ? 'error' : 'info',
          fix: removable
            ? { title: 'Remove this RUN step', edits: deleteLines(index, removableInstructionLines(index, run.instruction), new Set([stage.fromRange.end.line])), safety: 'safe' }
            : undefined,
        });
      }
    }
  },
};
