import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
const build = (lines: string) => `FROM golang:1.24-bookworm AS build\n${lines}\n${RUNTIME}`;
const MOD = '--mount=type=cache,target=/go/pkg/mod';
const BUILD = '--mount=type=cache,target=/root/.cache/go-build';

ruleTester('go-build-cache-mounts', {
  valid: [
    build(`RUN ${MOD} go mod download\nRUN ${MOD} ${BUILD} go build -o /app .`),
    { name: 'trailing slash, dst= and continuation', code: build(`RUN --mount=type=cache,target=/go/pkg/mod/ \\\n    --mount=type=cache,dst=/root/.cache/go-build,sharing=locked \\\n    go build -o /app .`) },
    { name: 'a mount above the cache directory covers it', code: build(`RUN --mount=type=cache,target=/go --mount=type=cache,target=/root/.cache go build -o /app .`) },
    { name: 'GOCACHE and GOMODCACHE set by ENV', code: build('ENV GOCACHE=/cache/build GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=/cache go build -o /app .') },
    { name: 'vendored build needs no module cache', code: build(`RUN ${BUILD} go build -mod=vendor -o /app .`) },
    { name: 'dev stage is exempt', code: `FROM golang:1.24-bookworm AS dev\nRUN go build -o /x .\nFROM golang:1.24-bookworm AS build\nRUN ${MOD} ${BUILD} go build -o /app .\n${RUNTIME}` },
    {
      name: 'Windows stage: no cache mounts there',
      code: '# escape=`\n\nFROM golang:1.24-windowsservercore-ltsc2022 AS build\nWORKDIR C:\\src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o C:\\out\\hello.exe .\n\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build C:\\out\\hello.exe C:\\hello.exe\nUSER ContainerUser\nENTRYPOINT ["C:\\\\hello.exe"]\n',
    },
    { name: 'go vet is not judged', code: build(`RUN go vet ./...\nRUN ${MOD} ${BUILD} go build -o /app .`) },
  ],
  invalid: [
    {
      name: 'one RUN with go mod download and a tool install: one finding naming both, one edit (kind kindnetd)',
      code:
        'FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.26 AS build\nWORKDIR /go/src\nCOPY go.mod go.sum ./\nARG GO_VERSION\n' +
        'RUN eval "$(gimme "${GO_VERSION}")" \\\n    && export GOTOOLCHAIN="go${GO_VERSION}" \\\n    && go mod download \\\n    && GOBIN=/usr/local/bin go install github.com/google/go-licenses@latest\n' +
        `COPY . .\nRUN ${MOD} ${BUILD} CGO_ENABLED=0 go build -o /app ./cmd/kindnetd\n${RUNTIME}`,
      errors: [{ line: 7, column: 8, endColumn: 23, message: "'go mod download' and 'go install' run without a BuildKit cache mount for /go/pkg/mod and /root/.cache/go-build" }],
      output:
        'FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.26 AS build\nWORKDIR /go/src\nCOPY go.mod go.sum ./\nARG GO_VERSION\n' +
        `RUN ${MOD} ${BUILD} eval "$(gimme "\${GO_VERSION}")" \\\n    && export GOTOOLCHAIN="go\${GO_VERSION}" \\\n    && go mod download \\\n    && GOBIN=/usr/local/bin go install github.com/google/go-licenses@latest\n` +
        `COPY . .\nRUN ${MOD} ${BUILD} CGO_ENABLED=0 go build -o /app ./cmd/kindnetd\n${RUNTIME}`,
    },
    {
      name: 'bare build gets both mounts after the keyword',
      code: build('RUN go build -o /app ./cmd/api'),
      errors: [{ line: 2, column: 5, endColumn: 13, severity: 'info', message: '/go/pkg/mod and /root/.cache/go-build' }],
      output: 'FROM golang:1.24-bookworm AS build\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app ./cmd/api\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
    },
    {
      name: 'go mod download needs the module cache only',
      code: build(`COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN ${MOD} ${BUILD} go build -o /app .`),
      errors: [{ line: 3, column: 5, endColumn: 20, message: "'go mod download'" }],
      output: build(`COPY go.mod go.sum ./\nRUN ${MOD} go mod download\nCOPY . .\nRUN ${MOD} ${BUILD} go build -o /app .`),
    },
    {
      name: 'only the missing one is added; lowercase, CRLF',
      code: build(`run ${MOD} \\\n    go build -o /app .`).replace(/\n/g, '\r\n'),
      errors: [{ line: 3, column: 5, message: '/root/.cache/go-build' }],
      output: build(`run ${BUILD} ${MOD} \\\n    go build -o /app .`).replace(/\n/g, '\r\n'),
    },
    {
      name: 'paths follow GOPATH and HOME',
      code: build('ENV GOPATH=/work HOME=/home/gopher\nRUN go build -o /app .'),
      errors: [{ line: 3, message: '/work/pkg/mod and /home/gopher/.cache/go-build' }],
      output: build('ENV GOPATH=/work HOME=/home/gopher\nRUN --mount=type=cache,target=/work/pkg/mod --mount=type=cache,target=/home/gopher/.cache/go-build go build -o /app .'),
    },
    {
      name: 'a bind mount is not a cache; one report for two builds; heredoc',
      code: build('RUN --mount=type=bind,target=. <<EOF\ngo build -o /app ./cmd/api\ngo build -o /worker ./cmd/worker\nEOF'),
      errors: [{ line: 3, column: 1, endColumn: 9 }],
      output: build(`RUN ${MOD} ${BUILD} --mount=type=bind,target=. <<EOF\ngo build -o /app ./cmd/api\ngo build -o /worker ./cmd/worker\nEOF`),
    },
    {
      name: 'exec form',
      code: build('RUN ["go", "build", "-o", "/app", "."]'),
      errors: [{ line: 2, column: 6, endColumn: 19 }],
      output: build(`RUN ${MOD} ${BUILD} ["go", "build", "-o", "/app", "."]`),
    },
  ],
});

ruleTester('go-build-cache-mounts', {
  valid: [
    { name: 'a non-root USER on a non-golang base: the home directory, so the cache paths, are unknown: nothing to suggest', code: `FROM debian:bookworm AS build\nUSER builder\nRUN --mount=type=cache,target=/tmp go build -o /app .\n${RUNTIME}` },
  ],
  invalid: [
    {
      name: 'a non-golang base running as root: the module cache is Go\'s default $HOME/go/pkg/mod, /root/go/pkg/mod, not /go/pkg/mod (kind images/base go-build stage)',
      code: 'FROM --platform=$BUILDPLATFORM debian:trixie-slim AS build\nARG GO_VERSION\nRUN go build -o /app .\n' + RUNTIME,
      errors: [{ line: 3, column: 5, message: 'without a BuildKit cache mount for /root/go/pkg/mod and /root/.cache/go-build' }],
      safety: 'safe',
      output: 'FROM --platform=$BUILDPLATFORM debian:trixie-slim AS build\nARG GO_VERSION\nRUN --mount=type=cache,target=/root/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n' + RUNTIME,
    },
    {
      name: 'a module cache mount on the build hides the modules an earlier go mod download put in the layer: unsafe (an offline build would fail)',
      code: build('WORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nENV GOPROXY=off\nRUN go build -o /app .'),
      errors: [{ line: 4 }, { line: 7 }],
      safety: 'unsafe',
      output: build('WORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nENV GOPROXY=off\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .'),
    },
    {
      name: 'go mod download into a cache mount takes the modules out of the layer: unsafe',
      code: build('WORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .'),
      errors: [{ line: 4, column: 5 }],
      safety: 'unsafe',
      output: build('WORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .'),
    },
  ],
});
