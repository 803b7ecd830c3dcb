import type { Report, Rule } from '../../types';
import { oncePerStage } from '../../dockerfile/repeats';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { goFlag, goFlagsFromEnv, invocationRange, type GoInvocation } from '../../dockerfile/go';
import { editTargetOf, insertWordsAfter } from '../../dockerfile/command-edits';
import { judgedBuilds } from './shared/go-build';
import { stageChain } from '../../dockerfile/stages';

export const reproducibleBuild: Rule<DockerfileModel> = {
  id: 'reproducible-build',
  target: 'dockerfile',
  meta: {
    description: 'The shipped Go binary is built with `-trimpath`.',
    defaultSeverity: 'hint',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe when the binary ships in another stage than the one that built it: `-trimpath` only changes the file paths recorded in the binary (stack traces show module paths). Unsafe when the built stage is the image that ships (the sources are there at run time, and code that finds files next to its source with `runtime.Caller` stops finding them).',
    why:
      'Without `-trimpath` the binary embeds the absolute paths of the build machine (`/src/internal/...`, `/go/pkg/mod/...`) in stack traces and debug data, so the same source builds to different bytes in different folders and leaks the builder layout.',
    remediation: 'Add `-trimpath` to `go build` (or to `GOFLAGS`).',
    notes:
      "Advice, not a defect: shown as a hint (the editor's dotted underline), once per stage where it repeats (the first place names the other lines and its fix changes them all).",
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/server ./cmd/server\n' +
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
        'ENTRYPOINT ["/server"]\n',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const target = editTargetOf(model);
    const found: { stage: Stage; report: Report }[] = [];
    for (const build of judgedBuilds(model)) {
      const flag = goFlag(build, 'trimpath') ?? goFlagsFromEnv(build).filter((f) => f.name === 'trimpath').pop();
      if (flag && (flag.value === undefined || /^(1|t|T|true|TRUE|True)$/.test(flag.value))) continue;
      const subcommand = build.subcommandWord.value;
      found.push({ stage: build.stage, report: {
        range: invocationRange(build, model.index),
        message: flag
          ? `'go ${subcommand}' turns -trimpath off, so the binary embeds the builder's file paths and the same source built in another folder gives a different binary. Remove -trimpath=${flag.value}.`
          : `'go ${subcommand}' without -trimpath embeds the builder's file paths in the binary, so the same source built in another folder gives a different binary. Add -trimpath.`,
        fix: flag ? undefined : { title: 'Add -trimpath', edits: [insertWordsAfter(target, build.command, build.subcommandWord, [{ value: '-trimpath' }])], safety: shipsSources(model, build) ? 'unsafe' : 'safe' },
      } });
    }
    for (const report of oncePerStage(found)) ctx.report(report);
  },
};

/** The image that ships is the stage that built the binary (or built on it): the source tree is there at run time. */
function shipsSources(model: DockerfileModel, build: GoInvocation): boolean {
  return model.runtimeStages.some((runtime) => stageChain(runtime).includes(build.stage));
}
