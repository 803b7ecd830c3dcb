import { ruleTester } from '../../helpers';

const BUILD = 'FROM golang:1.24-bookworm AS build\nCOPY config.yaml ./\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n';

ruleTester('no-config-in-image', {
  valid: [
    `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n`,
    { name: 'config read by the build stage only', code: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\n` },
    { name: 'CA bundle and templates are not configuration', code: `${BUILD}FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY templates/ /templates/\n` },
    { name: 'dev stage', code: `${BUILD}FROM alpine:3.20 AS dev\nCOPY .env /app/.env\n\nFROM scratch\nCOPY --from=build /out/app /app\n` },
  ],
  invalid: [
    {
      name: 'prometheus distroless image (not a Go Dockerfile: the rule is [all]); the source word is reported',
      code: 'ARG DISTROLESS_ARCH="amd64"\nFROM gcr.io/distroless/static-debian13:nonroot-${DISTROLESS_ARCH}\nARG ARCH="amd64"\nARG OS="linux"\nCOPY documentation/examples/prometheus.yml  /etc/prometheus/prometheus.yml\nCOPY LICENSE NOTICE /\nCOPY .build/${OS}-${ARCH}/prometheus        /bin/prometheus\nWORKDIR /prometheus\nENTRYPOINT [ "/bin/prometheus" ]\n',
      errors: [{ line: 5, column: 6, endColumn: 43, severity: 'warning', message: "'documentation/examples/prometheus.yml'" }],
      output: null,
    },
    {
      name: 'yaml and a config folder',
      code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nCOPY config.yaml ./config/ /etc/app/\n`,
      errors: [
        { line: 7, column: 6, endColumn: 17, severity: 'warning', message: "configuration 'config.yaml'" },
        { line: 7, column: 18, endColumn: 27, message: "'./config/'" },
      ],
      output: null,
    },
    {
      name: '.env file, lowercase and JSON form',
      code: 'from alpine:3.20\ncopy [".env.production", "/app/.env"]\n',
      errors: [{ line: 2, column: 7, endColumn: 24, message: "'.env.production'" }],
    },
    {
      name: 'toml and ini from another stage, continuation lines (CRLF)',
      code: 'FROM scratch\r\nADD --chown=65532:65532 settings.toml \\\r\n    legacy.INI /etc/svc/\r\n',
      errors: [
        { line: 2, column: 25, endColumn: 38 },
        { line: 3, column: 5, endColumn: 15 },
      ],
    },
    {
      name: 'heredoc writing a yml file',
      code: 'FROM scratch\nCOPY <<EOF /etc/app/app.yml\nport: 8080\nEOF\n',
      errors: [{ line: 2, column: 12, endColumn: 28 }],
    },
  ],
});
