import { ruleTester } from '../../helpers';

ruleTester('no-latest-tag', {
  valid: [
    'FROM golang:1.24-bookworm AS build\nFROM gcr.io/distroless/static-debian12:nonroot\n',
    { name: 'digest pinned', code: 'FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
    { name: 'stage reference and scratch', code: 'FROM golang:1.24 AS build\nFROM build AS test\nFROM scratch\n' },
    { name: 'unresolved variable', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'variable with a pinned default', code: 'ARG GO=1.24\nFROM golang:${GO}-bookworm\n' },
  ],
  invalid: [
    {
      name: 'untagged golang gets a pinned builder',
      code: 'FROM golang AS build\n',
      errors: [{ line: 1, column: 6, endColumn: 12, severity: 'error', message: "no tag" }],
      output: 'FROM golang:1.24-bookworm AS build\n',
    },
    {
      name: 'latest distroless gets nonroot',
      code: 'from gcr.io/distroless/static-debian12:latest\n',
      errors: [{ line: 1, column: 6, endColumn: 46 }],
      output: 'from gcr.io/distroless/static-debian12:nonroot\n',
    },
    {
      name: 'other images get no automatic pin',
      code: 'FROM alpine:latest\r\nRUN echo hi\r\n',
      errors: [{ line: 1, column: 6, endColumn: 19, message: "'latest' tag" }],
      output: null,
    },
    {
      name: 'global ARG default resolves to latest',
      code: 'ARG TAG=latest\nFROM nginx:$TAG\n',
      errors: [{ line: 2, column: 6 }],
    },
    {
      name: 'platform flag and continuation',
      code: 'FROM --platform=$BUILDPLATFORM \\\n  golang AS build\n',
      errors: [{ line: 2, column: 3, endColumn: 9 }],
      output: 'FROM --platform=$BUILDPLATFORM \\\n  golang:1.24-bookworm AS build\n',
    },
    {
      name: 'the tag is a global ARG defaulting to latest: the default is pinned, not the FROM (syncthing)',
      code: 'ARG GOVERSION=latest\n\nFROM golang:$GOVERSION AS builder\nENV CGO_ENABLED=0\nRUN go run build.go -no-upgrade build syncthing\n\nFROM alpine\nCOPY --from=builder /src/syncthing /bin/syncthing\n',
      errors: [
        { line: 3, column: 6, endColumn: 23, message: "'golang:latest' uses the 'latest' tag" },
        { line: 7, column: 6, endColumn: 12, message: "'alpine' has no tag" },
      ],
      output: 'ARG GOVERSION=1.24-bookworm\n\nFROM golang:$GOVERSION AS builder\nENV CGO_ENABLED=0\nRUN go run build.go -no-upgrade build syncthing\n\nFROM alpine\nCOPY --from=builder /src/syncthing /bin/syncthing\n',
    },
    {
      name: 'a quoted image is pinned inside its quotes (kind local-path-helper)',
      code: 'ARG BASE="debian:trixie-slim"\nFROM ${BASE} AS build\n# copy staged binary + deps + copyright into distroless\nFROM "gcr.io/distroless/static-debian13"\nARG STAGE_DIR="/opt/stage"\nCOPY --from=build "${STAGE_DIR}/" /\n',
      errors: [{ line: 4, column: 7, endColumn: 40, message: "'gcr.io/distroless/static-debian13' has no tag" }],
      output: 'ARG BASE="debian:trixie-slim"\nFROM ${BASE} AS build\n# copy staged binary + deps + copyright into distroless\nFROM "gcr.io/distroless/static-debian13:nonroot"\nARG STAGE_DIR="/opt/stage"\nCOPY --from=build "${STAGE_DIR}/" /\n',
    },
    {
      name: 'registry prefix and --platform kept (kind kindnetd)',
      code: 'FROM --platform=$BUILDPLATFORM docker.io/library/golang:latest\nWORKDIR /go/src\n',
      errors: [{ line: 1, column: 32, endColumn: 63 }],
      output: 'FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.24-bookworm\nWORKDIR /go/src\n',
    },
    {
      name: 'hadolint pragma for another rule does not hide it',
      code: '# hadolint ignore=DL3008\nFROM ubuntu\n',
      errors: [{ line: 2 }],
    },
  ],
});

ruleTester('no-latest-tag', {
  valid: [
    { name: 'own suppression', code: '# container-standard ignore=no-latest-tag -- base is pinned by CI\nFROM ubuntu\n' },
    { name: 'hadolint pragma', code: '# hadolint ignore=DL3007\nFROM ubuntu:latest\n' },
    { name: 'trivy pragma', code: '#trivy:ignore:AVD-DS-0001\nFROM ubuntu:latest\n' },
    { name: 'file-wide', code: 'FROM ubuntu\n# container-standard ignore-file=no-latest-tag\nFROM debian\n' },
  ],
  invalid: [],
});
