import type { FixSafety, Rule } from '../../types';
import { baseImageOf, stageIsMinimal, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { isWindowsImage, type ImageRef } from '../../dockerfile/image';
import { commandLineOf, execFormText } from '../../dockerfile/command-line';
import { stageChain } from '../../dockerfile/stages';

export const execFormEntrypoint: Rule<DockerfileModel> = {
  id: 'exec-form-entrypoint',
  target: 'dockerfile',
  meta: {
    description: 'ENTRYPOINT and CMD of the runtime stage use the JSON exec form.',
    defaultSeverity: 'warning',
    scope: 'all',
    fixable: true,
    why:
      'In shell form (`CMD ./server --port 8080`) Docker starts `/bin/sh -c "…"`: the shell is PID 1 and does not pass SIGTERM on, so the service never drains and is killed after the grace period.',
    remediation:
      "Write `ENTRYPOINT [\"/server\", \"--port\", \"8080\"]`; note that exec form uses double quotes (`['a']` with single quotes is silently run as shell form). " +
      'The quick fix converts a plain command; one that uses variables, operators, globs or redirections needs a decision and is left to you.',
    notes: 'In distroless or scratch there is no /bin/sh at all and the container cannot start (error there).',
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
        'ENTRYPOINT /server --port 8080\n',
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
        'ENTRYPOINT ["/server", "--port", "8080"]\n',
    },
    fixSafety:
      'Safe in images without a shell (where the shell form cannot start), and for a CMD when no ENTRYPOINT is in effect and the base image is one known to set none: the same program then runs with the same arguments. Unsafe for a CMD when an ENTRYPOINT may be in effect (set in the stage chain, or by a base image this check does not know: in exec form the CMD words, not `/bin/sh -c …`, become its arguments), and for an ENTRYPOINT on an image with a shell (arguments given at run time, such as a manifest\'s `args:`, are ignored by the shell form and reach the program in exec form).',
    equivalents: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  },
  check(ctx) {
    for (const stage of ctx.model.runtimeStages) {
      const minimal = stageIsMinimal(stage);
      const base = baseImageOf(stage);
      const hasCmd = stage.instructions.some((i) => i.getKeyword() === 'CMD');
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword !== 'ENTRYPOINT' && keyword !== 'CMD') continue;
        const command = commandLineOf(ctx.model, instruction);
        if (!command || command.form === 'exec') continue;
        const words = command.words.map((w) => w.value);
        // A shell-form ENTRYPOINT ignores CMD; in exec form CMD becomes its arguments, which changes what runs.
        const changesMeaning = keyword === 'ENTRYPOINT' && hasCmd;
        const convertible = command.simple && !changesMeaning;
        const consequence = minimal
          ? `'${base.raw}' has no /bin/sh, so the container cannot start`
          : 'unless the shell execs the program, the shell stays PID 1 and does not pass SIGTERM on, so the service cannot shut down gracefully';
        const shell = isWindowsImage(base) ? 'cmd /S /C' : '/bin/sh -c';
        const what = command.brokenJson
          ? `${keyword} is not valid JSON (exec form needs double quotes), so Docker runs it through ${shell}`
          : `${keyword} in shell form runs through ${shell}`;
        const advice = convertible
          ? `Use exec form: ${keyword} ${execFormText(words)}.`
          : changesMeaning && command.simple
            ? `Use exec form, and check the CMD: in exec form it becomes the ENTRYPOINT's arguments.`
            : 'Rewrite it in JSON exec form (a program with arguments, no shell syntax).';
        ctx.report({
          range: command.range,
          message: `${what}: ${consequence}. ${advice}`,
          severity: minimal ? 'error' : 'warning',
          fix: convertible
            ? { title: `Use exec form ${execFormText(words)}`, edits: [{ range: command.range, newText: execFormText(words) }], safety: conversionSafety(stage, keyword, minimal) }
            : undefined,
        });
      }
    }
  },
};

/**
 * A shell-form CMD is passed as `/bin/sh -c "…"` to an ENTRYPOINT when one is in effect, so converting
 * it changes that program's arguments; a base image we do not know may set an ENTRYPOINT.
 */
function conversionSafety(stage: Stage, keyword: string, minimal: boolean): FixSafety {
  if (minimal) return 'safe';
  // Arguments given at run time (`docker run image x`, a manifest's `args:`) are ignored by a shell-form ENTRYPOINT and reach the program in exec form.
  if (keyword === 'ENTRYPOINT') return 'unsafe';
  const chain = stageChain(stage);
  if (chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'ENTRYPOINT'))) return 'unsafe';
  return setsNoEntrypoint(baseImageOf(stage)) ? 'safe' : 'unsafe';
}

/** Distribution images (and golang, scratch, distroless static) define no ENTRYPOINT; language and server images often do. */
const NO_ENTRYPOINT_IMAGES = new Set(['alpine', 'debian', 'ubuntu', 'busybox', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'photon', 'archlinux', 'golang', 'scratch']);

function setsNoEntrypoint(image: ImageRef): boolean {
  if (image.unresolved) return false;
  if (image.registry === 'gcr.io' && /^distroless\/(static|base)/.test(image.repository)) return true;
  return image.registry === 'docker.io' && NO_ENTRYPOINT_IMAGES.has(image.repository);
}
