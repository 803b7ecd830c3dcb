import { ruleTester } from '../../helpers';

const BUILD = 'FROM golang:1.24-bookworm AS build\nWORKDIR /src\nRUN CGO_ENABLED=0 go build -o /out/server ./cmd/server\n\n';
const DISTROLESS = 'FROM gcr.io/distroless/static-debian12:nonroot\n';

ruleTester('entrypoint-binary-exists', {
  valid: [
    `${BUILD}${DISTROLESS}COPY --from=build /out/server /server\nENTRYPOINT ["/server"]\n`,
    { name: 'copied into a folder', code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/server"]\n` },
    { name: 'relative to WORKDIR', code: `${BUILD}${DISTROLESS}WORKDIR /app\nCOPY --from=build /out/server .\nCMD ["./server"]\n` },
    { name: 'bare name found through PATH', code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /usr/local/bin/server\nENTRYPOINT ["server"]\n` },
    { name: 'a folder copy may contain it', code: `${BUILD}${DISTROLESS}COPY --from=build /out/ /app/\nENTRYPOINT ["/app/server"]\n` },
    { name: 'CMD is checked only without ENTRYPOINT', code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /server\nENTRYPOINT ["/server"]\nCMD ["--port", "8080"]\n` },
    { name: 'bases with a shell are not checked', code: `${BUILD}FROM alpine:3.20\nCOPY --from=build /out/server /server\nCMD ["nginx"]\n` },
    { name: 'variables are not guessed', code: `${BUILD}${DISTROLESS}ARG BIN\nCOPY --from=build /out/server /server\nENTRYPOINT ["$BIN"]\n` },
    { name: 'copied in a parent stage', code: `${BUILD}FROM scratch AS base\nCOPY --from=build /out/server /server\n\nFROM base\nENTRYPOINT ["/server"]\n` },
  ],
  invalid: [
    {
      name: 'wrong path: pointed at the copied go build output',
      code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /app/server\nENTRYPOINT ["/server", "--port", "8080"]\n`,
      errors: [{ line: 7, column: 13, endColumn: 22, severity: 'error', message: "Point it at the copied binary '/app/server'" }],
      output: `${BUILD}${DISTROLESS}COPY --from=build /out/server /app/server\nENTRYPOINT ["/app/server", "--port", "8080"]\n`,
    },
    {
      name: 'tini that only existed in the old base is dropped (CRLF)',
      code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /server\nENTRYPOINT ["/sbin/tini", "-s", "--", "/server", "-v"]\n`.replace(/\n/g, '\r\n'),
      errors: [{ line: 7, column: 13, endColumn: 25, message: "Drop the init wrapper and run '/server'" }],
      output: `${BUILD}${DISTROLESS}COPY --from=build /out/server /server\nENTRYPOINT ["/server", "-v"]\n`.replace(/\n/g, '\r\n'),
    },
    {
      name: 'ENTRYPOINT with only tini, the program in CMD: the ENTRYPOINT goes (not replaced by the binary, which would run it with "--")',
      code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /usr/local/bin/server\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["server", "--port", "8080"]\n`,
      errors: [{ line: 7, column: 13, endColumn: 28, message: "Drop the init wrapper: CMD then runs 'server' directly" }],
      output: `${BUILD}${DISTROLESS}COPY --from=build /out/server /usr/local/bin/server\nCMD ["server", "--port", "8080"]\n`,
    },
    {
      name: 'ENTRYPOINT with only tini and a CMD program that is missing too: no fix',
      code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /server\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["/app"]\n`,
      errors: [{ line: 7, column: 13, endColumn: 28, message: 'Drop the init wrapper and start the binary the stage copies in' }],
      output: null,
    },
    {
      name: 'tini wrapping a missing program: no guess',
      code: `${BUILD}${DISTROLESS}COPY --from=build /out/server /server\nENTRYPOINT ["/sbin/tini", "--", "/app"]\n`,
      errors: [{ line: 7, column: 13, endColumn: 25, message: 'Point it at the binary the stage copies in' }],
      output: null,
    },
    {
      name: 'relative path against the wrong WORKDIR, shell form, lowercase',
      code: `${BUILD}from scratch\nworkdir /srv\ncopy --from=build /out/server /app/server\ncmd ./server\n`,
      errors: [{ line: 8, column: 5, endColumn: 13, message: "'./server'" }],
      output: `${BUILD}from scratch\nworkdir /srv\ncopy --from=build /out/server /app/server\ncmd /app/server\n`,
    },
    {
      name: 'two binaries copied: no guess',
      code: 'FROM golang:1.24 AS build\nRUN go build -o /a ./cmd/a && go build -o /b ./cmd/b\n\nFROM scratch\nCOPY --from=build /a /a\nCOPY --from=build /b /b\nENTRYPOINT ["/c"]\n',
      errors: [{ line: 7, column: 13, endColumn: 17 }],
      output: null,
    },
    {
      name: 'nothing from a go build: no guess',
      code: `${BUILD}${DISTROLESS}COPY config.json /config.json\nENTRYPOINT ["/server"]\n`,
      errors: [{ line: 7 }],
      output: null,
    },
  ],
});
