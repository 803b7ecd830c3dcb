import type { Rule } from '../../types';
import { baseImageOf, stageIsMinimal, type DockerfileModel } from '../../dockerfile/model';
import { healthcheckProblem, healthcheckToComment } from '../../dockerfile/runtime';

export const noShellHealthcheck: Rule<DockerfileModel> = {
  id: 'no-shell-healthcheck',
  target: 'dockerfile',
  meta: {
    description: 'No HEALTHCHECK that needs a shell, curl or wget in an image that has none (distroless, scratch).',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: true,
    fixSafety:
      'Safe: a shell HEALTHCHECK in an image without a shell can never pass, so the container is reported unhealthy today; the fix keeps the command as a comment.',
    why:
      'Distroless and scratch have no /bin/sh, curl or wget: a HEALTHCHECK in shell form, or one that calls those tools, fails every time and Docker marks the container unhealthy.',
    remediation:
      'Delete the HEALTHCHECK and declare `httpGet` liveness and readiness probes in the Kubernetes manifest (or have the binary check itself in exec form). ' +
      'An exec-form HEALTHCHECK that runs the service binary itself (`HEALTHCHECK CMD ["/app", "-health"]`) is fine.',
    notes:
      'Kubernetes ignores Dockerfile HEALTHCHECK anyway; health is checked by the kubelet with `httpGet` liveness (/health) and readiness (/ready) probes, which need nothing inside the image. ' +
      'The quick fix replaces the HEALTHCHECK with a comment saying so (the old check stays visible as a comment, with its port and path).',
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
        'HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\n' +
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
        'HEALTHCHECK CMD ["/server", "-health"]\n' +
        'ENTRYPOINT ["/server"]\n',
    },
    conflicts:
      'Trivy DS026, Checkov CKV_DOCKER_2 and hadolint DL3057 ask for a HEALTHCHECK in every Dockerfile. In a distroless image such a check can only be a program you ship for it; ' +
      'under Kubernetes it is ignored, and httpGet probes do the job without adding anything to the image, so this standard does not require one.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      if (stage.isDev || !stageIsMinimal(stage)) continue;
      const base = baseImageOf(stage);
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'HEALTHCHECK') continue;
        const problem = healthcheckProblem(ctx.model, instruction);
        if (!problem) continue;
        ctx.report({
          range: problem.tool?.range ?? problem.command.range,
          message: `This HEALTHCHECK always fails: ${problem.message} ('${base.raw}' has no shell, curl or wget). Use Kubernetes httpGet probes on /health and /ready instead.`,
          fix: { title: 'Replace the HEALTHCHECK with a note about Kubernetes probes', edits: [healthcheckToComment(ctx.model, instruction)], safety: 'safe' },
        });
      }
    }
  },
};
