import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';

const UPX = new Set(['upx', 'upx-ucl', 'goupx']);

export const upxCompression: Rule<DockerfileModel> = {
  id: 'upx-compression',
  target: 'dockerfile',
  meta: {
    description: 'The shipped binary is not packed with UPX.',
    defaultSeverity: 'info',
    scope: 'go',
    fixable: false,
    why:
      'A UPX-packed binary unpacks itself into memory at every start: startup is slower, memory use is higher (the pages cannot be shared or paged out), some antivirus and runtime security tools flag packed executables, and the size gain mostly disappears because registries and pulls already compress layers.',
    remediation:
      'Remove the `upx` step and strip the binary with `-ldflags="-s -w"` instead, which gives most of the reduction with none of the cost.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN apt-get update && apt-get install -y upx-ucl\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server \\\n' +
        '    && upx --best /out/server\n' +
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
    for (const stage of ctx.model.stages) {
      if (!stage.reachesRuntime || stage.isDev) continue;
      for (const run of stage.runs) {
        for (const command of run.commands) {
          const word = command.words[0];
          if (!word || !UPX.has(word.value.slice(word.value.lastIndexOf('/') + 1))) continue;
          ctx.report({
            range: word.range,
            message: 'UPX makes the binary unpack itself into memory at every start (slower start, more memory, antivirus false positives) for little gain, since image layers are compressed anyway. Remove this step and rely on -ldflags="-s -w".',
          });
        }
      }
    }
  },
};
