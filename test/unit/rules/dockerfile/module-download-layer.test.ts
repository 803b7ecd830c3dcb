import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
const MOD = '--mount=type=cache,target=/go/pkg/mod';
const builder = (lines: string) => `FROM golang:1.24-bookworm AS build\nWORKDIR /src\n${lines}\n${RUNTIME}`;

ruleTester('module-download-layer', {
  valid: [
    builder(`COPY go.mod go.sum ./\nRUN ${MOD} go mod download\nCOPY . .\nRUN go build -o /app .`),
    {
      name: 'bind-mounted go.mod (Docker’s Go guide)',
      code: builder(`RUN ${MOD} \\\n    --mount=type=bind,source=go.sum,target=go.sum \\\n    --mount=type=bind,source=go.mod,target=go.mod \\\n    go mod download -x\nCOPY . .\nRUN go build -o /app .`),
    },
    {
      name: 'downloaded in a parent stage',
      code: `FROM golang:1.24-bookworm AS deps\nWORKDIR /src\nCOPY go.* ./\nRUN go mod download\nFROM deps AS build\nCOPY . .\nRUN go build -o /app .\n${RUNTIME}`,
    },
    { name: 'no COPY of the tree: bind-mounted source', code: builder('RUN --mount=type=bind,target=. go build -o /app .') },
    { name: 'vendored', code: builder('COPY . .\nRUN go build -mod=vendor -o /app .') },
    { name: 'copy without Go work after it', code: builder('RUN go build -o /app ./cmd/api\nCOPY . .') },
    { name: 'dev stage', code: `FROM golang:1.24-bookworm AS dev\nCOPY . .\nRUN go test ./...\n${builder(`COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .`)}` },
    { name: 'COPY --from is not the build context', code: builder('COPY go.mod go.sum ./\nRUN go mod download\nCOPY --from=assets . ./static\nCOPY . .\nRUN go build -o /app .') },
    {
      name: 'go mod init in the stage: go.mod is made in the image, the context has none to copy first (kubernetes-engine-samples hello-app-redis)',
      code: 'FROM golang:1.24.3 as builder\nWORKDIR /app\nRUN go mod init hello-app-redis\nCOPY * ./\nRUN CGO_ENABLED=0 GOOS=linux go build -o /app\n' + RUNTIME,
    },
    { name: 'Node stage in a Go Dockerfile', code: `FROM node:22 AS web\nCOPY . .\nRUN npm ci && npm run build\n${builder('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .')}` },
  ],
  invalid: [
    {
      name: 'a module without go.sum: the COPY names go.sum*, so the build still works; safe, since every go command runs in the COPY destination (distroless examples/go)',
      code:
        'FROM golang:1.22 as build\n\nWORKDIR /go/src/app\nCOPY . .\n\nRUN go mod download\nRUN go vet -v\nRUN go test -v\n\nRUN CGO_ENABLED=0 go build -o /go/bin/app\n\n' +
        'FROM gcr.io/distroless/static-debian12\n\nCOPY --from=build /go/bin/app /\nCMD ["/app"]\n',
      errors: [{ line: 4, column: 6, endColumn: 7 }],
      safety: 'safe',
      output:
        'FROM golang:1.22 as build\n\nWORKDIR /go/src/app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\n\nRUN go mod download\nRUN go vet -v\nRUN go test -v\n\nRUN CGO_ENABLED=0 go build -o /go/bin/app\n\n' +
        'FROM gcr.io/distroless/static-debian12\n\nCOPY --from=build /go/bin/app /\nCMD ["/app"]\n',
    },
    {
      name: 'the build runs in a subfolder (cd): go.mod may be there, not at the root of the COPY, so the fix is unsafe',
      code: builder('COPY . .\nRUN cd server && go build -o /app .'),
      errors: [{ line: 3, column: 6 }],
      safety: 'unsafe',
      output: builder('COPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN cd server && go build -o /app .'),
    },
    {
      name: 'a Go workspace (go.work): its root may have no go.mod, so the fix is unsafe',
      code: builder('COPY go.work ./\nCOPY . .\nRUN go build -o /app ./svc'),
      errors: [{ line: 4, column: 6 }],
      safety: 'unsafe',
      output: builder('COPY go.work ./\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app ./svc'),
    },
    {
      name: 'a Go older than the module default (1.16): the build may be in GOPATH mode without go.mod, so the fix is unsafe',
      code: 'FROM golang:1.10.0 AS build\nWORKDIR /go/src/app\nCOPY . .\nRUN go build -o /app .\n' + RUNTIME,
      errors: [{ line: 3, column: 6 }],
      safety: 'unsafe',
      output: 'FROM golang:1.10.0 AS build\nWORKDIR /go/src/app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n' + RUNTIME,
    },
    {
      name: 'destination is the WORKDIR written with $GOPATH: copied to ./ (thanos Dockerfile.e2e-tests)',
      code:
        'FROM golang:1.26.4 as builder\nARG GOFLAGS=""\nWORKDIR $GOPATH/src/github.com/thanos-io/thanos\n\nCOPY . $GOPATH/src/github.com/thanos-io/thanos\n\n' +
        'RUN CGO_ENABLED=1 GOFLAGS="$GOFLAGS" go build -tags slicelabels -o $GOBIN/thanos -race ./cmd/thanos\n\nFROM golang:1.26.4\nCOPY --from=builder $GOBIN/thanos /bin/thanos\n',
      errors: [{ line: 5, column: 6, endColumn: 7, severity: 'warning', message: "go.mod/go.sum are copied and 'go mod download'" }],
      output:
        'FROM golang:1.26.4 as builder\nARG GOFLAGS=""\nWORKDIR $GOPATH/src/github.com/thanos-io/thanos\n\n' +
        'COPY go.mod go.sum* ./\nRUN go mod download\n' +
        'COPY . $GOPATH/src/github.com/thanos-io/thanos\n\n' +
        'RUN CGO_ENABLED=1 GOFLAGS="$GOFLAGS" go build -tags slicelabels -o $GOBIN/thanos -race ./cmd/thanos\n\nFROM golang:1.26.4\nCOPY --from=builder $GOBIN/thanos /bin/thanos\n',
    },
    {
      name: 'COPY . . first: both lines inserted after the WORKDIR; no cache mount, since the build has none (it would not see the modules)',
      code: builder('COPY . .\nRUN go build -o /app ./cmd/api'),
      errors: [{ line: 3, column: 6, endColumn: 7, severity: 'warning', message: 'go.mod/go.sum' }],
      output: builder('COPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app ./cmd/api'),
    },
    {
      name: 'go.mod copied, download missing: only the RUN is inserted',
      code: builder('COPY go.mod go.sum ./\nCOPY ./ ./\nRUN go mod download && go build -o /app .'),
      errors: [{ line: 4, column: 6, endColumn: 8 }],
      output: builder('COPY go.mod go.sum ./\nRUN go mod download\nCOPY ./ ./\nRUN go mod download && go build -o /app .'),
    },
    {
      name: 'no cache mount when go-build-cache-mounts is off; ADD, lowercase, indentation',
      code: builder('  add . .\n  run go build -o /app .'),
      config: { rules: { 'go-build-cache-mounts': 'off' } },
      errors: [{ line: 3, column: 7 }],
      output: builder('  copy go.mod go.sum* ./\n  run go mod download\n  add . .\n  run go build -o /app .'),
    },
    {
      name: 'a destination the shell would misread gets no fix (`#` would comment out the rest of the inserted `cd`; found by fuzzing)',
      code: `FROM golang:1.24 AS build\nCOPY . #\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 6 }],
      output: null,
    },
    {
      name: 'nor one in quotes (the fix took the last word, `app"`, for the destination)',
      code: `FROM golang:1.24 AS build\nCOPY . "/my app"\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 6 }],
      output: null,
    },
    {
      name: 'nor one with a shell operator',
      code: `FROM golang:1.24 AS build\nCOPY . /a&b\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 6 }],
      output: null,
    },
    {
      name: 'a destination held in a variable keeps its fix',
      code: `FROM golang:1.24 AS build\nARG DIR=/src\nCOPY . \${DIR}\nRUN go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 3, column: 6 }],
      output: `FROM golang:1.24 AS build\nARG DIR=/src\nCOPY go.mod go.sum* \${DIR}/\nRUN cd \${DIR} && go mod download\nCOPY . \${DIR}\nRUN go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'destination other than the WORKDIR',
      code: `FROM golang:1.24-bookworm AS build\nCOPY . /go/src/app\nRUN cd /go/src/app && go build -o /app .\n${RUNTIME}`,
      errors: [{ line: 2, column: 6 }],
      output: `FROM golang:1.24-bookworm AS build\nCOPY go.mod go.sum* /go/src/app/\nRUN cd /go/src/app && go mod download\nCOPY . /go/src/app\nRUN cd /go/src/app && go build -o /app .\n${RUNTIME}`,
    },
    {
      name: 'destination equal to the WORKDIR',
      code: `FROM golang:1.24-bookworm AS build\nWORKDIR /app\nCOPY . /app/\nRUN go build -o /bin/app .\nFROM scratch\nCOPY --from=build /bin/app /app\n`,
      errors: [{ line: 3, column: 6 }],
      output: `FROM golang:1.24-bookworm AS build\nWORKDIR /app\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . /app/\nRUN go build -o /bin/app .\nFROM scratch\nCOPY --from=build /bin/app /app\n`,
    },
    {
      name: 'the build happens in a child stage and mounts the GOMODCACHE: the download mounts it too; CRLF',
      code: `FROM golang:1.24-bookworm AS src\r\nENV GOMODCACHE=/cache/mod\r\nWORKDIR /src\r\nCOPY . .\r\nFROM src AS build\r\nRUN --mount=type=cache,target=/cache go build -o /app .\r\n${RUNTIME.replace(/\n/g, '\r\n')}`,
      errors: [{ line: 4, column: 6 }],
      output: `FROM golang:1.24-bookworm AS src\r\nENV GOMODCACHE=/cache/mod\r\nWORKDIR /src\r\nCOPY go.mod go.sum* ./\r\nRUN --mount=type=cache,target=/cache/mod go mod download\r\nCOPY . .\r\nFROM src AS build\r\nRUN --mount=type=cache,target=/cache go build -o /app .\r\n${RUNTIME.replace(/\n/g, '\r\n')}`,
    },
    {
      name: 'the build has the module cache mount: the inserted download gets it too (modules in a cache mount are not in the layer)',
      code: builder(`COPY . .\nRUN ${MOD} --mount=type=cache,target=/root/.cache/go-build go build -o /app .`),
      errors: [{ line: 3, column: 6 }],
      output: builder(`COPY go.mod go.sum* ./\nRUN ${MOD} go mod download\nCOPY . .\nRUN ${MOD} --mount=type=cache,target=/root/.cache/go-build go build -o /app .`),
    },
    {
      name: 'JSON-form COPY',
      code: builder('COPY ["go.mod", "./"]\nCOPY [".", "."]\nRUN go build -o /app .'),
      errors: [{ line: 4, column: 7, endColumn: 10 }],
      output: builder('COPY ["go.mod", "./"]\nRUN go mod download\nCOPY [".", "."]\nRUN go build -o /app .'),
    },
    {
      name: 'go mod download after the tree copy is too late',
      code: builder('COPY . .\nRUN go mod download\nRUN go build -o /app .'),
      errors: [{ line: 3, column: 6 }],
      output: builder('COPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN go mod download\nRUN go build -o /app .'),
    },
  ],
});
