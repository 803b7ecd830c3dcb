import type { Report, Rule, TextEdit } from '../../types';
import { oncePerStage } from '../../dockerfile/repeats';
import { stageHasNonPosixShell, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { goEnv, invocationRange } from '../../dockerfile/go';
import { editTargetOf, envPrefixEdit } from '../../dockerfile/command-edits';
import { goPrefixPoint, judgedBuilds } from './shared/go-build';
import { instructionBeforeEdit } from '../../dockerfile/edits';
import { stageChain } from '../../dockerfile/stages';

const TARGET_ARG: Record<string, string> = { GOOS: 'TARGETOS', GOARCH: 'TARGETARCH' };
const PLATFORM_ARG = /\$\{?(TARGETOS|TARGETARCH|TARGETVARIANT|TARGETPLATFORM)\}?/g;

export const targetPlatform: Rule<DockerfileModel> = {
  id: 'target-platform',
  target: 'dockerfile',
  meta: {
    description: 'The shipped Go binary is cross-compiled for the target platform (`GOOS=$TARGETOS GOARCH=$TARGETARCH` on a `$BUILDPLATFORM` builder).',
    defaultSeverity: 'hint',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe when it declares the platform ARGs a build already uses, or sets GOOS/GOARCH in a stage that stays on the target platform (the same binary then). Unsafe when it moves the builder to `$BUILDPLATFORM` (its other RUN steps then install and run build-platform programs and libraries; cgo needs a cross compiler), and for `go install`, whose cross-compiled output lands in `$GOPATH/bin/<GOOS>_<GOARCH>/` where COPY steps do not look. No fix for `go install` with GOBIN set, which refuses to cross-compile.',
    why:
      'In a multi-platform build (`docker buildx build --platform linux/amd64,linux/arm64`) a builder stage without `--platform=$BUILDPLATFORM` runs under QEMU emulation for every foreign platform, many times slower and sometimes crashing.',
    remediation:
      'Go cross-compiles natively: run the builder on `FROM --platform=$BUILDPLATFORM golang:…`, declare `ARG TARGETOS TARGETARCH`, and build with `GOOS=$TARGETOS GOARCH=$TARGETARCH go build …`.',
    notes:
      '`xx-go` sets both by itself. ' +
      '`GOARCH=$TARGETARCH` in a stage that does not declare `ARG TARGETARCH` counts as not set: BuildKit passes the platform ARGs only to stages that declare them. ' +
      'The fix adds the missing pieces; it leaves a FROM alone when it already names a platform, or when the stage ships (a single-stage image must stay on the target platform). ' +
      "Advice, not a defect: shown as a hint (the editor's dotted underline), once per stage where it repeats (the first place names the other lines and its fix changes them all).",
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
        'ENTRYPOINT ["/server"]\n',
      good:
        'FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\n' +
        'ARG TARGETOS TARGETARCH\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
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
    const found: { stage: Stage; report: Report; kind: string }[] = [];
    for (const build of judgedBuilds(model)) {
      if (build.goWord.value.endsWith('xx-go')) continue;
      const missing = ['GOOS', 'GOARCH'].filter((name) => !goEnv(build, name));
      // `GOARCH=$TARGETARCH` in a stage without `ARG TARGETARCH`: BuildKit passes the platform ARGs only to stages that declare them, so it is empty.
      const undeclared = [...new Set(['GOOS', 'GOARCH'].flatMap((name) => [...(goEnv(build, name) ?? '').matchAll(PLATFORM_ARG)].map((m) => m[1])))].filter((arg) => !build.env.has(arg));
      if (missing.length === 0 && undeclared.length === 0) continue;
      if (missing.length === 0) {
        found.push({ stage: build.stage, kind: 'undeclared', report: {
          range: invocationRange(build, model.index),
          message: `'go ${build.subcommandWord.value}' uses ${undeclared.map((a) => `$${a}`).join(' and ')}, but the stage does not declare ARG ${undeclared.join(' ')}, so ${undeclared.length > 1 ? 'they are' : 'it is'} empty and the binary is built for the build platform. Declare ARG ${undeclared.join(' ')} in the stage.`,
          fix: { title: `Declare ARG ${undeclared.join(' ')}`, edits: [instructionBeforeEdit(target, build.instruction, 'ARG', undeclared.join(' '))], safety: 'safe' },
        } });
        continue;
      }
      const assigns = missing.map((name): [string, string] => [name, `$${TARGET_ARG[name]}`]);
      const args = [...new Set([...missing.map((name) => TARGET_ARG[name]), ...undeclared])].filter((arg) => !build.env.has(arg));
      const edits: TextEdit[] = [];
      // Exec form has no shell, and cmd or PowerShell (Windows) read no `NAME=value` prefix: ENV lines work everywhere.
      if (build.command.quoting === 'exec' || stageHasNonPosixShell(build.stage, build.instruction)) {
        const lines = [
          ...(args.length > 0 ? [instructionBeforeEdit(target, build.instruction, 'ARG', args.join(' '))] : []),
          instructionBeforeEdit(target, build.instruction, 'ENV', assigns.map(([n, v]) => `${n}=${v}`).join(' ')),
        ];
        edits.push({ range: lines[0].range, newText: lines.map((l) => l.newText).join('') });
      } else {
        if (args.length > 0) edits.push(instructionBeforeEdit(target, build.instruction, 'ARG', args.join(' ')));
        edits.push(envPrefixEdit(target, build.command, goPrefixPoint(ctx.text, build), assigns)!);
      }
      const root = rootStage(build.stage);
      const movesBuilder = !root.platform && !shipsFrom(model, root);
      if (movesBuilder) {
        const at = root.from.getInstructionRange().end;
        edits.push({ range: { start: at, end: at }, newText: ' --platform=$BUILDPLATFORM' });
      }
      // A cross-compiled `go install` writes to $GOPATH/bin/<goos>_<goarch>/ (a COPY of /go/bin/app misses it), and refuses to run with GOBIN set.
      const install = build.subcommand === 'install';
      const gobin = install && goEnv(build, 'GOBIN') !== undefined;
      const installNote = install
        ? gobin
          ? ' A cross-compiled go install refuses to run with GOBIN set: switch to go build -o.'
          : ' A cross-compiled go install writes to $GOPATH/bin/<GOOS>_<GOARCH>/, so COPY steps that read $GOPATH/bin/<name> must change too (or use go build -o).'
        : '';
      found.push({ stage: build.stage, kind: 'missing', report: {
        range: invocationRange(build, model.index),
        message: `'go ${build.subcommandWord.value}' does not set ${missing.join('/')}, so a multi-platform build compiles under QEMU emulation (or for the wrong platform). Build on FROM --platform=$BUILDPLATFORM and cross-compile with ${assigns.map(([n, v]) => `${n}=${v}`).join(' ')}.${installNote}`,
        fix: gobin ? undefined : { title: `Cross-compile with ${assigns.map(([n, v]) => `${n}=${v}`).join(' ')}`, edits, safety: install || movesBuilder ? 'unsafe' : 'safe' },
      } });
    }
    // The first fix declares the ARGs the other builds of the stage then see: one place at a time.
    for (const report of oncePerStage(found, { mergeFixes: false })) ctx.report(report);
  },
};

/** The stage whose FROM names an image, following `FROM other-stage`. */
function rootStage(stage: Stage): Stage {
  return stageChain(stage)[0];
}

/** True when a runtime stage is built on `root` (or is it): moving it to the build platform would ship the wrong architecture. */
function shipsFrom(model: DockerfileModel, root: Stage): boolean {
  return model.stages.some((s) => s.isRuntime && rootStage(s) === root);
}
