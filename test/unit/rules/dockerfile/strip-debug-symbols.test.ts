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

ruleTester('strip-debug-symbols', {
  valid: [
    { name: '-ldflags after a flags variable, from a command substitution (moby/buildkit): not judged', code: BUILDKIT },
    { name: 'double-quoted with a variable', code: build('RUN CGO_ENABLED=0 go build -ldflags="-s -w -X main.version=$VERSION" -o /app .') },
    { name: 'single-quoted, reversed', code: build("RUN go build -ldflags '-w -s' -o /app .") },
    { name: 'escaped blank', code: build('RUN go build -ldflags=-s\\ -w -o /app .') },
    { name: 'package pattern', code: build('RUN go build -ldflags "all=-s -w" -o /app .') },
    { name: 'the last -ldflags has them', code: build('RUN go build -ldflags "-X main.v=1" -ldflags "-s -w" -o /app .') },
    { name: 'value from an ARG default', code: build('ARG LDFLAGS="-s -w -X main.v=1"\nRUN go build -ldflags "$LDFLAGS" -o /app .') },
    { name: 'value from an earlier shell variable', code: build('RUN FLAGS="-s -w" && go build -ldflags "${FLAGS}" -o /app .') },
    { name: 'value hidden in an unknown variable', code: build('ARG LDFLAGS\nRUN go build -ldflags "$LDFLAGS" -o /app .') },
    { name: 'exec form', code: build('RUN ["go", "build", "-ldflags=-s -w", "-o", "/app", "."]') },
    { name: 'continuation and comment line', code: build('RUN go build \\\n  # strip\n  -ldflags="-s -w" \\\n  -o /app .') },
    {
      name: 'dev-stage build is exempt',
      code: `FROM golang:1.24-bookworm AS build\nRUN go build -ldflags="-s -w" -o /app .\nFROM build AS debug\nRUN go build -gcflags="all=-N -l" -o /app-debug .\n${RUNTIME}`,
    },
    { name: 'go mod download and go test are not builds', code: build('RUN go mod download && go test ./... && go build -ldflags="-s -w" -o /app .') },
  ],
  invalid: [
    {
      name: 'a -ldflags value opened on the go install line and continued (tailscale): -s -w go in front, inside the quotes',
      code: `FROM golang:1.26-alpine AS build-env\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH CGO_ENABLED=0 go install -ldflags="\\\n      -X tailscale.com/version.longStamp=$VERSION_LONG" \\\n      -v ./cmd/tailscale ./cmd/tailscaled\n\nFROM alpine:3.22\nCOPY --from=build-env /go/bin/* /usr/local/bin/\n`,
      errors: [{ line: 3, column: 49, endLine: 4, endColumn: 56, severity: 'warning', message: '-ldflags lacks -s -w' }],
      output: `FROM golang:1.26-alpine AS build-env\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH CGO_ENABLED=0 go install -ldflags="-s -w \\\n      -X tailscale.com/version.longStamp=$VERSION_LONG" \\\n      -v ./cmd/tailscale ./cmd/tailscaled\n\nFROM alpine:3.22\nCOPY --from=build-env /go/bin/* /usr/local/bin/\n`,
    },
    {
      name: 'no -ldflags: inserted before the first flag',
      code: build('RUN go build -o /app ./cmd/api'),
      errors: [{ line: 2, column: 5, endColumn: 13, severity: 'warning', message: '-ldflags="-s -w"' }],
      output: build('RUN go build -ldflags="-s -w" -o /app ./cmd/api'),
    },
    {
      name: 'no arguments at all',
      code: build('RUN go build && mv app /app'),
      errors: [{ line: 2, column: 5, endColumn: 13 }],
      output: build('RUN go build -ldflags="-s -w" && mv app /app'),
    },
    {
      name: 'merged into a double-quoted value with a variable',
      code: build('RUN go build -ldflags="-X main.version=$VERSION" -o /app .'),
      errors: [{ line: 2, column: 14, endColumn: 49, message: 'lacks -s -w' }],
      output: build('RUN go build -ldflags="-s -w -X main.version=$VERSION" -o /app .'),
    },
    {
      name: 'only -s missing, single quotes, separate value word',
      code: build("RUN go build -ldflags '-w' -o /app ."),
      errors: [{ line: 2, column: 14, endColumn: 27, message: 'lacks -s' }],
      output: build("RUN go build -ldflags '-s -w' -o /app ."),
    },
    {
      name: 'bare value gets quoted',
      code: build('RUN go build -ldflags=-X=main.v=1 -o /app .'),
      errors: [{ line: 2, column: 14, endColumn: 34 }],
      output: build('RUN go build -ldflags="-s -w -X=main.v=1" -o /app .'),
    },
    {
      name: 'escaped-blank value keeps its style',
      code: build('RUN go build -ldflags=-X\\ main.v=1 -o /app .'),
      errors: [{ line: 2, column: 14 }],
      output: build('RUN go build -ldflags=-s\\ -w\\ -X\\ main.v=1 -o /app .'),
    },
    {
      name: 'the last -ldflags wins',
      code: build('RUN go build -ldflags "-s -w" -ldflags "-X a=b" -o /app .'),
      errors: [{ line: 2, column: 31, endColumn: 48 }],
      output: build('RUN go build -ldflags "-s -w" -ldflags "-s -w -X a=b" -o /app .'),
    },
    {
      name: 'after a package pattern',
      code: build('RUN go build -ldflags "all=-X a=b" -o /app .'),
      errors: [{ line: 2, column: 14 }],
      output: build('RUN go build -ldflags "all=-s -w -X a=b" -o /app .'),
    },
    {
      name: 'an explicit -s=false gets no automatic fix',
      code: build('RUN go build -ldflags "-s=false -w" -o /app .'),
      errors: [{ line: 2, column: 14, message: 'lacks -s' }],
      output: null,
    },
    {
      name: 'GOFLAGS ldflags without -s: reported, not rewritten',
      code: build('ENV GOFLAGS=-ldflags=-w\nRUN go build -o /app .'),
      errors: [{ line: 3, column: 5, endColumn: 13 }],
      output: null,
    },
    {
      name: 'exec form, compact JSON',
      code: build('RUN ["go","build","-o","/app","."]'),
      errors: [{ line: 2, column: 6, endColumn: 18 }],
      output: build('RUN ["go","build","-ldflags=-s -w","-o","/app","."]'),
    },
    {
      name: 'exec form with a value',
      code: build('RUN ["go", "build", "-ldflags=-X a=b", "-o", "/app", "."]'),
      errors: [{ line: 2, column: 21, endColumn: 38 }],
      output: build('RUN ["go", "build", "-ldflags=-s -w -X a=b", "-o", "/app", "."]'),
    },
    {
      name: 'sh -c in double quotes gets single quotes',
      code: build('RUN sh -c "go build -o /app ."'),
      errors: [{ line: 2, column: 12, endColumn: 20 }],
      output: build('RUN sh -c "go build -ldflags=\'-s -w\' -o /app ."'),
    },
    {
      name: 'sh -c in single quotes gets double quotes',
      code: build("RUN sh -c 'go build -ldflags=-X=a -o /app .'"),
      errors: [{ line: 2, column: 21, endColumn: 34 }],
      output: build('RUN sh -c \'go build -ldflags="-s -w -X=a" -o /app .\''),
    },
    {
      name: 'CRLF continuation',
      code: build('RUN go build \\\n    -o /app \\\n    ./cmd/api').replace(/\n/g, '\r\n'),
      errors: [{ line: 2, column: 5, endColumn: 13 }],
      output: build('RUN go build \\\n    -ldflags="-s -w" -o /app \\\n    ./cmd/api').replace(/\n/g, '\r\n'),
    },
    {
      name: 'backtick escape directive and heredoc',
      code: '# escape=`\n' + build('RUN <<EOF\ngo build -ldflags=-w -o /app .\nEOF'),
      errors: [{ line: 4, column: 10, endColumn: 21 }],
      output: '# escape=`\n' + build('RUN <<EOF\ngo build -ldflags="-s -w" -o /app .\nEOF'),
    },
  ],
});
