import { compliantService, serviceRuleTester } from '../../service/helpers';

const main = 'package main\n\nfunc main() {}\n';
const withDockerfile = (dockerfile: string, extra: Record<string, string | null> = {}) => compliantService('ledger', { Dockerfile: dockerfile, ...extra });

serviceRuleTester('build-path-exists', {
  valid: [
    { name: 'compliant service', files: compliantService() },
    {
      name: 'module path argument and a root main package',
      files: withDockerfile('FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app example.com/ledger/cmd/ledger && go build -o /x .\nFROM scratch\n', { 'main.go': main }),
    },
    {
      name: 'cd in the same RUN, relative WORKDIR, copy into a subfolder',
      files: withDockerfile('FROM golang:1.24 AS build\nWORKDIR /w\nWORKDIR src\nCOPY . ./app/\nRUN cd app/cmd && go build -o /out/ledger ./ledger\nFROM scratch\n'),
    },
    {
      name: 'folders copied one by one',
      files: withDockerfile('FROM golang:1.24 AS build\nWORKDIR /src\nCOPY go.mod ./\nCOPY cmd/ ./cmd/\nCOPY internal internal\nRUN go build ./cmd/ledger\nFROM scratch\n'),
    },
    {
      name: 'bind mount of the context',
      files: withDockerfile('FROM golang:1.24 AS build\nRUN --mount=type=bind,target=/src cd /src && go build -o /out/x ./cmd/ledger\nFROM scratch\n'),
    },
    {
      name: 'what cannot be followed is not judged: variables, patterns, remote packages, uncopied sources',
      files: withDockerfile(
        'FROM golang:1.24 AS build\nWORKDIR $APP\nCOPY . .\nRUN go build ./cmd/nothere\nFROM golang:1.24 AS b2\nWORKDIR /src\nCOPY . .\nRUN go build ./... && go install github.com/go-delve/delve/cmd/dlv@latest && go build ./cmd/$NAME\nFROM golang:1.24 AS b3\nRUN go build ./cmd/nothere\nFROM scratch\n',
      ),
    },
    {
      name: 'a main file argument that exists',
      files: withDockerfile('FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/ledger/main.go\nFROM scratch\n'),
    },
    {
      name: 'compose build context outside the service: COPY paths are relative to it',
      files: {
        ...compliantService('ledger', { Dockerfile: null }),
        'compose.yaml': 'services:\n  ledger:\n    build:\n      context: .\n      dockerfile: ledger/Dockerfile\n',
        'ledger/Dockerfile': 'FROM golang:1.24 AS build\nWORKDIR /src\nCOPY ledger/ .\nRUN go build -o /out/ledger ./cmd/ledger\nFROM scratch\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the issue: ./cmd/payin does not exist',
      files: withDockerfile('FROM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 \\\n    go build -o /out/payments ./cmd/payin\nFROM scratch\n'),
      errors: [{ file: 'ledger/Dockerfile', line: 5, column: 31, endColumn: 42, severity: 'error', message: "'cmd/payin' does not exist in the build context, so the image build fails. Main packages of this service: ./cmd/ledger." }],
      output: null,
    },
    {
      name: 'a library package is not a main package; an implicit . with no Go files',
      files: withDockerfile('FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /a ./internal/store\nRUN go build -o /b\nFROM scratch\n', {
        'internal/store/store.go': '// Package store keeps the ledger.\npackage store\n',
        'internal/store/main_test.go': 'package main\n',
        'internal/store/gen.go': '//go:build ignore\n\npackage main\n',
      }),
      errors: [
        { file: 'ledger/Dockerfile', line: 4, column: 20, endColumn: 36, message: "holds package 'store', not 'main'" },
        { file: 'ledger/Dockerfile', line: 5, column: 8, endColumn: 13, message: "the folder '.' (the build context root, ledger/) has no Go files" },
      ],
    },
    {
      name: 'module path of a missing package, and a missing main file',
      files: withDockerfile('FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN go build example.com/ledger/cmd/api\nRUN go build cmd/ledger/server.go\nFROM scratch\n'),
      errors: [
        { file: 'ledger/Dockerfile', line: 4, column: 14, message: "folder 'cmd/api' does not exist" },
        { file: 'ledger/Dockerfile', line: 5, column: 14, message: 'cmd/ledger/server.go does not exist' },
      ],
    },
    {
      name: 'folders copied one by one: a renamed folder',
      files: withDockerfile('FROM golang:1.24 AS build\nWORKDIR /src\nCOPY cmd/ ./cmd/\nRUN go build ./cmd/ledgr\nFROM scratch\n'),
      errors: [{ file: 'ledger/Dockerfile', line: 4, column: 14 }],
    },
  ],
});
