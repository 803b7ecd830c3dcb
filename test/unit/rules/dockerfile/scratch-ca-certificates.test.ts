import { ruleTester } from '../../helpers';

const BUILD = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n';

/** kubernetes/examples guestbook-go, cut down: an unnamed golang stage copied by index into scratch. */
const GUESTBOOK = 'FROM golang:1.10.0\nRUN go get github.com/codegangsta/negroni \\\n           github.com/gorilla/mux\nWORKDIR /app\nADD ./main.go .\nRUN CGO_ENABLED=0 GOOS=linux go build -o main .\n\nFROM scratch\nWORKDIR /app\nCOPY --from=0 /app/main .\nCOPY ./public/index.html public/index.html\nCMD ["/app/main"]\nEXPOSE 3000\n';

ruleTester('scratch-ca-certificates', {
  valid: [
    `${BUILD}FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/app /app\n`,
    { name: 'whole certs folder', code: `${BUILD}FROM scratch\nCOPY --from=build /etc/ssl/certs /etc/ssl/certs\nCOPY --from=build /out/app /app\n` },
    { name: 'bundle named by SSL_CERT_FILE', code: `${BUILD}FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /certs.pem\nENV SSL_CERT_FILE=/certs.pem\n` },
    { name: 'distroless has certificates', code: `${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n` },
    { name: 'not a Go Dockerfile', code: 'FROM node:20 AS build\nRUN npm run build\nFROM scratch\nCOPY --from=build /dist /dist\n' },
  ],
  invalid: [
    {
      name: 'guestbook: the bundle comes from stage 0 (a golang image), inserted before the first COPY',
      code: GUESTBOOK,
      errors: [{ line: 8, column: 6, endColumn: 13, severity: 'warning' }],
      output: GUESTBOOK.replace('COPY --from=0 /app/main .', 'COPY --from=0 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=0 /app/main .'),
    },
    {
      name: 'inserted from the golang build stage, before the first COPY',
      code: `${BUILD}FROM scratch\nWORKDIR /app\n# the service\nCOPY --from=build /out/app /app/app\nENTRYPOINT ["/app/app"]\n`,
      errors: [{ line: 4, column: 6, endColumn: 13, severity: 'warning', message: 'x509: certificate signed by unknown authority' }],
      output: `${BUILD}FROM scratch\nWORKDIR /app\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n# the service\nCOPY --from=build /out/app /app/app\nENTRYPOINT ["/app/app"]\n`,
    },
    {
      name: 'stage referenced by index, lowercase, CRLF',
      code: 'from golang:1.24\r\nrun go build -o /app .\r\n\r\nfrom scratch\r\ncopy --from=0 /app /app\r\n',
      errors: [{ line: 4, column: 6, endColumn: 13 }],
      output: 'from golang:1.24\r\nrun go build -o /app .\r\n\r\nfrom scratch\r\ncopy --from=0 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\r\ncopy --from=0 /app /app\r\n',
    },
    {
      name: 'an alpine stage that installs ca-certificates is a source too',
      code: `${BUILD}FROM alpine:3.20 AS certs\nRUN apk add --no-cache ca-certificates\n\nFROM scratch\nCOPY --from=certs /etc/passwd /etc/passwd\n`,
      errors: [{ line: 7 }],
      output: `${BUILD}FROM alpine:3.20 AS certs\nRUN apk add --no-cache ca-certificates\n\nFROM scratch\nCOPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=certs /etc/passwd /etc/passwd\n`,
    },
    {
      name: 'a stage built on the runtime stage is covered by its finding',
      code: `${BUILD}FROM scratch AS release\nCOPY --from=build /out/app /app\n\nFROM release\n`,
      errors: [{ line: 4, column: 6, endColumn: 13 }],
      output: `${BUILD}FROM scratch AS release\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/app /app\n\nFROM release\n`,
    },
    {
      name: 'no stage known to have the bundle: no fix',
      code: `${BUILD}FROM busybox:1.36 AS files\n\nFROM scratch\nCOPY --from=files /bin/busybox /busybox\n`,
      errors: [{ line: 6 }],
      output: null,
    },
  ],
});
