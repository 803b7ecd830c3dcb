import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';

/** A Windows Go image: RUN goes through cmd, which reads no `NAME=value` prefix. */
const WINDOWS = (run: string) => '# escape=`\n\nFROM golang:1.24-windowsservercore-ltsc2022 AS build\nWORKDIR C:\\src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n' + run + '\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build C:\\out\\hello.exe C:\\hello.exe\nUSER ContainerUser\nENTRYPOINT ["C:\\\\hello.exe"]\n';

ruleTester('cgo-disabled', {
  valid: [
    { name: 'env prefix', code: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\n${RUNTIME}` },
    { name: 'ENV in the stage', code: `FROM golang:1.24-bookworm AS build\nENV CGO_ENABLED=0\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'ARG with default 0', code: `FROM golang:1.24-bookworm AS build\nARG CGO_ENABLED=0\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'global ARG default picked up by a bare stage ARG', code: `ARG CGO_ENABLED=0\nFROM golang:1.24-bookworm AS build\nARG CGO_ENABLED\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'ENV inherited from the parent stage', code: `FROM golang:1.24-bookworm AS base\nENV CGO_ENABLED=0\nFROM base AS build\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'ARG inherited from the parent stage', code: `FROM golang:1.24-bookworm AS base\nARG CGO_ENABLED=0\nFROM base AS build\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'export earlier in the RUN', code: `FROM golang:1.24-bookworm AS build\nRUN export CGO_ENABLED=0 && \\\n    go build -o /app .\n${RUNTIME}` },
    { name: 'env wrapper', code: `FROM golang:1.24-bookworm AS build\nRUN env CGO_ENABLED=0 GOOS=linux go build -o /app .\n${RUNTIME}` },
    { name: 'heredoc with a set variable', code: `FROM golang:1.24-bookworm AS build\nRUN <<EOF\nexport CGO_ENABLED=0\ngo build -o /app .\nEOF\n${RUNTIME}` },
    { name: 'sh -c with the prefix', code: `FROM golang:1.24-bookworm AS build\nRUN sh -c "CGO_ENABLED=0 go build -o /app ."\n${RUNTIME}` },
    {
      name: 'a deliberately static cgo build is not a finding (moby/buildkit Dockerfile, runc stage)',
      code: `FROM golang:1.24-bookworm AS build\nRUN --mount=type=cache,target=/root/.cache \\\n  CGO_ENABLED=1 xx-go build -mod=vendor -ldflags '-extldflags -static' -tags 'apparmor seccomp netgo cgo static_build osusergo' -o /app ./\n${RUNTIME}`,
    },
    { name: 'static cgo build, -extldflags=-static in a quoted -ldflags', code: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=1 go build -ldflags="-linkmode external -extldflags=-static" -o /app .\n${RUNTIME}` },
    { name: 'dev stage build is exempt', code: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM golang:1.24-bookworm AS dev\nRUN go build -race -o /app-race .\n${RUNTIME}` },
    { name: 'build whose output never reaches the runtime stage', code: `FROM golang:1.24-bookworm AS tools\nRUN go build -o /gen ./tools/gen\nFROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\n${RUNTIME}` },
    { name: 'tool installed at a version', code: `FROM golang:1.24-bookworm AS build\nRUN go install github.com/swaggo/swag/cmd/swag@v1.16.3 && CGO_ENABLED=0 go build -o /app .\n${RUNTIME}` },
    { name: 'go.mod tool directives installed', code: `FROM golang:1.24-bookworm AS build\nRUN go install tool && CGO_ENABLED=0 go build -o /app .\n${RUNTIME}` },
    {
      name: 'go install tool with the tool packages named (moby/buildkit generated-files)',
      code:
        'FROM golang:1.26-trixie AS tools\nWORKDIR /app\nRUN --mount=type=bind,source=go.mod,target=/app/go.mod \\\n    --mount=type=cache,target=/go/pkg/mod \\\n  go install tool \\\n' +
        '    github.com/planetscale/vtprotobuf/cmd/protoc-gen-go-vtproto \\\n    google.golang.org/protobuf/cmd/protoc-gen-go\n' +
        'FROM tools AS generated\nRUN mkdir /out && protoc --go_out=/out api.proto\nFROM scratch AS update\nCOPY --from=generated /out /\n',
    },
    { name: 'not a build', code: `FROM golang:1.24-bookworm AS build\nRUN go mod download && go vet ./...\n${RUNTIME}` },
  ],
  invalid: [
    {
      name: 'bare go build gets the prefix',
      code: `FROM golang:1.24-bookworm AS build\nRUN go build -o /app ./cmd/api\n${RUNTIME}`,
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 13, severity: 'error', message: 'CGO_ENABLED=0' }],
      // The runtime image has no C library: a cgo-linked binary cannot start there today, so adding CGO_ENABLED=0 breaks nothing.
      safety: 'safe',
      output: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app ./cmd/api\n${RUNTIME}`,
    },
    {
      name: 'unset CGO_ENABLED with a runtime image that has a C library: the prefix is unsafe (the code may need cgo)',
      code: `FROM golang:1.24-bookworm AS build\nRUN go build -o /app ./cmd/api\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n`,
      errors: [{ line: 2, column: 5, message: 'CGO_ENABLED=0' }],
      safety: 'unsafe',
      output: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app ./cmd/api\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n`,
    },
    {
      name: 'prefix goes before existing assignments, through a continuation with --mount flags',
      code: `FROM golang:1.24-bookworm AS build\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    GOOS=linux \\\n    go install ./cmd/api\n${RUNTIME.replace('/app /app', '/go/bin/api /app')}`,
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 15 }],
      output: `FROM golang:1.24-bookworm AS build\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    CGO_ENABLED=0 GOOS=linux \\\n    go install ./cmd/api\n${RUNTIME.replace('/app /app', '/go/bin/api /app')}`,
    },
    {
      name: 'ENV CGO_ENABLED=1 is reported on its value, once for two builds',
      code: `FROM golang:1.24-bookworm AS build\nENV CGO_ENABLED=1 GOOS=linux\nRUN go build -o /app ./cmd/api && go build -o /worker ./cmd/worker\n${RUNTIME}`,
      errors: [{ line: 2, column: 17, endLine: 2, endColumn: 18, message: "set to '1' by ENV" }],
      output: `FROM golang:1.24-bookworm AS build\nENV CGO_ENABLED=0 GOOS=linux\nRUN go build -o /app ./cmd/api && go build -o /worker ./cmd/worker\n${RUNTIME}`,
    },
    {
      name: 'ARG default 1 in the parent stage',
      code: `FROM golang:1.24-bookworm AS base\nARG CGO_ENABLED="1"\nFROM base AS build\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 17, endLine: 2, endColumn: 20, message: 'by ARG' }],
      output: `FROM golang:1.24-bookworm AS base\nARG CGO_ENABLED=0\nFROM base AS build\nRUN go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'command-line CGO_ENABLED=1',
      code: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=1 go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 17, endColumn: 18, message: 'on the command line' }],
      output: `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'ARG without a default',
      code: `FROM golang:1.24-bookworm AS build\nARG CGO_ENABLED\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 3, column: 5 }],
      output: `FROM golang:1.24-bookworm AS build\nARG CGO_ENABLED\nRUN CGO_ENABLED=0 go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'exec form gets an ENV line in the instruction casing and indentation',
      code: `FROM golang:1.24-bookworm AS build\n  run ["go", "build", "-o", "/app", "."]\n${RUNTIME}`,
      errors: [{ line: 2, column: 8, endColumn: 21 }],
      output: `FROM golang:1.24-bookworm AS build\n  env CGO_ENABLED=0\n  run ["go", "build", "-o", "/app", "."]\n${RUNTIME}`,
    },
    {
      name: 'sh -c script, CRLF',
      code: `FROM golang:1.24-bookworm AS build\r\nRUN sh -c "go build -o /app ."\r\n${RUNTIME.replace(/\n/g, '\r\n')}`,
      errors: [{ line: 2, column: 12, endColumn: 20 }],
      output: `FROM golang:1.24-bookworm AS build\r\nRUN sh -c "CGO_ENABLED=0 go build -o /app ."\r\n${RUNTIME.replace(/\n/g, '\r\n')}`,
    },
    {
      name: 'heredoc and the backtick escape directive',
      code: `# escape=\`\nFROM golang:1.24-bookworm AS build\nRUN <<EOF\nset -e\ngo build -o /app .\nEOF\n${RUNTIME}`,
      errors: [{ line: 5, column: 1, endColumn: 9 }],
      output: `# escape=\`\nFROM golang:1.24-bookworm AS build\nRUN <<EOF\nset -e\nCGO_ENABLED=0 go build -o /app .\nEOF\n${RUNTIME}`,
    },
    {
      name: 'export of another value earlier in the RUN',
      code: `FROM golang:1.24-bookworm AS build\nRUN export CGO_ENABLED=1; go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 24, endColumn: 25 }],
      output: `FROM golang:1.24-bookworm AS build\nRUN export CGO_ENABLED=0; go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'CGO_ENABLED=$CGO_ENABLED from a build-arg defaulting to 1: the literal 0 is an unsafe rewrite, the message names the variable (skaffold deploy/cross Dockerfile)',
      code: `FROM golang:1.24-bookworm AS build\nARG CGO_ENABLED=1\nRUN GOOS=linux CGO_ENABLED=$CGO_ENABLED \\\n    go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 3, column: 28, endColumn: 40, message: "CGO_ENABLED comes from $CGO_ENABLED, '1' unless the build passes another value" }],
      safety: 'unsafe',
      output: `FROM golang:1.24-bookworm AS build\nARG CGO_ENABLED=1\nRUN GOOS=linux CGO_ENABLED=0 \\\n    go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'the command passes an ARG without default through: its own assignment is edited, unsafe (the author wrote it)',
      safety: 'unsafe',
      code: `FROM golang:1.24-bookworm AS build\nARG CGO_ENABLED\nRUN CGO_ENABLED=\${CGO_ENABLED} go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 3, column: 32, endColumn: 40, message: 'Set CGO_ENABLED=0 on the command' }],
      output: `FROM golang:1.24-bookworm AS build\nARG CGO_ENABLED\nRUN CGO_ENABLED=0 go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'a -race build needs cgo: reported on the build, no fix (CGO_ENABLED=0 would fail it; thanos Dockerfile.e2e-tests)',
      code:
        'FROM golang:1.26.4 as builder\nARG GOFLAGS=""\nWORKDIR $GOPATH/src/github.com/thanos-io/thanos\nCOPY . $GOPATH/src/github.com/thanos-io/thanos\n\n' +
        'RUN CGO_ENABLED=1 GOFLAGS="$GOFLAGS" go build -tags slicelabels -o $GOBIN/thanos -race ./cmd/thanos\n\n' +
        'FROM golang:1.26.4\nCOPY --from=builder $GOBIN/thanos /bin/thanos\nENV GORACE="halt_on_error=1"\nENTRYPOINT [ "/bin/thanos" ]\n',
      errors: [{ line: 6, column: 38, endColumn: 46, severity: 'error', message: "'go build -race' needs cgo" }],
      output: null,
    },
    {
      name: 'Windows stage (cmd): an ENV line before the RUN, not a shell prefix',
      code: WINDOWS('RUN go build -o C:\\out\\hello.exe .\n'),
      errors: [{ line: 8, column: 5, endColumn: 13, message: 'Set ENV CGO_ENABLED=0 before this RUN' }],
      output: WINDOWS('ENV CGO_ENABLED=0\nRUN go build -o C:\\out\\hello.exe .\n'),
    },
    {
      name: 'SHELL powershell on a Linux image: an ENV line too',
      code: `FROM golang:1.24-bookworm AS build\nSHELL ["pwsh", "-Command"]\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 3, column: 5 }],
      output: `FROM golang:1.24-bookworm AS build\nSHELL ["pwsh", "-Command"]\nENV CGO_ENABLED=0\nRUN go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'single-stage image: the build is the runtime stage',
      code: 'FROM golang:1.24-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app . && rm -rf /src\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 4, column: 5, endColumn: 13 }],
      output: 'FROM golang:1.24-bookworm\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app . && rm -rf /src\nENTRYPOINT ["/app"]\n',
    },
  ],
});
