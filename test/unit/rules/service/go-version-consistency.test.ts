import { compliantService, serviceRuleTester } from '../../service/helpers';

const dockerfile = (from: string, prefix = '') =>
  `${prefix}FROM ${from} AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/ledger ./cmd/ledger\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/ledger /ledger\nENTRYPOINT ["/ledger"]\n`;
const goMod = (version: string) => `module example.com/ledger\n\ngo ${version}\n`;

serviceRuleTester('go-version-consistency', {
  valid: [
    { name: 'compliant service (builder 1.24, go 1.24)', files: compliantService() },
    { name: 'builder newer than go.mod', files: compliantService('ledger', { 'go.mod': goMod('1.22'), Dockerfile: dockerfile('golang:1.25-bookworm') }) },
    { name: 'minor tag floats to the newest patch', files: compliantService('ledger', { 'go.mod': goMod('1.24.3'), Dockerfile: dockerfile('golang:1.24-alpine') }) },
    { name: 'untagged or variable builder is left to other rules', files: compliantService('ledger', { 'go.mod': goMod('1.25'), Dockerfile: dockerfile('golang:$GO') }) },
    {
      name: 'builder below the configured minimum, which satisfies go.mod: builder-go-version owns the FROM (one finding per problem)',
      files: compliantService('ledger', { 'go.mod': goMod('1.23'), Dockerfile: dockerfile('golang:1.22-alpine') }),
    },
    { name: 'no go directive', files: compliantService('ledger', { 'go.mod': 'module example.com/ledger\n', Dockerfile: dockerfile('golang:1.20') }) },
    {
      name: 'a Dockerfile of another module is judged against that module',
      files: {
        ...compliantService('ledger', { 'go.mod': goMod('1.25'), Dockerfile: dockerfile('golang:1.25-bookworm') }),
        'ledger/tools/go.mod': 'module example.com/tools\n\ngo 1.22\n',
        'ledger/tools/Dockerfile': dockerfile('golang:1.22'),
      },
    },
  ],
  invalid: [
    {
      name: 'builder below the minimum, builder-go-version switched off: this rule reports it',
      files: compliantService('ledger', { 'go.mod': goMod('1.23'), Dockerfile: dockerfile('golang:1.22-alpine') }),
      config: { rules: { 'builder-go-version': 'off' } },
      errors: [{ file: 'ledger/Dockerfile', line: 1, message: "has Go 1.22, older than 'go 1.23'" }],
      outputFile: 'ledger/Dockerfile',
      output: dockerfile('golang:1.23-alpine'),
    },
    {
      name: 'go.mod 1.25, builder 1.24: fix bumps the tag and keeps the variant',
      files: compliantService('ledger', { 'go.mod': goMod('1.25') }),
      errors: [{ file: 'ledger/Dockerfile', line: 1, column: 32, endColumn: 52, severity: 'error', message: "has Go 1.24, older than 'go 1.25' in go.mod" }],
      outputFile: 'ledger/Dockerfile',
      output: compliantService()['ledger/Dockerfile'].replace('golang:1.24-bookworm', 'golang:1.25-bookworm'),
    },
    {
      name: 'patch-pinned builder older than the go.mod patch keeps its precision',
      files: compliantService('ledger', { 'go.mod': goMod('1.24.3'), Dockerfile: dockerfile('golang:1.24.1-alpine3.20') }),
      errors: [{ file: 'ledger/Dockerfile', line: 1, column: 6, message: 'Use Go 1.24.3 or newer' }],
      outputFile: 'ledger/Dockerfile',
      output: dockerfile('golang:1.24.3-alpine3.20'),
    },
    {
      name: 'version from a global ARG: the fix edits the ARG default',
      files: compliantService('ledger', { 'go.mod': goMod('1.25.0'), Dockerfile: dockerfile('golang:${GO_VERSION}-bookworm', 'ARG GO_VERSION=1.23\n') }),
      errors: [{ file: 'ledger/Dockerfile', line: 2, column: 6 }],
      outputFile: 'ledger/Dockerfile',
      output: 'ARG GO_VERSION=1.25\nFROM golang:${GO_VERSION}-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/ledger ./cmd/ledger\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/ledger /ledger\nENTRYPOINT ["/ledger"]\n',
    },
    {
      name: 'digest-pinned builder: reported without a fix',
      files: compliantService('ledger', { 'go.mod': goMod('1.25'), Dockerfile: dockerfile(`golang:1.22@sha256:${'a'.repeat(64)}`) }),
      errors: [{ file: 'ledger/Dockerfile', line: 1 }],
      output: null,
    },
    {
      name: 'every golang stage of every Dockerfile of the service, registry mirrors included',
      files: compliantService('ledger', {
        'go.mod': goMod('1.24'),
        Dockerfile: 'FROM mirror.example.com/library/golang:1.23 AS deps\nFROM deps AS build\nRUN go build ./cmd/ledger\nFROM golang:1.21 AS test\nRUN go test ./...\nFROM scratch\n',
        'build/ci.Dockerfile': 'FROM golang:1.22\nRUN go build ./...\n',
      }),
      // A lower minimum, so that builder-go-version (which owns builders below it) stays out of the way.
      config: { minGoVersion: '1.21' },
      errors: [
        { file: 'ledger/Dockerfile', line: 1, message: 'Go 1.23' },
        { file: 'ledger/Dockerfile', line: 4, message: 'Go 1.21' },
        { file: 'ledger/build/ci.Dockerfile', line: 1, message: "older than 'go 1.24' in ../go.mod" },
      ],
    },
    {
      name: 'off in config is respected; a config severity wins',
      files: compliantService('ledger', { 'go.mod': goMod('1.25') }),
      config: { rules: { 'go-version-consistency': 'warning' } },
      errors: [{ file: 'ledger/Dockerfile', line: 1, severity: 'warning' }],
    },
  ],
});
