import { compliantService, serviceRuleTester } from '../../service/helpers';

const DEFAULT = '# Not needed to build the image, or secret: keep it out of the build context.\n.git\n.env*\n*.pem\n*.key\nbin/\n';

serviceRuleTester('dockerignore', {
  valid: [
    { name: 'compliant service', files: compliantService() },
    { name: 'patterns with a leading slash, globs and ** match', files: compliantService('ledger', { '.dockerignore': '# context\n/.git/\n**/.env*\n' }) },
    { name: 'allow-list style: everything excluded, sources re-included', files: compliantService('ledger', { '.dockerignore': '*\n!cmd/\n!go.mod\n!go.sum\n' }) },
    { name: "BuildKit's <Dockerfile>.dockerignore beside the Dockerfile wins", files: compliantService('ledger', { '.dockerignore': 'bin/\n', 'Dockerfile.dockerignore': '.git\n.env*\n' }) },
    { name: 'a service without a Go Dockerfile is not judged', files: compliantService('ledger', { '.dockerignore': null, Dockerfile: 'FROM nginx:1.27\n' }) },
  ],
  invalid: [
    {
      name: 'no .dockerignore, and the Dockerfile copies only named files: creating it is safe',
      files: compliantService('ledger', { '.dockerignore': null, Dockerfile: 'FROM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN CGO_ENABLED=0 go build -o /out/ledger .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/ledger /ledger\nENTRYPOINT ["/ledger"]\n' }),
      errors: [{ file: 'ledger/Dockerfile', line: 1, message: 'has no .dockerignore' }],
      safety: 'safe',
      outputFile: 'ledger/.dockerignore',
      output: DEFAULT,
    },
    {
      name: 'no .dockerignore: the fix creates one; unsafe, since the Dockerfile copies the whole context (the program may load a .env or a key from it)',
      files: compliantService('ledger', { '.dockerignore': null }),
      safety: 'unsafe',
      errors: [{ file: 'ledger/Dockerfile', line: 1, column: 1, endLine: 1, endColumn: 61, severity: 'warning', message: 'The build context ledger/ has no .dockerignore' }],
      outputFile: 'ledger/.dockerignore',
      output: DEFAULT,
    },
    {
      name: '.env only (not .env.local), and a negation re-including .git: the fix appends',
      files: compliantService('ledger', { '.dockerignore': '.git\n.env\n!.git' }),
      errors: [{ file: 'ledger/Dockerfile', line: 1, message: '.dockerignore does not exclude .git and .env*' }],
      outputFile: 'ledger/.dockerignore',
      output: '.git\n.env\n!.git\n.git\n.env*\n',
    },
    {
      name: 'CRLF .dockerignore keeps its line breaks; adding only .git is safe when the Dockerfile runs neither git nor make',
      files: compliantService('ledger', { '.dockerignore': '.env*\r\nbin/\r\n' }),
      safety: 'safe',
      errors: [{ file: 'ledger/Dockerfile', line: 1, message: 'does not exclude .git' }],
      outputFile: 'ledger/.dockerignore',
      output: '.env*\r\nbin/\r\n.git\r\n',
    },
    {
      name: 'each Go Dockerfile of the service is reported on its first line',
      files: compliantService('ledger', { '.dockerignore': null, 'build/dev.Dockerfile': '# syntax=docker/dockerfile:1\nFROM golang:1.24\nRUN go build ./...\n' }),
      errors: [
        { file: 'ledger/Dockerfile', line: 1 },
        { file: 'ledger/build/dev.Dockerfile', line: 1, column: 1, endColumn: 29 },
      ],
    },
    {
      name: 'suppressed for the whole Dockerfile',
      files: compliantService('ledger', { '.dockerignore': null, 'api.Dockerfile': '# container-standard ignore-file=dockerignore\nFROM golang:1.24\nRUN go build ./cmd/ledger\n' }),
      errors: [{ file: 'ledger/Dockerfile', line: 1 }],
    },
  ],
});
