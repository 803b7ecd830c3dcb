import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeFinding, fix, lint, ruleTester } from '../../helpers';

const SINGLE = `FROM golang:1.24-bookworm
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ENV CGO_ENABLED=0
ENV PORT=8080
RUN go build -trimpath -ldflags="-s -w" -o main .
EXPOSE 8080
CMD ["./main", "-v"]
`;

const SINGLE_FIXED = `FROM golang:1.24-bookworm AS build
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ENV CGO_ENABLED=0
ENV PORT=8080
RUN go build -trimpath -ldflags="-s -w" -o main .
EXPOSE 8080
CMD ["./main", "-v"]

FROM gcr.io/distroless/static-debian12:nonroot
ENV PORT=8080
EXPOSE 8080
COPY --from=build /app/main /main
USER nonroot:nonroot
CMD ["/main", "-v"]
`;

const RUNTIME_NAMED = `from --platform=$BUILDPLATFORM golang:1.24-alpine as runtime
workdir /src
copy . .
run --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 go install ./cmd/api
entrypoint ["api", "--addr", ":8080"]
`;

const RUNTIME_NAMED_FIXED = `from --platform=$BUILDPLATFORM golang:1.24-alpine as build
workdir /src
copy . .
run --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 go install ./cmd/api
entrypoint ["api", "--addr", ":8080"]

from gcr.io/distroless/static-debian12:nonroot as runtime
copy --from=build /go/bin/api /api
user nonroot:nonroot
entrypoint ["/api", "--addr", ":8080"]
`;

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

ruleTester('multi-stage-build', {
  valid: [
    'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n',
    { name: 'scratch runtime', code: 'FROM golang:1.24 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n' },
    { name: 'only a dev stage is golang', code: 'FROM golang:1.24 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot AS prod\nCOPY --from=build /app /app\nFROM golang:1.24 AS dev\nCMD ["go", "run", "."]\n' },
    { name: 'not a Go Dockerfile', code: 'FROM node:20\nRUN npm ci\nCMD ["node", "index.js"]\n' },
  ],
  invalid: [
    {
      name: 'single stage on an image from a build argument (harbor trivy-adapter): the stage is named, the binary path follows WORKDIR',
      code: 'ARG golang_image\nFROM ${golang_image}\n\nADD .   /go/src/github.com/goharbor/harbor-scanner-trivy/\nWORKDIR /go/src/github.com/goharbor/harbor-scanner-trivy/\n\nRUN export GOOS=linux GO111MODULE=on CGO_ENABLED=0 && \\\n\tgo build -o scanner-trivy cmd/scanner-trivy/main.go\n',
      errors: [{ line: 2, column: 6, endColumn: 21, severity: 'error', message: "'${golang_image}' build image" }],
      output:
        'ARG golang_image\nFROM ${golang_image} AS build\n\nADD .   /go/src/github.com/goharbor/harbor-scanner-trivy/\nWORKDIR /go/src/github.com/goharbor/harbor-scanner-trivy/\n\nRUN export GOOS=linux GO111MODULE=on CGO_ENABLED=0 && \\\n\tgo build -o scanner-trivy cmd/scanner-trivy/main.go\n' +
        '\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /go/src/github.com/goharbor/harbor-scanner-trivy/scanner-trivy /scanner-trivy\nUSER nonroot:nonroot\nENTRYPOINT ["/scanner-trivy"]\n',
    },
    {
      name: 'single stage: names the stage and appends a runtime stage',
      code: SINGLE,
      errors: [{ line: 1, column: 6, endColumn: 26, severity: 'error', message: "'golang:1.24-bookworm' build image" }],
      output: SINGLE_FIXED,
    },
    { name: 'CRLF', code: crlf(SINGLE), errors: [{ line: 1 }], output: crlf(SINGLE_FIXED) },
    {
      name: 'lowercase, --platform, a stage named runtime, go install found through PATH',
      code: RUNTIME_NAMED,
      errors: [{ line: 1, column: 32, endColumn: 50 }],
      output: RUNTIME_NAMED_FIXED,
    },
    {
      name: 'runtime stage built on the golang stage, no -o: the ENTRYPOINT path in the build folder names the binary',
      code: 'FROM golang:1.24 AS base\nWORKDIR /app\nCOPY . .\n\nFROM base AS final\nRUN go build\nENTRYPOINT ["/app/myservice"]\n',
      errors: [{ line: 5, column: 6, endColumn: 10, message: "'golang:1.24' build image" }],
      output:
        'FROM golang:1.24 AS base\nWORKDIR /app\nCOPY . .\n\nFROM base AS final\nRUN go build\nENTRYPOINT ["/app/myservice"]\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=final /app/myservice /myservice\nUSER nonroot:nonroot\nENTRYPOINT ["/myservice"]\n',
    },
    {
      name: 'a non-golang image that compiles is also the image that compiled',
      code: 'FROM dockercore/golang-cross:1.13.15\nCOPY . /src\nRUN cd /src && go build -o bin/tool ./cmd/tool\n',
      errors: [{ line: 1, message: "'dockercore/golang-cross:1.13.15'" }],
      output:
        'FROM dockercore/golang-cross:1.13.15 AS build\nCOPY . /src\nRUN cd /src && go build -o bin/tool ./cmd/tool\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /src/bin/tool /tool\nUSER nonroot:nonroot\nENTRYPOINT ["/tool"]\n',
    },
    {
      name: 'nothing is built (go run): no fix',
      code: 'FROM golang:1.24\nWORKDIR /app\nCOPY . .\nCMD ["go", "run", "."]\n',
      errors: [{ line: 1, message: 'cannot be determined' }],
      output: null,
    },
    {
      name: 'a tool installed with go install pkg@version is not the service',
      code: 'FROM golang:1.24\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\nCMD ["dlv", "version"]\n',
      errors: [{ line: 1, message: 'cannot be determined' }],
      output: null,
    },
    {
      name: 'runtime stage that is not the last one: no fix',
      code: 'FROM golang:1.24 AS prod\nRUN go build -o /app .\nCMD ["/app"]\n\nFROM golang:1.24 AS dev\nCMD ["go", "run", "."]\n',
      errors: [{ line: 1, message: 'not the last one' }],
      output: null,
    },
    {
      name: 'dangling line continuation at the end of the file: no fix',
      code: 'FROM golang:1.24\nRUN go build -o /app . \\',
      errors: [{ line: 1, message: 'line continuation' }],
      output: null,
    },
  ],
});

describe('multi-stage-build: the appended runtime stage passes the runtime rules', () => {
  const checked = ['multi-stage-build', 'runtime-distroless-nonroot', 'runtime-nonroot-user', 'runtime-no-run', 'no-shell-healthcheck', 'exec-form-entrypoint', 'entrypoint-binary-exists'];
  for (const [name, code] of [['single stage', SINGLE], ['named runtime', RUNTIME_NAMED]]) {
    it(name, () => {
      const fixed = fix(code, { rules: ['multi-stage-build'] });
      assert.deepEqual(lint(fixed, { rules: checked }).map(describeFinding), []);
      assert.equal(fix(fixed, { rules: ['multi-stage-build'] }), fixed);
    });
  }
});
