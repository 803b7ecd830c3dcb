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
