import { ruleTester } from '../../helpers';

const BUILD = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n';

/** fluxcd/source-controller's Dockerfile, cut down: alpine runtime with a CA-certificates RUN, USER 65534, ENTRYPOINT by name through PATH. */
const FLUXCD = `ARG GO_VERSION=1.26
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine AS builder
WORKDIR /workspace
COPY go.mod go.mod
COPY go.sum go.sum
RUN go mod download
COPY main.go main.go
ENV CGO_ENABLED=0
RUN xx-go build -trimpath -a -o source-controller main.go

FROM alpine:3.23

ARG TARGETPLATFORM
RUN apk --no-cache add ca-certificates \\
  && update-ca-certificates

COPY --from=builder /workspace/source-controller /usr/local/bin/

USER 65534:65534
ENTRYPOINT [ "source-controller" ]
`;

/** tailscale's Dockerfile, cut down: alpine runtime with a package RUN, real work in RUN, no USER, no ENTRYPOINT. */
const TAILSCALE = `FROM golang:1.26-alpine AS build-env
WORKDIR /go/src/tailscale
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG TARGETARCH
RUN GOARCH=$TARGETARCH CGO_ENABLED=0 go install -ldflags="\\
      -X tailscale.com/version.longStamp=$VERSION_LONG \\
      -X tailscale.com/version.gitCommitStamp=$VERSION_GIT_HASH" \\
      -v ./cmd/tailscale ./cmd/tailscaled ./cmd/containerboot

FROM alpine:3.22
RUN apk add --no-cache ca-certificates iptables iproute2 ip6tables
RUN rm /usr/sbin/iptables && ln -s /usr/sbin/iptables-legacy /usr/sbin/iptables
COPY --from=build-env /go/bin/* /usr/local/bin/
`;

ruleTester('runtime-no-run', {
  valid: [
    `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n`,
    { name: 'RUN in the build stage', code: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\n` },
    { name: 'single-stage golang is multi-stage-build', code: 'FROM golang:1.24\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'dev stage', code: `${BUILD}FROM alpine:3.20 AS debug\nRUN apk add --no-cache delve\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n` },
    { name: 'not a Go Dockerfile', code: 'FROM node:20\nRUN npm ci\n' },
    {
      name: 'not a Go Dockerfile: python runtime built on a python stage (microservices-demo emailservice)',
      code:
        'FROM python:3.14.6-alpine AS base\n\nFROM base AS builder\nRUN apk update \\\n    && apk add --no-cache g++ linux-headers\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n\n' +
        'FROM base\nRUN apk update \\\n    && apk add --no-cache libstdc++ \\\n    && rm -rf /var/cache/apk/*\nWORKDIR /email_server\nCOPY --from=builder /usr/local/lib/python3.14/ /usr/local/lib/python3.14/\nCOPY . .\nENTRYPOINT [ "python", "email_server.py" ]\n',
    },
  ],
  invalid: [
    {
      name: 'fluxcd: alpine runtime, info and no fix (only distroless/scratch steps are removed)',
      code: FLUXCD,
      errors: [{ line: 14, column: 1, endColumn: 4, severity: 'info', message: 'RUN in the runtime stage adds a layer, and whatever it installs, to the shipped image' }],
      output: null,
    },
    {
      name: 'tailscale: one info per RUN of the alpine runtime stage',
      code: TAILSCALE,
      errors: [
        { line: 13, column: 1, endColumn: 4, severity: 'info' },
        { line: 14, column: 1, endColumn: 4, severity: 'info' },
      ],
      output: null,
    },
    {
      name: 'distroless: certs are removed, the comments (above and inside) are kept',
      code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\n# certificates\nRUN apk add --no-cache ca-certificates \\\n  # and the update\n  && update-ca-certificates\nCOPY --from=build /out/app /app\n`,
      errors: [{ line: 6, column: 1, endColumn: 4, severity: 'error', message: 'already has CA certificates' }],
      output: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\n# certificates\n  # and the update\nCOPY --from=build /out/app /app\n`,
    },
    {
      name: 'scratch: user creation with continuation lines, no blank-line debris (CRLF)',
      code: `${BUILD}FROM scratch\r\nCOPY --from=build /out/app /app\r\n\r\nRUN addgroup -S app \\\r\n    && adduser -S -G app app\r\n\r\nUSER app\r\n`.replace(/(?<!\r)\n/g, '\r\n'),
      errors: [{ line: 7, column: 1, endColumn: 4, severity: 'error', message: 'COPY what it made' }],
      output: `${BUILD}FROM scratch\r\nCOPY --from=build /out/app /app\r\n\r\nUSER app\r\n`.replace(/(?<!\r)\n/g, '\r\n'),
    },
    {
      name: 'distroless: real work gets no automatic removal',
      code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nrun mkdir -p /data\n`,
      errors: [{ line: 6, column: 1, endColumn: 4, severity: 'error', message: 'Do this work in the build stage' }],
      output: null,
    },
    {
      name: 'distroless: installing curl is not only certs or users',
      code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nRUN apt-get update && apt-get install -y curl\n`,
      errors: [{ line: 5, severity: 'error' }],
      output: null,
    },
    {
      name: 'alpine: info, no fix (removing certs there would break TLS)',
      code: `${BUILD}FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nRUN --mount=type=cache,target=/var/cache/apk <<EOF\nadduser -D app\nEOF\nCOPY --from=build /out/app /app\n`,
      errors: [
        { line: 5, column: 1, endColumn: 4, severity: 'info', message: 'adds a layer, and whatever it installs, to the shipped image. Unless the binary needs that at run time' },
        { line: 6, column: 1, endColumn: 4, severity: 'info' },
      ],
      output: null,
    },
    {
      name: 'heredoc in distroless is removed whole',
      code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nRUN <<EOF\nset -e\nadduser -D app\nchown app /srv\nEOF\nCOPY --from=build /out/app /app\n`,
      errors: [{ line: 5, severity: 'error' }],
      output: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n`,
    },
    {
      name: 'backtick escape directive',
      code: `# escape=\`\n${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nRUN apk add --no-cache \`\n    tzdata\nCOPY --from=build /out/app /app\n`,
      errors: [{ line: 6 }],
      output: `# escape=\`\n${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n`,
    },
  ],
});
