import { ruleTester } from '../../helpers';

// The note the fix inserts, wrapped at 100 columns (issue 22 item 8).
const NOTE_LINES = [
  '# No shell or curl in this image, so a HEALTHCHECK cannot run: check health with Kubernetes httpGet',
  '# probes (livenessProbe on /health, readinessProbe on /ready).',
];
const NOTE = NOTE_LINES.join('\n');

ruleTester('no-shell-healthcheck', {
  valid: [
    {
      name: 'alpine runtime (syncthing as is): curl exists there',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates curl\nHEALTHCHECK --interval=1m --timeout=10s \\\n  CMD curl -fkLsS -m 2 127.0.0.1:8384/rest/noauth/health | grep -o --color=never OK || exit 1\n',
    },
    { name: 'curl exists on alpine', code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'exec form running the service binary', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nHEALTHCHECK --interval=10s CMD ["/app", "-healthcheck"]\n' },
    { name: 'HEALTHCHECK NONE', code: 'FROM scratch\nHEALTHCHECK NONE\n' },
    { name: 'distroless debug has busybox', code: 'FROM gcr.io/distroless/static-debian12:debug-nonroot\nHEALTHCHECK CMD wget -q -O- http://localhost/health\n' },
  ],
  invalid: [
    {
      name: 'syncthing-style check on a distroless runtime: reported on curl, replaced by the note (continuation kept as comments)',
      code: 'FROM golang:1.24-bookworm AS builder\nRUN CGO_ENABLED=0 go build -o /src/syncthing ./cmd/syncthing\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=builder /src/syncthing /bin/syncthing\nHEALTHCHECK --interval=1m --timeout=10s \\\n  CMD curl -fkLsS -m 2 127.0.0.1:8384/rest/noauth/health | grep -o --color=never OK || exit 1\nENTRYPOINT ["/bin/syncthing"]\n',
      errors: [{ line: 7, column: 7, endColumn: 11, severity: 'error', message: "'curl' does not exist in this image" }],
      output: 'FROM golang:1.24-bookworm AS builder\nRUN CGO_ENABLED=0 go build -o /src/syncthing ./cmd/syncthing\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=builder /src/syncthing /bin/syncthing\n# No shell or curl in this image, so a HEALTHCHECK cannot run: check health with Kubernetes httpGet\n# probes (livenessProbe on /health, readinessProbe on /ready).\n# HEALTHCHECK --interval=1m --timeout=10s \\\n#   CMD curl -fkLsS -m 2 127.0.0.1:8384/rest/noauth/health | grep -o --color=never OK || exit 1\nENTRYPOINT ["/bin/syncthing"]\n',
    },
    {
      name: 'curl in distroless (shell form)',
      code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nHEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 3, column: 32, endColumn: 36, severity: 'error', message: "'curl' does not exist in this image" }],
      output: `FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n${NOTE}\n# HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1\nENTRYPOINT ["/app"]\n`,
    },
    {
      name: "cat in exec form on distroless: one list of the tools minimal images lack (MINIMAL_IMAGE_MISSING_TOOLS), which k8s-exec-probe-in-minimal-image and compose-healthcheck-in-minimal-image share",
      code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nHEALTHCHECK CMD ["cat", "/tmp/healthy"]\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 3, column: 18, endColumn: 23, severity: 'error', message: "'cat' does not exist in this image" }],
      output: `FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n${NOTE}\n# HEALTHCHECK CMD ["cat", "/tmp/healthy"]\nENTRYPOINT ["/app"]\n`,
    },
    {
      name: 'wget in exec form on scratch, continuation lines, CRLF',
      code: 'FROM scratch\r\nHEALTHCHECK --interval=5s \\\r\n  CMD ["wget", "-qO-", "http://localhost/health"]\r\n',
      errors: [{ line: 3, column: 8, endColumn: 14 }],
      output: `FROM scratch\r\n${NOTE_LINES.join('\r\n')}\r\n# HEALTHCHECK --interval=5s \\\r\n#   CMD ["wget", "-qO-", "http://localhost/health"]\r\n`,
    },
    {
      name: 'shell form without a tool still needs /bin/sh; lowercase',
      code: 'from cgr.dev/chainguard/static:latest\nhealthcheck cmd /app -check\n',
      errors: [{ line: 2, column: 17, endColumn: 28, message: '/bin/sh' }],
      output: `from cgr.dev/chainguard/static:latest\n${NOTE}\n# healthcheck cmd /app -check\n`,
    },
    {
      name: 'inherited minimal base through a stage reference',
      code: 'FROM gcr.io/distroless/static-debian12:nonroot AS base\n\nFROM base\n  HEALTHCHECK CMD ["sh", "-c", "true"]\n',
      errors: [{ line: 4, column: 20, endColumn: 24 }],
      output: `FROM gcr.io/distroless/static-debian12:nonroot AS base\n\nFROM base\n  # No shell or curl in this image, so a HEALTHCHECK cannot run: check health with Kubernetes\n  # httpGet probes (livenessProbe on /health, readinessProbe on /ready).\n  # HEALTHCHECK CMD ["sh", "-c", "true"]\n`,
    },
  ],
});

ruleTester('no-shell-healthcheck', {
  valid: [{ name: 'own suppression', code: 'FROM scratch\n# container-standard ignore=no-shell-healthcheck -- the binary ships its own sh\nHEALTHCHECK CMD ["sh", "-c", "true"]\n' }],
  invalid: [],
});
