import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeFinding, fix, lint, ruleTester } from '../../helpers';
import { applyEdits, LineIndex } from '../../../../server/src/engine/text';

const BUILD = [
  'FROM golang:1.24-bookworm AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server',
  '',
].join('\n');

const ALPINE = `${BUILD}
FROM alpine:3.20
# certificates for outgoing TLS
RUN apk add --no-cache ca-certificates tzdata
RUN addgroup -S app && adduser -S -G app app

WORKDIR /app
COPY --from=build --chown=app:app /out/server /app/server
RUN chown -R app:app /app

EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:8080/health || exit 1
ENTRYPOINT ["/app/server"]
`;

const ALPINE_FIXED = `${BUILD}
FROM gcr.io/distroless/static-debian12:nonroot
# certificates for outgoing TLS

WORKDIR /app
COPY --from=build --chown=nonroot:nonroot /out/server /app/server

EXPOSE 8080
USER nonroot:nonroot
# No shell or curl in this image, so a HEALTHCHECK cannot run: check health with Kubernetes httpGet probes (livenessProbe on /health, readinessProbe on /ready).
# HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:8080/health || exit 1
ENTRYPOINT ["/app/server"]
`;

const DEBIAN = `${BUILD}
FROM debian:bookworm-slim AS runtime
LABEL org.opencontainers.image.source="https://example.com/svc"
ARG VERSION=dev
ENV APP_ENV=production
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates curl \\
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system appuser \\
    && useradd --system --gid appuser --no-create-home appuser
COPY --from=build --chown=appuser:appuser /out/server /usr/local/bin/server
USER appuser
EXPOSE 8080
CMD server --listen :8080
`;

const DEBIAN_FIXED = `${BUILD}
FROM gcr.io/distroless/static-debian12:nonroot AS runtime
LABEL org.opencontainers.image.source="https://example.com/svc"
ARG VERSION=dev
ENV APP_ENV=production
# Distroless has no package manager, so these packages are not installed here: if the service needs them, COPY them (and their libraries) in from another stage, or keep a base that has them.
# RUN apt-get update \\
#     && apt-get install -y --no-install-recommends ca-certificates curl \\
#     && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=nonroot:nonroot /out/server /usr/local/bin/server
USER nonroot:nonroot
EXPOSE 8080
CMD ["server", "--listen", ":8080"]
`;

const UBUNTU = `${BUILD}
FROM --platform=$TARGETPLATFORM ubuntu:24.04 AS release
USER root
RUN apt-get update && apt-get install -y tini && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /var/lib/svc && chown 1000:1000 /var/lib/svc
COPY --from=build /out/server /server
# run through tini for signal handling
ENTRYPOINT ["/usr/bin/tini", "--", "/server"]
`;

const UBUNTU_FIXED = `${BUILD}
FROM --platform=$TARGETPLATFORM gcr.io/distroless/static-debian12:nonroot AS release
USER nonroot:nonroot
# Distroless has no package manager, so these packages are not installed here: if the service needs them, COPY them (and their libraries) in from another stage, or keep a base that has them.
# RUN apt-get update && apt-get install -y tini && rm -rf /var/lib/apt/lists/*
# Distroless has no shell, so this step cannot RUN here: do it in the build stage and COPY the result in.
# RUN mkdir -p /var/lib/svc && chown 1000:1000 /var/lib/svc
COPY --from=build /out/server /server
# run through tini for signal handling
ENTRYPOINT ["/server"]
`;

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

const LOWER_BACKTICK = `# escape=\`
from golang:1.24-bookworm as build
run CGO_ENABLED=0 go build -o /out/app .

from alpine:3.20
run apk add --no-cache \`
      ca-certificates \`
      tzdata
copy --from=build /out/app /app
run adduser -D -u 10001 app \`
    && chown app /app
cmd /app
`;

const LOWER_BACKTICK_FIXED = `# escape=\`
from golang:1.24-bookworm as build
run CGO_ENABLED=0 go build -o /out/app .

from gcr.io/distroless/static-debian12:nonroot
copy --from=build /out/app /app
user nonroot:nonroot
cmd ["/app"]
`;

const HEREDOC_NO_ENTRYPOINT = `${BUILD}
FROM alpine:3.20
RUN <<EOF
apk add --no-cache ca-certificates
adduser -D app
EOF
COPY --from=build /out/server /server`;

const HEREDOC_NO_ENTRYPOINT_FIXED = `${BUILD}
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
USER nonroot:nonroot`;

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

ruleTester('runtime-distroless-nonroot', {
  valid: [
    `${BUILD}\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /server\nENTRYPOINT ["/server"]\n`,
    { name: 'other static nonroot tag', code: `${BUILD}\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/server /server\n` },
    { name: 'chainguard static', code: `${BUILD}\nFROM cgr.dev/chainguard/static:latest\nCOPY --from=build /out/server /server\n` },
    { name: 'scratch', code: `${BUILD}\nFROM scratch\nCOPY --from=build /out/server /server\n` },
    { name: 'configured allowed image', code: `${BUILD}\nFROM alpine:3.20\nCOPY --from=build /out/server /server\n`, config: { allowedRuntimeImages: ['alpine:3.*'] } },
    { name: "single-stage golang is multi-stage-build's finding", code: BUILD },
    { name: 'unresolved base', code: `${BUILD}\nARG BASE\nFROM $BASE\nCOPY --from=build /out/server /server\n` },
    { name: 'not a Go Dockerfile', code: 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "server.js"]\n' },
    {
      name: 'dev stage is not judged',
      code: `${BUILD}\nFROM alpine:3.20 AS debug\nCOPY --from=build /out/server /server\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /server\n`,
    },
  ],
  invalid: [
    {
      name: 'fluxcd: the CA-certificates RUN goes, USER 65534:65534 becomes nonroot:nonroot, the rest stays',
      code: FLUXCD,
      errors: [{ line: 11, column: 6, endColumn: 17, severity: 'error', message: "'alpine:3.23', which is not an allowed minimal image" }],
      output: FLUXCD.replace('FROM alpine:3.23', 'FROM gcr.io/distroless/static-debian12:nonroot')
        .replace('RUN apk --no-cache add ca-certificates \\\n  && update-ca-certificates\n', '')
        .replace('USER 65534:65534', 'USER nonroot:nonroot'),
    },
    {
      name: 'tailscale: the iptables install is kept as a comment, not deleted, and so is the iptables RUN (the image still builds); unsafe; USER appended (tailscale Dockerfile)',
      code: TAILSCALE,
      errors: [{ line: 12, column: 6, endColumn: 17, severity: 'error' }],
      safety: 'unsafe',
      output: TAILSCALE.replace(
        'FROM alpine:3.22\nRUN apk add --no-cache ca-certificates iptables iproute2 ip6tables\nRUN rm /usr/sbin/iptables',
        'FROM gcr.io/distroless/static-debian12:nonroot\n# Distroless has no package manager, so these packages are not installed here: if the service needs them, COPY them (and their libraries) in from another stage, or keep a base that has them.\n# RUN apk add --no-cache ca-certificates iptables iproute2 ip6tables\n# Distroless has no shell, so this step cannot RUN here: do it in the build stage and COPY the result in.\n# RUN rm /usr/sbin/iptables',
      ) + 'USER nonroot:nonroot\n',
    },
    {
      name: 'an ENTRYPOINT that only ran tini goes; CMD starts the program (USER before it, the comment kept)',
      code: `${BUILD}\nFROM alpine:3.20\nRUN apk add --no-cache tini ca-certificates\nCOPY --from=build /out/server /usr/local/bin/server\n# tini reaps zombies\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["server", "--port", "8080"]\n`,
      errors: [{ line: 8, column: 6, endColumn: 17 }],
      output: `${BUILD}\nFROM gcr.io/distroless/static-debian12:nonroot\n# Distroless has no package manager, so these packages are not installed here: if the service needs them, COPY them (and their libraries) in from another stage, or keep a base that has them.\n# RUN apk add --no-cache tini ca-certificates\nCOPY --from=build /out/server /usr/local/bin/server\n# tini reaps zombies\nUSER nonroot:nonroot\nCMD ["server", "--port", "8080"]\n`,
    },
    {
      name: 'Windows nanoserver runtime: reported, never rewritten onto a Linux image',
      code: '# escape=`\n\nFROM golang:1.24-windowsservercore-ltsc2022 AS build\nWORKDIR C:\\src\nCOPY . .\nRUN go build -o C:\\out\\hello.exe .\n\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build C:\\out\\hello.exe C:\\hello.exe\nUSER ContainerUser\nENTRYPOINT ["C:\\\\hello.exe"]\n',
      errors: [{ line: 8, column: 6, endColumn: 51, message: 'No automatic rewrite: distroless runs Linux binaries only' }],
      output: null,
    },
    {
      name: 'alpine with apk, adduser, chown and a curl HEALTHCHECK (comments are kept)',
      code: ALPINE,
      errors: [{ line: 8, column: 6, endLine: 8, endColumn: 17, severity: 'error', message: "'alpine:3.20', which is not an allowed minimal image" }],
      output: ALPINE_FIXED,
    },
    { name: 'CRLF line endings are kept', code: crlf(ALPINE), errors: [{ line: 8, column: 6, endColumn: 17 }], output: crlf(ALPINE_FIXED) },
    {
      name: 'debian-slim with apt-get, useradd, continuation lines and shell-form CMD',
      code: DEBIAN,
      errors: [{ line: 8, column: 6, endColumn: 26 }],
      output: DEBIAN_FIXED,
    },
    {
      name: 'ubuntu: --platform and AS kept, USER root replaced, real work commented, tini dropped',
      code: UBUNTU,
      errors: [{ line: 8, column: 33, endColumn: 45 }],
      output: UBUNTU_FIXED,
    },
    {
      name: 'lowercase instructions and the backtick escape directive',
      code: LOWER_BACKTICK,
      errors: [{ line: 5, column: 6, endColumn: 17 }],
      output: LOWER_BACKTICK_FIXED,
    },
    {
      name: 'heredoc RUN, no ENTRYPOINT, no final line break',
      code: HEREDOC_NO_ENTRYPOINT,
      errors: [{ line: 8 }],
      output: HEREDOC_NO_ENTRYPOINT_FIXED,
    },
    {
      name: 'untagged distroless static is not the nonroot variant',
      code: `${BUILD}\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/server /\nCMD ["/server"]\n`,
      errors: [{ line: 8, column: 6, endColumn: 39, message: 'not the nonroot variant' }],
      output: `${BUILD}\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /\nUSER nonroot:nonroot\nCMD ["/server"]\n`,
    },
    {
      name: 'distroless base (glibc) becomes static; an existing nonroot USER stays',
      code: `${BUILD}\nFROM gcr.io/distroless/base-debian12:nonroot\nCOPY --from=build /out/server /\nUSER nonroot\nCMD ["/server"]\n`,
      errors: [{ line: 8, column: 6, endColumn: 45, message: 'carries libraries' }],
      output: `${BUILD}\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /\nUSER nonroot\nCMD ["/server"]\n`,
    },
    {
      name: 'entrypoint script: no rewrite, it would not start',
      code: `${BUILD}\nFROM alpine:3.20\nCOPY --from=build /out/server /server\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n`,
      errors: [{ line: 8, message: 'is a shell script' }],
      output: null,
    },
    {
      name: 'a command that needs a shell: no rewrite',
      code: `${BUILD}\nFROM alpine:3.20\nCOPY --from=build /out/server /server\nCMD /server --port $PORT\n`,
      errors: [{ line: 8, message: 'needs a shell' }],
      output: null,
    },
    {
      name: 'a program from the base image: no rewrite',
      code: `${BUILD}\nFROM nginx:1.27\nCOPY --from=build /out/server /server\nCMD ["nginx", "-g", "daemon off;"]\n`,
      errors: [{ line: 8, message: "'nginx' is not copied into the stage" }],
      output: null,
    },
    {
      name: 'runtime stage built on another stage: reported on the reference, no rewrite',
      code: `${BUILD}\nFROM alpine:3.20 AS base\nRUN apk add --no-cache ca-certificates\n\nFROM base\nCOPY --from=build /out/server /server\n`,
      errors: [{ line: 11, column: 6, endColumn: 10, message: "through stage 'base'" }],
      output: null,
    },
  ],
});

const CHECKED = ['runtime-distroless-nonroot', 'runtime-nonroot-user', 'runtime-no-run', 'no-shell-healthcheck', 'exec-form-entrypoint'];

describe('runtime-distroless-nonroot: the rewritten stage passes the runtime rules', () => {
  const cases: [string, string][] = [
    ['alpine', ALPINE],
    ['alpine CRLF', crlf(ALPINE)],
    ['debian-slim', DEBIAN],
    ['ubuntu', UBUNTU],
    ['lowercase + backtick', LOWER_BACKTICK],
    ['heredoc', HEREDOC_NO_ENTRYPOINT],
  ];
  for (const [name, code] of cases) {
    it(name, () => {
      assert.ok(lint(code, { rules: CHECKED }).some((f) => f.ruleId === 'runtime-distroless-nonroot'), 'the rule fires before the fix');
      const fixed = fix(code, { rules: ['runtime-distroless-nonroot'] });
      assert.notEqual(fixed, code);
      assert.deepEqual(lint(fixed, { rules: CHECKED }).map(describeFinding), []);
      assert.equal(fix(fixed, { rules: ['runtime-distroless-nonroot'] }), fixed, 'a second fix changes nothing');
    });
  }

  it('its edits never overlap (an editor applies them as one workspace edit)', () => {
    for (const [name, code] of cases) {
      const finding = lint(code, { rules: ['runtime-distroless-nonroot'] })[0];
      assert.ok(finding?.fix, `${name}: a fix is offered`);
      const index = new LineIndex(code);
      const spans = finding.fix.edits
        .map((e) => [index.offsetAt(e.range.start), index.offsetAt(e.range.end)])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1][1] <= spans[i][0], `${name}: edits ${i - 1} and ${i} overlap`);
      assert.equal(applyEdits(code, finding.fix.edits).skipped.length, 0);
    }
  });

  it('fixing with every rule also ends with no runtime findings and is stable', () => {
    const fixed = fix(ALPINE);
    assert.deepEqual(lint(fixed, { rules: CHECKED }).map(describeFinding), []);
    assert.equal(fix(fixed), fixed);
  });
});

ruleTester('runtime-distroless-nonroot', {
  valid: [],
  invalid: [
    {
      name: 'USER nonroot:nonroot already set: the message asks for the nonroot tag without claiming the service runs as root (kubernetes-engine-samples hello-app)',
      code: 'FROM golang:1.26.2 AS builder\nWORKDIR /app\nRUN go mod init hello-app\nCOPY *.go ./\nRUN CGO_ENABLED=0 GOOS=linux go build -o /hello-app\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /\nCOPY --from=builder /hello-app /hello-app\nENV PORT=8080\nUSER nonroot:nonroot\nCMD ["/hello-app"]\n',
      errors: [{ line: 7, column: 6, message: /it is not the nonroot variant: its default user is root, which this stage's USER nonroot:nonroot overrides/ }],
      safety: 'unsafe',
      output: 'FROM golang:1.26.2 AS builder\nWORKDIR /app\nRUN go mod init hello-app\nCOPY *.go ./\nRUN CGO_ENABLED=0 GOOS=linux go build -o /hello-app\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /\nCOPY --from=builder /hello-app /hello-app\nENV PORT=8080\nUSER nonroot:nonroot\nCMD ["/hello-app"]\n',
    },
    {
      name: 'the users are dropped, the curl and netcat install is kept as a comment (stefanprodan podinfo)',
      code: 'FROM golang:1.24-bookworm AS builder\nRUN CGO_ENABLED=0 go build -o /podinfo/bin/podinfo .\nFROM alpine:3.24\nRUN addgroup -S app \\\n    && adduser -S -G app app \\\n    && apk --no-cache add \\\n    ca-certificates curl netcat-openbsd\nWORKDIR /home/app\nCOPY --from=builder /podinfo/bin/podinfo .\nUSER app\nCMD ["./podinfo"]\n',
      errors: [{ line: 3, column: 6 }],
      safety: 'unsafe',
      output:
        'FROM golang:1.24-bookworm AS builder\nRUN CGO_ENABLED=0 go build -o /podinfo/bin/podinfo .\nFROM gcr.io/distroless/static-debian12:nonroot\n' +
        '# Distroless has no package manager, so these packages are not installed here: if the service needs them, COPY them (and their libraries) in from another stage, or keep a base that has them.\n' +
        '# RUN addgroup -S app \\\n#     && adduser -S -G app app \\\n#     && apk --no-cache add \\\n#     ca-certificates curl netcat-openbsd\nWORKDIR /home/app\nCOPY --from=builder /podinfo/bin/podinfo .\nUSER nonroot:nonroot\nCMD ["./podinfo"]\n',
    },
  ],
});
