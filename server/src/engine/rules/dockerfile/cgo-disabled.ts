import type { Rule, TextEdit } from '../../types';
import { stageHasNonPosixShell, type DockerfileModel, type EnvValue } from '../../dockerfile/model';
import { editTargetOf, envPrefixEdit, goEnv, instructionBeforeEdit, invocationRange, judgedBuilds } from '../../dockerfile/go';

const CGO_FLAGS = new Set(['race', 'msan', 'asan']);

export const cgoDisabled: Rule<DockerfileModel> = {
  id: 'cgo-disabled',
  target: 'dockerfile',
  meta: {
    description: 'Every `go build` whose output ships runs with `CGO_ENABLED=0` in effect.',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    rationale:
      'With cgo enabled (the default when a C compiler is present, as in the `golang` images) the binary links dynamically against glibc or musl, and it fails to start in distroless `static` or `scratch` images, which have no C library ("no such file or directory" for a file that exists). Set `CGO_ENABLED=0` on the command (`CGO_ENABLED=0 go build …`), in an `ENV` of the builder stage, or in an `ARG` with default `0`; the value is judged where the build runs, including ENV/ARG inherited from a parent stage and `export` earlier in the same `RUN`. A build with `-race`, `-msan` or `-asan` needs cgo, so it gets no automatic fix: ship a build without those flags.',
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
      const declared = build.env.get('CGO_ENABLED');
      if (declared && value && !value.includes('$')) {
        if (reported.has(declared)) continue;
        reported.add(declared);
        const where = declared.origin === 'shell' ? 'on the command line' : `by ${declared.origin}`;
        const range = declared.valueRange ?? declared.range;
        ctx.report({
          range,
          message: `CGO_ENABLED is set to '${value}' ${where}, so the Go binary links against the C library and will not start in a distroless or scratch image. Set it to 0.`,
          fix: declared.valueRange ? { title: 'Set CGO_ENABLED=0', edits: [{ range: declared.valueRange, newText: '0' }], isPreferred: true } : undefined,
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
        fix: edit ? { title: own ? 'Set CGO_ENABLED=0' : advice, edits: [edit], isPreferred: true } : undefined,
      });
    }
  },
};
