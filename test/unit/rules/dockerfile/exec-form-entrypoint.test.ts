import { ruleTester } from '../../helpers';

ruleTester('exec-form-entrypoint', {
  valid: [
    'FROM gcr.io/distroless/static-debian12:nonroot\nENTRYPOINT ["/app"]\nCMD ["--port", "8080"]\n',
    { name: 'empty exec-form CMD', code: 'FROM alpine:3.20\nCMD []\n' },
    { name: 'shell form in a builder stage does not ship', code: 'FROM golang:1.24 AS build\nCMD go test ./...\n\nFROM gcr.io/distroless/static-debian12:nonroot\nENTRYPOINT ["/app"]\n' },
    { name: 'shell form in a dev stage', code: 'FROM gcr.io/distroless/static-debian12:nonroot AS prod\nENTRYPOINT ["/app"]\n\nFROM golang:1.24 AS dev\nCMD go run .\n' },
    { name: 'JSON with continuation lines', code: 'FROM alpine:3.20\nENTRYPOINT ["/app", \\\n  "--port", "8080"]\n' },
  ],
  invalid: [
    {
      name: 'shell-form ENTRYPOINT on distroless (kind local-path-provisioner): error, converted',
      code: 'FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/local-path-provisioner .\n\nFROM gcr.io/distroless/static-debian13\nCOPY --from=0 /usr/local/bin/local-path-provisioner /usr/local/bin/local-path-provisioner\nCOPY --from=0 /_LICENSES/* /LICENSES/\nENTRYPOINT /usr/local/bin/local-path-provisioner\n',
      errors: [{ line: 7, column: 12, endColumn: 49, severity: 'error', message: "'gcr.io/distroless/static-debian13' has no /bin/sh" }],
      output: 'FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /usr/local/bin/local-path-provisioner .\n\nFROM gcr.io/distroless/static-debian13\nCOPY --from=0 /usr/local/bin/local-path-provisioner /usr/local/bin/local-path-provisioner\nCOPY --from=0 /_LICENSES/* /LICENSES/\nENTRYPOINT ["/usr/local/bin/local-path-provisioner"]\n',
    },
    {
      name: 'Windows image: the shell is cmd (windows-multi-arch sample, shell form)',
      code: 'ARG WINDOWS_VERSION=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:${WINDOWS_VERSION}\nCOPY hello.exe /hello.exe\nUSER ContainerUser\nENTRYPOINT hello.exe --port 8080\n',
      errors: [{ line: 5, column: 12, endColumn: 33, severity: 'warning', message: 'ENTRYPOINT in shell form runs through cmd /S /C' }],
      output: 'ARG WINDOWS_VERSION=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:${WINDOWS_VERSION}\nCOPY hello.exe /hello.exe\nUSER ContainerUser\nENTRYPOINT ["hello.exe", "--port", "8080"]\n',
    },
    {
      name: 'shell form on alpine: warning, converted',
      code: 'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nENTRYPOINT /usr/local/bin/app --port 8080\n',
      errors: [{ line: 3, column: 12, endColumn: 42, severity: 'warning', message: 'does not pass SIGTERM on' }],
      output: 'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nENTRYPOINT ["/usr/local/bin/app", "--port", "8080"]\n',
    },
    {
      name: 'shell form in distroless: error; quotes and exec are understood',
      code: 'FROM gcr.io/distroless/static-debian12:nonroot\ncmd exec /app --name "my service" \'x y\'\n',
      errors: [{ line: 2, column: 5, endColumn: 40, severity: 'error', message: 'has no /bin/sh' }],
      output: 'FROM gcr.io/distroless/static-debian12:nonroot\ncmd ["/app", "--name", "my service", "x y"]\n',
    },
    {
      name: 'continuation lines and CRLF',
      code: 'FROM scratch\r\nENTRYPOINT /app \\\r\n    --verbose\r\n',
      errors: [{ line: 2, column: 12, endLine: 3, endColumn: 14, severity: 'error' }],
      output: 'FROM scratch\r\nENTRYPOINT ["/app", "--verbose"]\r\n',
    },
    {
      name: 'backtick escape directive',
      code: '# escape=`\nFROM alpine:3.20\nCMD C:\\app\\server.exe `\n  -v\n',
      errors: [{ line: 3, column: 5, endLine: 4, endColumn: 5 }],
      output: null,
    },
    {
      name: 'single quotes are not JSON: Docker runs it through the shell',
      code: "FROM alpine:3.20\nCMD ['/app', '--port', '8080']\n",
      errors: [{ line: 2, column: 5, endColumn: 31, message: 'not valid JSON' }],
      output: 'FROM alpine:3.20\nCMD ["/app", "--port", "8080"]\n',
    },
    {
      name: 'variables need a decision: no fix',
      code: 'FROM alpine:3.20\nCMD /app --port $PORT\n',
      errors: [{ line: 2, message: 'Rewrite it in JSON exec form' }],
      output: null,
    },
    {
      name: 'pipes and operators: no fix',
      code: 'FROM alpine:3.20\nCMD /app 2>&1 | tee /tmp/log\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: 'a comment between continuation lines would be lost: no fix',
      code: 'FROM alpine:3.20\nCMD /app \\\n  # verbose for now\n  -v\n',
      errors: [{ line: 2, column: 5, endLine: 4, endColumn: 5 }],
      output: null,
    },
    {
      name: 'shell-form ENTRYPOINT with a CMD: converting would pass the CMD as arguments, no fix',
      code: 'FROM alpine:3.20\nENTRYPOINT /app\nCMD ["serve"]\n',
      errors: [{ line: 2, message: 'check the CMD' }],
      output: null,
    },
  ],
});

ruleTester('exec-form-entrypoint', {
  valid: [{ name: 'hadolint DL3025 pragma', code: 'FROM alpine:3.20\n# hadolint ignore=DL3025\nCMD /app\n' }],
  invalid: [],
});

ruleTester('exec-form-entrypoint', {
  valid: [],
  invalid: [
    {
      name: 'no shell: the shell form cannot start, so the conversion is safe (kind local-path-provisioner)',
      code: 'FROM gcr.io/distroless/static-debian13\nCOPY --from=0 /usr/local/bin/local-path-provisioner /usr/local/bin/local-path-provisioner\nENTRYPOINT /usr/local/bin/local-path-provisioner\n',
      errors: [{ line: 3, severity: 'error' }],
      safety: 'safe',
      output: 'FROM gcr.io/distroless/static-debian13\nCOPY --from=0 /usr/local/bin/local-path-provisioner /usr/local/bin/local-path-provisioner\nENTRYPOINT ["/usr/local/bin/local-path-provisioner"]\n',
    },
    {
      name: 'a CMD on a distribution image without ENTRYPOINT: the same program with the same arguments, safe (BuildKit parser testfiles health)',
      code: 'FROM debian:bookworm\nCMD /app/main.sh\n',
      errors: [{ line: 2, severity: 'warning' }],
      safety: 'safe',
      output: 'FROM debian:bookworm\nCMD ["/app/main.sh"]\n',
    },
    {
      name: 'a CMD under an ENTRYPOINT of the stage chain: its words become the ENTRYPOINT\'s arguments instead of /bin/sh -c …, unsafe',
      code: 'FROM alpine:3.20 AS base\nENTRYPOINT ["/docker-entrypoint.sh"]\nFROM base\nCMD serve --port 8080\n',
      errors: [{ line: 4 }],
      safety: 'unsafe',
      output: 'FROM alpine:3.20 AS base\nENTRYPOINT ["/docker-entrypoint.sh"]\nFROM base\nCMD ["serve", "--port", "8080"]\n',
    },
    {
      name: 'a CMD on an image that may set its own ENTRYPOINT (unknown base): unsafe',
      code: 'FROM nginx:1.27\nCMD nginx -g daemon-off\n',
      errors: [{ line: 2 }],
      safety: 'unsafe',
      output: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon-off"]\n',
    },
    {
      name: 'an ENTRYPOINT on an image with a shell: run-time arguments (a manifest\'s args) reach the program in exec form, unsafe',
      code: 'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nENTRYPOINT /usr/local/bin/app --port 8080\n',
      errors: [{ line: 3 }],
      safety: 'unsafe',
      output: 'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nENTRYPOINT ["/usr/local/bin/app", "--port", "8080"]\n',
    },
  ],
});
