import { ruleTester } from '../../helpers';

const BUILD = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n';

/** kubernetes/examples guestbook-go, cut down: an unnamed golang stage copied by index into scratch. */
const GUESTBOOK = 'FROM golang:1.10.0\nRUN go get github.com/codegangsta/negroni \\\n           github.com/gorilla/mux\nWORKDIR /app\nADD ./main.go .\nRUN CGO_ENABLED=0 GOOS=linux go build -o main .\n\nFROM scratch\nWORKDIR /app\nCOPY --from=0 /app/main .\nCOPY ./public/index.html public/index.html\nCMD ["/app/main"]\nEXPOSE 3000\n';

ruleTester('runtime-nonroot-user', {
  valid: [
    { name: 'distroless nonroot tag runs as nonroot', code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n` },
    { name: 'numeric non-root USER', code: 'FROM alpine:3.20\nUSER 65532:65532\nCMD ["/app"]\n' },
    { name: 'named non-root USER after a root step', code: 'FROM debian:12\nUSER root\nRUN true\nUSER app\nCMD ["/app"]\n' },
    { name: 'USER inherited from a parent stage', code: 'FROM alpine:3.20 AS base\nUSER 10001\n\nFROM base\nCMD ["/app"]\n' },
    { name: 'chainguard static defaults to nonroot', code: 'FROM cgr.dev/chainguard/static:latest\nCOPY app /app\n' },
    { name: 'unresolved USER variable', code: 'FROM alpine:3.20\nARG UID\nUSER ${UID}\n' },
    { name: 'unresolved base image', code: 'ARG BASE\nFROM ${BASE}\nCMD ["/app"]\n' },
    { name: 'Windows images have no Unix root', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["app.exe"]\n' },
    { name: 'only the runtime stage counts', code: 'FROM alpine:3.20 AS tools\nUSER root\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=tools /bin/busybox /busybox\n' },
    { name: 'dev stage is exempt', code: 'FROM gcr.io/distroless/static-debian12:nonroot AS prod\nCOPY app /app\n\nFROM alpine:3.20 AS debug\nUSER root\n' },
  ],
  invalid: [
    {
      name: 'guestbook: scratch runs as root; the numeric USER goes before CMD',
      code: GUESTBOOK,
      errors: [{ line: 8, column: 6, endColumn: 13, severity: 'error', message: "'scratch' runs as root by default" }],
      output: GUESTBOOK.replace('CMD ["/app/main"]', 'USER 65532:65532\nCMD ["/app/main"]'),
    },
    {
      name: 'quoted distroless image without a tag runs as root; it is recognised, so the named nonroot user is set (kind local-path-helper)',
      code: 'ARG BASE="debian:trixie-slim"\nFROM ${BASE} AS build\nRUN mkdir -p /opt/stage\n\nFROM "gcr.io/distroless/static-debian13"\nARG STAGE_DIR="/opt/stage"\nCOPY --from=build "${STAGE_DIR}/" /\n',
      errors: [{ line: 5, column: 7, endColumn: 40, severity: 'error', message: "'gcr.io/distroless/static-debian13' runs as root by default" }],
      output: 'ARG BASE="debian:trixie-slim"\nFROM ${BASE} AS build\nRUN mkdir -p /opt/stage\n\nFROM "gcr.io/distroless/static-debian13"\nARG STAGE_DIR="/opt/stage"\nCOPY --from=build "${STAGE_DIR}/" /\nUSER nonroot:nonroot\n',
    },
    {
      name: 'no USER on alpine: insert before ENTRYPOINT and the comment above it',
      code: 'FROM alpine:3.20\nCOPY app /app\n# start the service\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 1, column: 6, endColumn: 17, severity: 'error', message: "'alpine:3.20' runs as root by default" }],
      output: 'FROM alpine:3.20\nCOPY app /app\nUSER 65532:65532\n# start the service\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'USER root is replaced (CRLF kept)',
      code: 'FROM debian:12-slim\r\nUSER root\r\nCMD ["/app"]\r\n',
      errors: [{ line: 2, column: 6, endColumn: 10, message: 'USER root makes the container run as root' }],
      output: 'FROM debian:12-slim\r\nUSER 65532:65532\r\nCMD ["/app"]\r\n',
    },
    {
      name: 'uid 0 with a group',
      code: 'FROM alpine:3.20\nUSER 0:0\n',
      errors: [{ line: 2, column: 6, endColumn: 9 }],
      output: 'FROM alpine:3.20\nUSER 65532:65532\n',
    },
    {
      name: 'distroless without the nonroot tag gets the named user, lowercase kept',
      code: 'from gcr.io/distroless/static-debian12\ncopy app /app\ncmd ["/app"]\n',
      errors: [{ line: 1, column: 6, endColumn: 39, message: 'Add USER nonroot:nonroot' }],
      output: 'from gcr.io/distroless/static-debian12\ncopy app /app\nuser nonroot:nonroot\ncmd ["/app"]\n',
    },
    {
      name: 'scratch with no ENTRYPOINT: appended at the end of the stage, file without final line break',
      code: 'FROM scratch\nCOPY app /app',
      errors: [{ line: 1, column: 6, endColumn: 13 }],
      output: 'FROM scratch\nCOPY app /app\nUSER 65532:65532',
    },
    {
      name: 'root set through a build argument',
      code: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER $RUN_AS\n',
      errors: [{ line: 3, column: 6, endColumn: 13 }],
      output: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER 65532:65532\n',
    },
    {
      name: 'single-stage golang: reported, the fix is multi-stage-build',
      code: 'FROM golang:1.24\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'a stage built on a runtime stage is covered by that stage',
      code: 'FROM scratch AS release\nCOPY app /app\n\nFROM release\n',
      errors: [{ line: 1, column: 6, endColumn: 13 }],
      output: 'FROM scratch AS release\nCOPY app /app\nUSER 65532:65532\n\nFROM release\n',
    },
    {
      name: 'dangling continuation at the end of the file: no fix',
      code: 'FROM alpine:3.20\nRUN echo \\',
      errors: [{ line: 1 }],
      output: null,
    },
    {
      name: 'hadolint DL3002 pragma silences only other ids',
      code: 'FROM alpine:3.20\n# hadolint ignore=DL3018\nUSER root\n',
      errors: [{ line: 3 }],
    },
  ],
});

ruleTester('runtime-nonroot-user', {
  valid: [
    { name: 'hadolint DL3002 pragma', code: 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n' },
    { name: 'checkov pragma', code: '#checkov:skip=CKV_DOCKER_3:base image sets the user\nFROM alpine:3.20\nCMD ["/app"]\n' },
  ],
  invalid: [],
});

ruleTester('runtime-nonroot-user', {
  valid: [],
  invalid: [
    {
      name: 'an image whose default user is unknown: a warning asking for an explicit numeric USER, no root claim (opentelemetry-demo load-generator on grafana/k6, which ends USER k6)',
      code:
        'FROM golang:1.24-bookworm AS builder\nRUN CGO_ENABLED=0 go build -o /build/k6 .\n' +
        'FROM docker.io/grafana/k6:2.2.0-with-browser@sha256:defdc0a3e70c46bce010bfc10dedc03e335cc7febe01f6359552fe72827c2aa2\nCOPY --from=builder /build/k6 /usr/bin/k6\nWORKDIR /home/k6\nENTRYPOINT ["./entrypoint.sh"]\n',
      errors: [{ line: 3, column: 6, severity: 'warning', message: /^The runtime stage sets no USER, so it runs as the default user of '[^']+', which this check does not know: if that is root, .* Set an explicit numeric USER/ }],
      safety: 'unsafe',
      output:
        'FROM golang:1.24-bookworm AS builder\nRUN CGO_ENABLED=0 go build -o /build/k6 .\n' +
        'FROM docker.io/grafana/k6:2.2.0-with-browser@sha256:defdc0a3e70c46bce010bfc10dedc03e335cc7febe01f6359552fe72827c2aa2\nCOPY --from=builder /build/k6 /usr/bin/k6\nWORKDIR /home/k6\nUSER 65532:65532\nENTRYPOINT ["./entrypoint.sh"]\n',
    },
    {
      name: 'USER insertion into an image whose entrypoint may need root is unsafe (kind images/base: scratch + systemd as /sbin/init)',
      code: 'FROM debian:trixie-slim AS base\nRUN apt-get install -y systemd\nFROM scratch\nCOPY --from=base / /\nENV container=docker\nSTOPSIGNAL SIGRTMIN+3\nENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]\n',
      errors: [{ line: 3, column: 6, severity: 'error', message: "'scratch' runs as root by default" }],
      safety: 'unsafe',
      output: 'FROM debian:trixie-slim AS base\nRUN apt-get install -y systemd\nFROM scratch\nCOPY --from=base / /\nENV container=docker\nSTOPSIGNAL SIGRTMIN+3\nUSER 65532:65532\nENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]\n',
    },
    {
      name: 'an entrypoint that drops privileges itself with su-exec: the USER insertion is unsafe (syncthing Dockerfile)',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates su-exec tzdata libcap\nCOPY --from=builder /src/syncthing /bin/syncthing\nCOPY --from=builder /src/script/docker-entrypoint.sh /bin/entrypoint.sh\nENTRYPOINT ["/bin/entrypoint.sh", "/bin/syncthing"]\n',
      errors: [{ line: 1, column: 6, message: "'alpine:3.20' runs as root by default" }],
      safety: 'unsafe',
      output: 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates su-exec tzdata libcap\nCOPY --from=builder /src/syncthing /bin/syncthing\nCOPY --from=builder /src/script/docker-entrypoint.sh /bin/entrypoint.sh\nUSER 65532:65532\nENTRYPOINT ["/bin/entrypoint.sh", "/bin/syncthing"]\n',
    },
  ],
});
