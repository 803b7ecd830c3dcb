import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';

/** A Windows Go image: RUN goes through cmd, which reads no `NAME=value` prefix. */
const WINDOWS = (run: string) => '# escape=`\n\nFROM golang:1.24-windowsservercore-ltsc2022 AS build\nWORKDIR C:\\src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n' + run + '\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build C:\\out\\hello.exe C:\\hello.exe\nUSER ContainerUser\nENTRYPOINT ["C:\\\\hello.exe"]\n';

ruleTester('target-platform', {
  valid: [
    { name: 'platform ARGs declared in the parent stage', code: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS base\nARG TARGETOS TARGETARCH\nFROM base AS build\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}` },
    {
      name: 'the canonical cross-compiling builder',
      code: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}`,
    },
    { name: 'set by ENV in a parent stage', code: `FROM golang:1.24-bookworm AS base\nENV GOOS=linux GOARCH=amd64\nFROM base AS build\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'xx-go sets them itself', code: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nCOPY --from=tonistiigi/xx / /\nRUN xx-go build -o /app .\n${RUNTIME}` },
    { name: 'export in the script', code: `FROM golang:1.24-bookworm AS build\nRUN export GOOS=linux GOARCH=arm64 && go build -o /app .\n${RUNTIME}` },
    { name: 'dev stage', code: `FROM golang:1.24-bookworm AS debug\nRUN go build -o /app .\nFROM golang:1.24-bookworm AS build\nRUN GOOS=linux GOARCH=amd64 go build -o /app .\n${RUNTIME}` },
  ],
  invalid: [
    {
      name: 'GOOS=$TARGETOS GOARCH=$TARGETARCH without ARG in the stage (a global ARG does not reach it): they are empty; the ARG is declared',
      code: `ARG TARGETARCH\nFROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=\${TARGETARCH} go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 5, column: 55, endColumn: 63, severity: 'info', message: 'does not declare ARG TARGETOS TARGETARCH, so they are empty' }],
      output: `ARG TARGETARCH\nFROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY . .\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=\${TARGETARCH} go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'GOOS=linux only (GKE hello-app): GOARCH from TARGETARCH, after the existing prefixes',
      code: 'FROM golang:1.26.2 AS builder\nWORKDIR /app\nRUN go mod init hello-app\nCOPY *.go ./\nRUN CGO_ENABLED=0 GOOS=linux go build -o /hello-app\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /\nCOPY --from=builder /hello-app /hello-app\nUSER nonroot:nonroot\nCMD ["/hello-app"]\n',
      errors: [{ line: 5, column: 30, endColumn: 38, severity: 'info', message: 'does not set GOARCH' }],
      output: 'FROM --platform=$BUILDPLATFORM golang:1.26.2 AS builder\nWORKDIR /app\nRUN go mod init hello-app\nCOPY *.go ./\nARG TARGETARCH\nRUN CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH go build -o /hello-app\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /\nCOPY --from=builder /hello-app /hello-app\nUSER nonroot:nonroot\nCMD ["/hello-app"]\n',
    },
    {
      name: 'Windows stage (cmd): ARG and ENV lines before the RUN, --platform on the builder',
      code: WINDOWS('RUN go build -o C:\\out\\hello.exe .\n'),
      errors: [{ line: 8, column: 5, endColumn: 13, severity: 'info' }],
      output: WINDOWS('ARG TARGETOS TARGETARCH\nENV GOOS=$TARGETOS GOARCH=$TARGETARCH\nRUN go build -o C:\\out\\hello.exe .\n').replace('FROM golang', 'FROM --platform=$BUILDPLATFORM golang'),
    },
    {
      name: 'bare build: ARG, env prefix and --platform on the builder',
      code: `FROM golang:1.24-bookworm AS build\nWORKDIR /src\nRUN go build -o /app ./cmd/api\n${RUNTIME}`,
      errors: [{ line: 3, column: 5, endColumn: 13, severity: 'info', message: 'GOOS/GOARCH' }],
      output: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nWORKDIR /src\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app ./cmd/api\n${RUNTIME}`,
    },
    {
      name: 'only GOARCH missing; prefix goes after the existing ones; ARG already declared',
      code: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETARCH\nRUN CGO_ENABLED=0 GOOS=linux go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 3, column: 30, endColumn: 38, message: 'does not set GOARCH' }],
      output: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETARCH\nRUN CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'the --platform goes on the stage that names the image; lowercase, indented',
      code: `from golang:1.24-bookworm as base\nfrom base as build\n  run go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 3, column: 7 }],
      output: `from --platform=$BUILDPLATFORM golang:1.24-bookworm as base\nfrom base as build\n  arg TARGETOS TARGETARCH\n  run GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'an existing --platform is kept',
      code: `FROM --platform=linux/amd64 golang:1.24-bookworm AS build\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2 }],
      output: `FROM --platform=linux/amd64 golang:1.24-bookworm AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'single-stage image keeps its FROM on the target platform',
      code: 'FROM golang:1.24-bookworm\nRUN go build -o /app .\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.24-bookworm\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'exec form: ARG and ENV lines',
      code: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nRUN ["go", "build", "-o", "/app", "."]\n${RUNTIME}`,
      errors: [{ line: 2, column: 6, endColumn: 19 }],
      output: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETOS TARGETARCH\nENV GOOS=$TARGETOS GOARCH=$TARGETARCH\nRUN ["go", "build", "-o", "/app", "."]\n${RUNTIME}`,
    },
    {
      name: 'CRLF, --mount flags and a continuation',
      code: `FROM golang:1.24-bookworm AS build\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    go build -o /app .\n${RUNTIME}`.replace(/\n/g, '\r\n'),
      errors: [{ line: 3, column: 5, endColumn: 13 }],
      output: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETOS TARGETARCH\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}`.replace(/\n/g, '\r\n'),
    },
    {
      name: 'the ARG goes above the comments on the RUN, so a suppression there keeps its instruction',
      code: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\n# build the service\n# hadolint ignore=DL3003\nRUN cd cmd && go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 4, column: 15, endColumn: 23 }],
      output: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETOS TARGETARCH\n# build the service\n# hadolint ignore=DL3003\nRUN cd cmd && GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'two builds in one RUN: one ARG line',
      code: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nRUN go build -o /app ./cmd/api && go build -o /worker ./cmd/worker\n${RUNTIME}`,
      errors: [{ line: 2, column: 5 }, { line: 2, column: 35 }],
      output: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app ./cmd/api && GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /worker ./cmd/worker\n${RUNTIME}`,
    },
  ],
});

ruleTester('target-platform', {
  valid: [],
  invalid: [
    {
      name: 'go install while a COPY reads /go/bin/app: a cross-compiled go install writes to /go/bin/<goos>_<goarch>/, so no safe fix (peer audit bug 14)',
      code: 'FROM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go install ./cmd/app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /go/bin/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 4, column: 19, message: 'A cross-compiled go install writes to $GOPATH/bin/<GOOS>_<GOARCH>/' }],
      safety: 'unsafe',
      output: 'FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY . .\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go install ./cmd/app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /go/bin/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'GOARCH=$TARGETARCH go install without GOOS: adding GOOS is unsafe, a cross-compiled go install moves its output (tailscale Dockerfile)',
      code: 'FROM golang:1.26-alpine AS build-env\nWORKDIR /go/src/tailscale\nCOPY . .\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH CGO_ENABLED=0 go install -v ./cmd/tailscale ./cmd/tailscaled\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build-env /go/bin/* /usr/local/bin/\n',
      errors: [{ line: 5, message: 'A cross-compiled go install writes to $GOPATH/bin/<GOOS>_<GOARCH>/' }],
      safety: 'unsafe',
      output: 'FROM --platform=$BUILDPLATFORM golang:1.26-alpine AS build-env\nWORKDIR /go/src/tailscale\nCOPY . .\nARG TARGETARCH\nARG TARGETOS\nRUN GOARCH=$TARGETARCH CGO_ENABLED=0 GOOS=$TARGETOS go install -v ./cmd/tailscale ./cmd/tailscaled\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build-env /go/bin/* /usr/local/bin/\n',
    },
    {
      name: 'go install with GOBIN set refuses to cross-compile: no fix',
      code: 'FROM golang:1.24-bookworm AS build\nENV GOBIN=/out\nCOPY . .\nRUN CGO_ENABLED=0 go install ./cmd/app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 4, message: 'refuses to run with GOBIN set' }],
      output: null,
    },
    {
      name: 'moving the builder to $BUILDPLATFORM is unsafe (its other steps then run on the build platform)',
      code: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 19 }],
      safety: 'unsafe',
      output: `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n${RUNTIME}`,
    },
  ],
});
