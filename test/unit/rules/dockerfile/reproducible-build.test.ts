import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
const build = (run: string) => `FROM golang:1.24-bookworm AS build\n${run}\n${RUNTIME}`;

/** Cut down from moby/buildkit's Dockerfile: the build reaches the last stage through `FROM binaries-$TARGETOS`. */
const BUILDKIT =
  'ARG GO_VERSION=1.26\nARG BUILDKIT_DEBUG\n' +
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS gobuild-base\n' +
  'FROM gobuild-base AS buildctl\nENV CGO_ENABLED=0\nARG TARGETPLATFORM\nARG GOBUILDFLAGS\n' +
  'RUN --mount=target=. --mount=target=/root/.cache,type=cache \\\n' +
  '  --mount=target=/go/pkg/mod,type=cache <<EOT\n' +
  '  set -ex\n' +
  '  xx-go build ${GOBUILDFLAGS} -ldflags "$(cat /tmp/.ldflags)" -o /usr/bin/buildctl ./cmd/buildctl\n' +
  'EOT\n\n' +
  'FROM scratch AS binaries-linux\nCOPY --link --from=buildctl /usr/bin/buildctl /\n\n' +
  'FROM scratch AS binaries-darwin\nCOPY --link --from=buildctl /usr/bin/buildctl /\n\n' +
  'FROM binaries-$TARGETOS AS binaries\n';

ruleTester('reproducible-build', {
  valid: [
    build('RUN CGO_ENABLED=0 go build -trimpath -o /app .'),
    { name: 'GOFLAGS', code: build('ENV GOFLAGS="-trimpath -mod=readonly"\nRUN go build -o /app .') },
    { name: 'explicit true', code: build('RUN go build -trimpath=true -o /app .') },
    { name: 'exec form', code: build('RUN ["go", "build", "-trimpath", "-o", "/app", "."]') },
    { name: 'dev stage', code: `FROM golang:1.24-bookworm AS dev\nRUN go build -o /app .\nFROM golang:1.24-bookworm AS build\nRUN go build -trimpath -o /app .\n${RUNTIME}` },
    { name: 'not go', code: 'FROM node:22\nRUN npm run build\n' },
  ],
  invalid: [
    {
      name: 'xx-go build in a heredoc with a flags variable, shipped through a FROM stage-name template (moby/buildkit)',
      code: BUILDKIT,
      errors: [{ line: 11, column: 3, endColumn: 14, severity: 'info' }],
      output: BUILDKIT.replace('xx-go build ${GOBUILDFLAGS}', 'xx-go build -trimpath ${GOBUILDFLAGS}'),
    },
    {
      name: 'inserted right after the subcommand',
      code: build('RUN go build -o /app ./cmd/api'),
      errors: [{ line: 2, column: 5, endColumn: 13, severity: 'info', message: 'Add -trimpath' }],
      output: 'FROM golang:1.24-bookworm AS build\nRUN go build -trimpath -o /app ./cmd/api\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
    },
    {
      name: 'go install, lowercase run, continuation',
      code: build('run CGO_ENABLED=0 \\\n  go install \\\n  ./cmd/api').replace('/app /app', '/go/bin/api /app'),
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 13 }],
      output: build('run CGO_ENABLED=0 \\\n  go install -trimpath \\\n  ./cmd/api').replace('/app /app', '/go/bin/api /app'),
    },
    {
      name: 'exec form',
      code: build('RUN ["go", "build", "-o", "/app", "."]'),
      errors: [{ line: 2, column: 6, endColumn: 19 }],
      output: build('RUN ["go", "build", "-trimpath", "-o", "/app", "."]'),
    },
    {
      name: 'explicitly off: reported without fix',
      code: build('RUN go build -trimpath=false -o /app .'),
      errors: [{ line: 2, column: 5, message: '-trimpath=false' }],
      output: null,
    },
    {
      name: 'CRLF and a heredoc',
      code: build('RUN <<EOF\nset -eux\ngo build -o /app .\nEOF').replace(/\n/g, '\r\n'),
      errors: [{ line: 4, column: 1, endColumn: 9 }],
      output: build('RUN <<EOF\nset -eux\ngo build -trimpath -o /app .\nEOF').replace(/\n/g, '\r\n'),
    },
    {
      name: 'xx-go in sh -c',
      code: build("RUN sh -c 'xx-go build -o /app .'"),
      errors: [{ line: 2, column: 12, endColumn: 23 }],
      output: build("RUN sh -c 'xx-go build -trimpath -o /app .'"),
    },
  ],
});

ruleTester('reproducible-build', {
  valid: [],
  invalid: [
    {
      name: 'the binary ships in another stage: -trimpath only changes recorded paths, safe',
      code: 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
      errors: [{ line: 2 }],
      safety: 'safe',
      output: 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -trimpath -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
    },
    {
      name: 'a single-stage image ships its sources: code that finds files through runtime.Caller would stop finding them, unsafe',
      code: 'FROM golang:1.24-bookworm\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n',
      errors: [{ line: 4 }],
      safety: 'unsafe',
      output: 'FROM golang:1.24-bookworm\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -o /app .\nCMD ["/app"]\n',
    },
  ],
});
