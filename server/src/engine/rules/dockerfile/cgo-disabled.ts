import type { FixSafety, Rule, TextEdit } from '../../types';
import { baseImageOf, stageHasNonPosixShell, type DockerfileModel, type EnvValue } from '../../dockerfile/model';
import { goEnv, goFlag, goFlagsFromEnv, invocationRange, type GoInvocation } from '../../dockerfile/go';
import { isMinimalImage } from '../../dockerfile/image';
import { editTargetOf, envPrefixEdit } from '../../dockerfile/command-edits';
import { instructionBeforeEdit } from '../../dockerfile/edits';
import { judgedBuilds } from './shared/go-build';

const CGO_FLAGS = new Set(['race', 'msan', 'asan']);

export const cgoDisabled: Rule<DockerfileModel> = {
  id: 'cgo-disabled',
  target: 'dockerfile',
  meta: {
    description: 'Every `go build` whose output ships runs with `CGO_ENABLED=0` in effect.',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe when every runtime image has no C library (scratch, distroless static, Chainguard static) and the build leaves CGO_ENABLED unset: a cgo-linked binary cannot start there today, and a pure-Go one builds the same without cgo. Unsafe when it replaces a value the author wrote (`CGO_ENABLED=1`, or `$CGO_ENABLED` from a build argument) or when the runtime image has a C library: the code may need cgo (`import "C"`, a cgo driver), and only the Go sources show that.',
    why:
      'With cgo enabled (the default when a C compiler is present, as in the `golang` images) the binary links dynamically against glibc or musl, and it fails to start in distroless `static` or `scratch` images, which have no C library ("no such file or directory" for a file that exists).',
    remediation:
      'Set `CGO_ENABLED=0` on the command (`CGO_ENABLED=0 go build …`), in an `ENV` of the builder stage, or in an `ARG` with default `0`; the value is judged where the build runs, including ENV/ARG inherited from a parent stage and `export` earlier in the same `RUN`. ' +
      'A build with `-race`, `-msan` or `-asan` needs cgo, so it gets no automatic fix: ship a build without those flags.',
    notes:
      "A deliberately static cgo build (`CGO_ENABLED=1` with `-ldflags '-extldflags -static'`, as BuildKit builds runc) links the C library into the binary, so it starts anywhere and is not a finding.",
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
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
    const reported = new Set<EnvValue>();
    for (const build of judgedBuilds(model)) {
      const value = goEnv(build, 'CGO_ENABLED');
      if (value === '0') continue;
      // `-race`, `-msan` and `-asan` need cgo: CGO_ENABLED=0 would fail the build, so the build itself must change.
      const needsCgo = build.flags.find((f) => CGO_FLAGS.has(f.name) && (f.value === undefined || /^(1|t|T|true|TRUE|True)$/.test(f.value)));
      if (needsCgo) {
        ctx.report({
          range: invocationRange(build, model.index),
          message: `'go ${build.subcommandWord.value} -${needsCgo.name}' needs cgo, so the binary links against the C library and will not start in a distroless or scratch image. Ship a build without -${needsCgo.name}, made with CGO_ENABLED=0, and keep -${needsCgo.name} builds in a dev or test stage.`,
        });
        continue;
      }
      // `-extldflags -static`: the C library is linked into the binary, which then starts anywhere (BuildKit's runc stage).
      if (linksStatically(build)) continue;
      const declared = build.env.get('CGO_ENABLED');
      if (declared && value && !value.includes('$')) {
        if (reported.has(declared)) continue;
        reported.add(declared);
        const range = declared.valueRange ?? declared.range;
        const written = declared.valueRange ? ctx.text.slice(model.index.offsetAt(declared.valueRange.start), model.index.offsetAt(declared.valueRange.end)) : value;
        const variable = /\$\{?(\w+)/.exec(written)?.[1];
        const where = declared.origin === 'shell' ? 'on the command line' : `by ${declared.origin}`;
        ctx.report({
          range,
          message: variable
            ? `CGO_ENABLED comes from $${variable}, '${value}' unless the build passes another value, so the Go binary may link against the C library and then fails to start in an image without one (distroless static, scratch). Build the shipped binary with CGO_ENABLED=0 (e.g. --build-arg ${variable}=0), unless it is linked statically on purpose.`
            : `CGO_ENABLED is set to '${value}' ${where}, so the Go binary links against the C library (unless linked statically) and fails to start in an image without one (distroless static, scratch). Set it to 0.`,
          fix: declared.valueRange ? { title: 'Set CGO_ENABLED=0', edits: [{ range: declared.valueRange, newText: '0' }], safety: 'unsafe' } : undefined,
        });
        continue;
      }
      // A prefix goes before the command's own assignments, so one of those must be edited instead.
      const own = build.command.assigns.find((a) => a.name === 'CGO_ENABLED' && a.valueRange);
      // Exec form has no shell, and cmd or PowerShell (Windows) read no `NAME=value` prefix: an ENV line works everywhere.
      const withEnv = !own && (build.command.quoting === 'exec' || stageHasNonPosixShell(build.stage, build.instruction));
      const edit: TextEdit | undefined = own
        ? { range: own.valueRange!, newText: '0' }
        : withEnv
          ? instructionBeforeEdit(target, build.instruction, 'ENV', 'CGO_ENABLED=0')
          : envPrefixEdit(target, build.command, build.command.start, [['CGO_ENABLED', '0']]);
      const subcommand = build.subcommandWord.value;
      const advice = own ? 'Set CGO_ENABLED=0 on the command' : withEnv ? 'Set ENV CGO_ENABLED=0 before this RUN' : 'Prefix the command with CGO_ENABLED=0';
      ctx.report({
        range: invocationRange(build, model.index),
        message: `'go ${subcommand}' runs without CGO_ENABLED=0, so the binary may link against the C library and fail to start in a distroless or scratch image. ${advice}.`,
        fix: edit ? { title: own ? 'Set CGO_ENABLED=0' : advice, edits: [edit], safety: own ? 'unsafe' : unsetSafety(model) } : undefined,
      });
    }
  },
};

/** `-ldflags` that pass `-static` to the external linker (`-extldflags -static`, `-extldflags "-static"`, `-extldflags=-static`). */
function linksStatically(build: GoInvocation): boolean {
  const ldflags = goFlag(build, 'ldflags')?.value ?? goFlagsFromEnv(build).filter((f) => f.name === 'ldflags').pop()?.value;
  return ldflags !== undefined && /-extldflags[=\s]+["']?(?:[^"']*\s)?-static(?:["'\s]|$)/.test(ldflags);
}

/**
 * Adding CGO_ENABLED=0 where it is unset cannot break a working image only when no runtime image has
 * a C library: a cgo-linked binary does not start there today, and a pure-Go one builds the same.
 */
function unsetSafety(model: DockerfileModel): FixSafety {
  const runtimes = model.runtimeStages.map(baseImageOf);
  const libcFree = (b: ReturnType<typeof baseImageOf>) => isMinimalImage(b) && !/^distroless\/(base|cc|java|python|nodejs)/.test(b.repository);
  return runtimes.length > 0 && runtimes.every(libcFree) ? 'safe' : 'unsafe';
}
