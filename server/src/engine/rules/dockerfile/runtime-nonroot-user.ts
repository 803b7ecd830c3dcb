import type { Fix, Rule } from '../../types';
import { baseImageOf, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { imageDefaultUserIsRoot, isWindowsImage, type ImageRef } from '../../dockerfile/image';
import { compilesInRuntime, inheritsRuntimeStage } from '../../dockerfile/runtime';
import { effectiveUser, isRootUser } from '../../dockerfile/instructions';
import { attachedCommentStart, continuesAfter, endsInOpenHeredoc, indentOf, insertAfterLine, insertBeforeLine, instructionLines, keywordLike, stageLastLine } from '../../dockerfile/edits';

export const runtimeNonrootUser: Rule<DockerfileModel> = {
  id: 'runtime-nonroot-user',
  target: 'dockerfile',
  meta: {
    description: 'The runtime stage does not run as root: its last USER is not root/0, or its base image defaults to a non-root user.',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: true,
    fixSafety:
      'Unsafe: it replaces a USER the author wrote, or adds one to an image whose entrypoint may need root (an init system such as systemd, or a script that drops privileges itself with su-exec or gosu), and files the program writes may be owned by root.',
    why:
      'A process running as root inside the container is one kernel or runtime bug away from root on the node, and can rewrite its own image files.',
    remediation:
      'Set a non-root user in the image so that it is safe by default, whatever the orchestrator adds: `USER nonroot:nonroot` on distroless (the user exists there, uid 65532), or the numeric `USER 65532:65532` elsewhere (numeric ids need no /etc/passwd entry, and Kubernetes can verify them for `runAsNonRoot`).',
    notes:
      'When the base image is not one whose default user is known (distributions, language images, distroless, scratch), the finding is a warning that asks for an explicit numeric USER, without claiming root. ' +
      'The quick fix replaces a root USER or inserts one before ENTRYPOINT/CMD. ' +
      'A runtime stage that compiles (based on `golang`, or running `go build`) gets no fix here: `multi-stage-build` adds a proper runtime stage. ' +
      'One finding per problem: on the FROM of a runtime stage that `runtime-distroless-nonroot` reports, that finding (whose rewrite sets `USER nonroot:nonroot`) stands for this one.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM scratch\n' +
        'COPY --from=build /out/server /server\n' +
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n' +
        'ENTRYPOINT ["/server"]\n',
      good:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM scratch\n' +
        'COPY --from=build /out/server /server\n' +
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n' +
        'USER 65532:65532\n' +
        'ENTRYPOINT ["/server"]\n',
    },
    equivalents: { hadolint: ['DL3002'], trivy: ['DS002'], checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'] },
    conflicts:
      'Some linters prefer numeric user ids and flag `USER nonroot:nonroot` (hadolint DL3066 in the standard\'s survey). On distroless the `nonroot` name is defined in /etc/passwd as 65532, ' +
      'so it is safe; Kubernetes still needs the numeric `runAsUser: 65532` to verify `runAsNonRoot` (see k8s-run-as-user).',
  },
  check(ctx) {
    for (const stage of ctx.model.runtimeStages) {
      const base = baseImageOf(stage);
      const spec = effectiveUser(stage);
      const wanted = prefersNamedNonroot(base) ? 'nonroot:nonroot' : '65532:65532';
      const fixable = !compilesInRuntime(stage);
      if (spec) {
        if (spec.user === undefined || !isRootUser(spec)) continue;
        const inStage = stage.instructions.includes(spec.instruction);
        if (!inStage && inheritsRuntimeStage(stage)) continue;
        const fix: Fix | undefined = !fixable
          ? undefined
          : inStage
            ? { title: `Run as ${wanted}`, edits: [{ range: spec.range, newText: wanted }], safety: 'unsafe' }
            : insertUserFix(ctx.model, stage, wanted);
        ctx.report({
          range: spec.range,
          message: `USER ${spec.raw} makes the container run as root, so a compromised process owns the container and is one escape from the node. Use USER ${wanted}.`,
          fix,
        });
        continue;
      }
      // Windows users are not Unix ids: not judged.
      if (base.unresolved || !base.raw || isWindowsImage(base) || inheritsRuntimeStage(stage)) continue;
      const rootByDefault = imageDefaultUserIsRoot(base);
      if (rootByDefault === false) continue;
      // An image we do not know may set its own USER (grafana/k6 ends with `USER k6`): no root claim, only the ask.
      ctx.report({
        range: stage.imageRange,
        message:
          rootByDefault === true
            ? `The runtime stage sets no USER and '${base.raw}' runs as root by default, so a compromised process owns the container. Add USER ${wanted}.`
            : `The runtime stage sets no USER, so it runs as the default user of '${base.raw}', which this check does not know: if that is root, a compromised process owns the container. Set an explicit numeric USER (the image's own uid, or ${wanted}).`,
        ...(rootByDefault === true ? {} : { severity: 'warning' as const }),
        fix: fixable ? insertUserFix(ctx.model, stage, wanted) : undefined,
      });
    }
  },
};

/** Distroless and Chainguard define the `nonroot` user; elsewhere only a numeric id is sure to work. */
function prefersNamedNonroot(base: ImageRef): boolean {
  return (base.registry === 'gcr.io' && base.repository.startsWith('distroless/')) || base.registry === 'cgr.dev';
}

/** Inserts USER before the stage's first ENTRYPOINT/CMD (and the comments above it), or after its last instruction. */
function insertUserFix(model: DockerfileModel, stage: Stage, wanted: string): Fix | undefined {
  const index = model.index;
  const line = `${keywordLike(stage, 'USER')} ${wanted}`;
  const start = stage.instructions.find((i) => i.getKeyword() === 'ENTRYPOINT' || i.getKeyword() === 'CMD');
  if (start) {
    const at = attachedCommentStart(index, instructionLines(start).from, stage.fromRange.end.line + 1);
    return { title: `Run as ${wanted}`, edits: [insertBeforeLine(index, at, [line])], safety: 'unsafe' };
  }
  const last = stage.instructions[stage.instructions.length - 1];
  if (continuesAfter(index, stageLastLine(stage), model.escapeChar) || endsInOpenHeredoc(stage)) return undefined;
  const indent = last ? indentOf(index, instructionLines(last).from) : indentOf(index, stage.fromRange.start.line);
  return { title: `Run as ${wanted}`, edits: [insertAfterLine(index, stageLastLine(stage), [line], indent)], safety: 'unsafe' };
}
