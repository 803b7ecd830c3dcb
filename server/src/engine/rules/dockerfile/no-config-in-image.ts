import * as path from 'node:path';
import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
import { copyStepOf } from '../../dockerfile/copies';

const CONFIG_FILE = /\.(ya?ml|toml|ini)$/i;
const ENV_FILE = /^\.env/i;
const CONFIG_FOLDER = /(^|\/)configs?(\/|$)/i;

export const noConfigInImage: Rule<DockerfileModel> = {
  id: 'no-config-in-image',
  target: 'dockerfile',
  meta: {
    description: 'The runtime stage does not copy configuration files (*.yaml, *.yml, *.toml, *.ini, .env*, config/) into the image.',
    defaultSeverity: 'warning',
    scope: 'all',
    fixable: false,
    why:
      'One image should run unchanged in every environment: configuration baked into it ties the image to one environment, needs a rebuild for every change and often carries credentials.',
    remediation:
      'Read configuration from environment variables (documented in `.env.example`), or mount a ConfigMap or Secret at run time.',
    notes: 'Only the runtime stage is checked: a builder may read config files to generate code.',
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
        'COPY config/production.yaml /etc/server/config.yaml\n' +
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
    for (const stage of ctx.model.runtimeStages) {
      for (const instruction of stage.instructions) {
        const step = copyStepOf(ctx.model, instruction);
        if (!step) continue;
        const words = step.heredoc ? (step.dest ? [step.dest] : []) : step.sources;
        for (const word of words) {
          const value = word.value.replace(/\/+$/, '');
          const base = path.posix.basename(value);
          if (!CONFIG_FILE.test(base) && !ENV_FILE.test(base) && !CONFIG_FOLDER.test(value)) continue;
          ctx.report({
            range: word.range,
            message: `${step.keyword} puts configuration '${word.value}' into the image, which ties the image to one environment and needs a rebuild for every change. Read configuration from environment variables, or mount a ConfigMap/Secret at run time.`,
          });
        }
      }
    }
  },
};
