import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
const builder = (from: string, more = '') => `FROM ${from} AS build\n${more}RUN CGO_ENABLED=0 go build -o /app .\n${RUNTIME}`;

ruleTester('builder-go-version', {
  valid: [
    builder('golang:1.24-bookworm'),
    { name: 'newer patch and alpine', code: builder('golang:1.25.1-alpine3.22') },
    { name: 'mirror registry', code: builder('mirror.gcr.io/library/golang:1.24') },
    { name: 'digest only', code: builder('golang@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef') },
    { name: 'resolved from a global ARG', code: `ARG GO_VERSION=1.24\n${builder('golang:${GO_VERSION}-bookworm')}` },
    { name: 'unresolvable variable stays quiet', code: `ARG GO_VERSION\n${builder('golang:${GO_VERSION}-bookworm')}` },
    { name: 'configured minimum', code: builder('golang:1.22-bookworm'), config: { minGoVersion: '1.22' } },
    { name: 'dev stage', code: `FROM golang:1.20 AS dev\n${builder('golang:1.24-bookworm')}` },
    { name: 'not golang', code: builder('alpine:3.20', 'RUN apk add go\n') },
  ],
  invalid: [
    {
      name: 'old version, bookworm kept',
      code: builder('golang:1.21-bookworm'),
      errors: [{ line: 1, column: 6, endColumn: 26, severity: 'warning', message: 'Go 1.21, older than the required minimum 1.24' }],
      output: builder('golang:1.24-bookworm'),
    },
    {
      name: 'alpine family kept (its RUN steps use apk), alpine minor dropped',
      code: builder('golang:1.22.5-alpine3.19', 'RUN apk add --no-cache git\n'),
      errors: [{ line: 1, column: 6, endColumn: 30 }],
      output: builder('golang:1.24-alpine', 'RUN apk add --no-cache git\n'),
    },
    {
      name: 'older Debian release becomes bookworm; registry prefix and --platform kept',
      code: builder('--platform=$BUILDPLATFORM docker.io/library/golang:1.19-bullseye'),
      errors: [{ line: 1, column: 32, endColumn: 70 }],
      output: builder('--platform=$BUILDPLATFORM docker.io/library/golang:1.24-bookworm'),
    },
    {
      name: 'no version in the tag',
      code: builder('golang:alpine'),
      errors: [{ line: 1, column: 6, message: 'does not pin a Go version' }],
      output: builder('golang:1.24-alpine'),
    },
    {
      name: 'major-only tag',
      code: builder('golang:1-bookworm'),
      errors: [{ line: 1, message: 'does not pin a Go version' }],
      output: builder('golang:1.24-bookworm'),
    },
    {
      name: 'untagged',
      code: builder('golang'),
      errors: [{ line: 1, column: 6, endColumn: 12, message: "'golang' does not pin" }],
      output: builder('golang:1.24-bookworm'),
    },
    {
      name: 'configured minimum is used',
      code: builder('golang:1.24-bookworm'),
      config: { minGoVersion: '1.25' },
      errors: [{ line: 1, message: 'minimum 1.25' }],
      output: builder('golang:1.25-bookworm'),
    },
    {
      name: 'the global ARG default is raised, the variant stays',
      code: `ARG GO_VERSION="1.21.3"\n${builder('golang:${GO_VERSION}-alpine')}`,
      errors: [{ line: 2, column: 6, endColumn: 33, message: 'Go 1.21.3' }],
      output: `ARG GO_VERSION="1.24"\n${builder('golang:${GO_VERSION}-alpine')}`,
    },
    {
      name: 'mirror prefix from a global ARG is kept, the written tag replaced (skaffold examples)',
      code:
        'ARG BASE_PREFIX=mirror.gcr.io/library/\nFROM ${BASE_PREFIX}golang:1.18 as builder\nWORKDIR /code\nCOPY main.go .\nCOPY go.mod .\n' +
        'ARG SKAFFOLD_GO_GCFLAGS\nRUN go build -gcflags="${SKAFFOLD_GO_GCFLAGS}" -trimpath -o /app main.go\n\nFROM ${BASE_PREFIX}alpine:3\nCOPY --from=builder /app .\n',
      errors: [{ line: 2, column: 6, endColumn: 31, severity: 'warning', message: "'golang:1.18' builds with Go 1.18" }],
      output:
        'ARG BASE_PREFIX=mirror.gcr.io/library/\nFROM ${BASE_PREFIX}golang:1.24-bookworm as builder\nWORKDIR /code\nCOPY main.go .\nCOPY go.mod .\n' +
        'ARG SKAFFOLD_GO_GCFLAGS\nRUN go build -gcflags="${SKAFFOLD_GO_GCFLAGS}" -trimpath -o /app main.go\n\nFROM ${BASE_PREFIX}alpine:3\nCOPY --from=builder /app .\n',
    },
    {
      name: 'the whole tag is a global ARG defaulting to latest: the default is pinned (syncthing)',
      code:
        'ARG GOVERSION=latest\n\nFROM golang:$GOVERSION AS builder\nWORKDIR /src\nCOPY . .\nENV CGO_ENABLED=0\n' +
        'RUN if [ ! -f syncthing-linux-$TARGETARCH ] ; then \\\n    go run build.go -no-upgrade build syncthing ; \\\n    mv syncthing syncthing-linux-$TARGETARCH ; \\\n  fi\n\n' +
        'FROM alpine\nCOPY --from=builder /src/syncthing-linux-$TARGETARCH /bin/syncthing\n',
      errors: [{ line: 3, column: 6, endColumn: 23, message: "'golang:latest' does not pin a Go version" }],
      output:
        'ARG GOVERSION=1.24-bookworm\n\nFROM golang:$GOVERSION AS builder\nWORKDIR /src\nCOPY . .\nENV CGO_ENABLED=0\n' +
        'RUN if [ ! -f syncthing-linux-$TARGETARCH ] ; then \\\n    go run build.go -no-upgrade build syncthing ; \\\n    mv syncthing syncthing-linux-$TARGETARCH ; \\\n  fi\n\n' +
        'FROM alpine\nCOPY --from=builder /src/syncthing-linux-$TARGETARCH /bin/syncthing\n',
    },
    {
      name: 'the whole image is a global ARG without a tag: the default gets one, inside its quotes',
      code: `ARG BASE_IMAGE="golang"\n${builder('${BASE_IMAGE}')}`,
      errors: [{ line: 2, column: 6, endColumn: 19, message: "'golang' does not pin" }],
      output: `ARG BASE_IMAGE="golang:1.24-bookworm"\n${builder('${BASE_IMAGE}')}`,
    },
    {
      name: 'untagged behind a mirror variable: the tag is appended',
      code: `ARG MIRROR=mirror.gcr.io/library/\n${builder('${MIRROR}golang')}`,
      errors: [{ line: 2, column: 6, endColumn: 21 }],
      output: `ARG MIRROR=mirror.gcr.io/library/\n${builder('${MIRROR}golang:1.24-bookworm')}`,
    },
    {
      name: 'a tag with a digest is reported without a fix (the digest would not match)',
      code: builder('golang:1.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
      errors: [{ line: 1, column: 6 }],
      output: null,
    },
    {
      name: 'lowercase and CRLF; the parent stage is judged once',
      code: 'from golang:1.23 as base\r\nfrom base as build\r\nrun go build -o /app .\r\nfrom scratch\r\ncopy --from=build /app /app\r\n',
      errors: [{ line: 1, column: 6, endColumn: 17 }],
      output: 'from golang:1.24-bookworm as base\r\nfrom base as build\r\nrun go build -o /app .\r\nfrom scratch\r\ncopy --from=build /app /app\r\n',
    },
  ],
});

ruleTester('builder-go-version', {
  valid: [],
  invalid: [
    {
      name: 'a GOPATH-mode build on Go 1.10: the message names the module boundary, and the version bump is unsafe (kubernetes examples guestbook-go)',
      code: 'FROM golang:1.10.0\nRUN go get github.com/codegangsta/negroni \\\n           github.com/gorilla/mux\nWORKDIR /app\nADD ./main.go .\nRUN CGO_ENABLED=0 GOOS=linux go build -o main .\n\nFROM scratch\nWORKDIR /app\nCOPY --from=0 /app/main .\nCMD ["/app/main"]\n',
      errors: [{ line: 1, column: 6, message: /Go 1\.10\.0 predates the module default \(Go 1\.16\): if this build relies on GOPATH mode/ }],
      safety: 'unsafe',
      output: 'FROM golang:1.24-bookworm\nRUN go get github.com/codegangsta/negroni \\\n           github.com/gorilla/mux\nWORKDIR /app\nADD ./main.go .\nRUN CGO_ENABLED=0 GOOS=linux go build -o main .\n\nFROM scratch\nWORKDIR /app\nCOPY --from=0 /app/main .\nCMD ["/app/main"]\n',
    },
    {
      name: 'a module-era version gets no module-boundary note',
      code: builder('golang:1.21-bookworm'),
      errors: [{ line: 1, message: /^'golang:1\.21-bookworm' builds with Go 1\.21, older than the required minimum 1\.24: the binary misses standard-library security fixes\. Use golang:1\.24-bookworm or newer\.$/ }],
      safety: 'unsafe',
      output: builder('golang:1.24-bookworm'),
    },
  ],
});
