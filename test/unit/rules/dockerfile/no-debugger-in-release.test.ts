import { ruleTester } from '../../helpers';

ruleTester('no-debugger-in-release', {
  valid: [
    'FROM golang:1.24 AS build\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
    {
      name: 'delve in a debug stage',
      code: 'FROM golang:1.24 AS build\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\nRUN go build -gcflags "all=-N -l" -o /app-debug .\n\nFROM gcr.io/distroless/static-debian12:debug AS debug\nCOPY --from=build /go/bin/dlv /dlv\nENTRYPOINT ["/dlv"]\n\nFROM gcr.io/distroless/static-debian12:nonroot AS prod\n',
    },
    { name: 'gcflags that keep optimizations', code: 'FROM golang:1.24 AS build\nRUN go build -gcflags=-m -o /app .\nFROM scratch\nCOPY --from=build /app /app\n' },
    { name: 'a debug build that does not ship', code: 'FROM golang:1.24 AS test\nRUN go build -gcflags="all=-N -l" -o /app .\n\nFROM golang:1.24 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n' },
  ],
  invalid: [
    {
      name: 'dlv copied into the runtime image and used as entrypoint',
      code: 'FROM golang:1.24 AS build\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /go/bin/dlv /usr/local/bin/\nENTRYPOINT ["dlv", "exec", "/app"]\n',
      errors: [
        { line: 5, column: 19, endColumn: 30, severity: 'error', message: "copies in the delve debugger ('/go/bin/dlv')" },
        { line: 6, column: 13, endColumn: 18, message: 'starts the delve debugger' },
      ],
      output: null,
    },
    {
      name: 'delve installed in a single-stage image and started behind tini (argo-cd Dockerfile.tilt)',
      code:
        'FROM docker.io/library/golang:1.26.6\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get install --no-install-recommends -y \\\n    curl \\\n    tini\n\n' +
        'RUN go install github.com/go-delve/delve/cmd/dlv@latest\n\nCOPY .tilt-bin/argocd_linux /usr/local/bin/argocd\n' +
        'ENTRYPOINT ["/usr/bin/tini", "-s", "--", "dlv", "exec", "--continue", "--accept-multiclient", "--headless", "--listen=:2345", "--api-version=2"]\n',
      errors: [
        { line: 7, column: 16, endColumn: 56, severity: 'error', message: "installs or runs the delve debugger ('github.com/go-delve/delve/cmd/dlv@latest')" },
        { line: 10, column: 42, endColumn: 47, severity: 'error', message: 'ENTRYPOINT starts the delve debugger' },
      ],
      output: null,
    },
    {
      name: 'runtime-bound build without optimizations, continuation lines',
      code: 'FROM golang:1.24 AS build\nRUN CGO_ENABLED=0 go build \\\n    -gcflags "all=-N -l" \\\n    -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 25, message: '-gcflags "all=-N -l"' }],
    },
    {
      name: 'debug flags from a build argument default',
      code: 'FROM golang:1.24 AS build\nARG GCFLAGS="all=-N -l"\nRUN go build -gcflags="${GCFLAGS}" -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 3, column: 14, endColumn: 35, message: '-gcflags "all=-N -l"' }],
    },
    {
      name: 'delve installed in a single-stage image, lowercase',
      code: 'from golang:1.24\nrun go install github.com/go-delve/delve/cmd/dlv@v1.23.0 && go build -gcflags=all=-N\\ -l -o /app .\n',
      errors: [
        { line: 2, column: 16, endColumn: 57, message: 'installs or runs the delve debugger' },
        { line: 2, column: 70, endColumn: 89, message: 'optimizations off' },
      ],
    },
  ],
});
