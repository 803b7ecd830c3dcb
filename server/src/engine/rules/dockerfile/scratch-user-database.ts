import type { Rule } from '../../types';
import { stageIsScratch, type DockerfileModel } from '../../dockerfile/model';
import { effectiveUser, isNumericId } from '../../dockerfile/instructions';
import { inheritsRuntimeStage } from '../../dockerfile/runtime';
import { copiedInto } from '../../dockerfile/copies';

export const scratchUserDatabase: Rule<DockerfileModel> = {
  id: 'scratch-user-database',
  target: 'dockerfile',
  meta: {
    description: 'A scratch runtime stage with a named USER also copies in /etc/passwd (and /etc/group for a named group).',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe: a user name in a scratch image without /etc/passwd cannot be resolved, so the container does not start today; the numeric id needs no passwd entry.',
    why:
      "The container runtime resolves a user name through the image's /etc/passwd (a group name through /etc/group). scratch has neither, so `USER app` builds and then fails at start with \"unable to find user app: no matching entries in passwd file\".",
    remediation:
      'Use numeric ids, which need no lookup: `USER 65532:65532` (the quick fix), or copy /etc/passwd and /etc/group from the build stage.',
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
        'USER app\n' +
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
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.runtimeStages) {
      if (!stageIsScratch(stage)) continue;
      const spec = effectiveUser(stage);
      if (!spec || spec.user === undefined) continue;
      if (!stage.instructions.includes(spec.instruction) && inheritsRuntimeStage(stage)) continue;
      const missing: string[] = [];
      if (!isNumericId(spec.user) && !copiedInto(model, stage, '/etc/passwd')) missing.push('/etc/passwd');
      if (spec.group !== undefined && !isNumericId(spec.group) && !copiedInto(model, stage, '/etc/group')) missing.push('/etc/group');
      if (missing.length === 0) continue;
      ctx.report({
        range: spec.range,
        message: `USER ${spec.raw} uses a name, but scratch has no ${missing.join(' or ')} to look it up in, so the container fails to start ("unable to find user"). Use the numeric USER 65532:65532.`,
        fix: { title: 'Use USER 65532:65532', edits: [{ range: spec.range, newText: '65532:65532' }], safety: 'safe' },
      });
    }
  },
};
