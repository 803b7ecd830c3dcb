import { ruleTester } from '../../helpers';

const BUILD = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n';

ruleTester('scratch-user-database', {
  valid: [
    `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nUSER 65532:65532\n`,
    { name: 'named user with /etc/passwd copied in', code: `${BUILD}FROM scratch\nCOPY --from=build /etc/passwd /etc/passwd\nUSER app\n` },
    { name: 'named user and group with both files', code: `${BUILD}FROM scratch\nCOPY --from=build /etc/passwd /etc/group /etc/\nUSER app:app\n` },
    { name: 'distroless has /etc/passwd', code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot\n` },
    { name: 'no USER (runtime-nonroot-user reports that)', code: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\n` },
  ],
  invalid: [
    {
      name: 'named user without /etc/passwd',
      code: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nUSER nobody\nENTRYPOINT ["/app"]\n`,
      errors: [{ line: 6, column: 6, endColumn: 12, severity: 'error', message: 'no /etc/passwd' }],
      output: `${BUILD}FROM scratch\nCOPY --from=build /out/app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n`,
    },
    {
      name: 'named group without /etc/group (lowercase, CRLF)',
      code: 'from golang:1.24 as build\r\nrun go build -o /app .\r\nfrom scratch\r\ncopy --from=build /etc/passwd /etc/passwd\r\nuser 65532:app\r\n',
      errors: [{ line: 5, column: 6, endColumn: 15, message: 'no /etc/group' }],
      output: 'from golang:1.24 as build\r\nrun go build -o /app .\r\nfrom scratch\r\ncopy --from=build /etc/passwd /etc/passwd\r\nuser 65532:65532\r\n',
    },
    {
      name: 'USER in a parent scratch stage',
      code: `${BUILD}FROM scratch AS base\nUSER app\n\nFROM base\nCOPY --from=build /out/app /app\n`,
      errors: [{ line: 5, column: 6, endColumn: 9 }],
      output: `${BUILD}FROM scratch AS base\nUSER 65532:65532\n\nFROM base\nCOPY --from=build /out/app /app\n`,
    },
  ],
});
