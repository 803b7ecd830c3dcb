import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
const build = (lines: string) => `FROM golang:1.24-bookworm AS build\n${lines}\n${RUNTIME}`;

ruleTester('upx-compression', {
  valid: [
    build('RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /app .'),
    { name: 'mentioned, not run', code: build('RUN echo upx && go build -o /app .') },
    { name: 'dev stage', code: `FROM golang:1.24-bookworm AS devtools\nRUN upx /x\nFROM golang:1.24-bookworm AS build\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'stage that does not reach the runtime image', code: `FROM golang:1.24-bookworm AS packed\nRUN go build -o /app . && upx /app\nFROM golang:1.24-bookworm AS build\nRUN go build -o /app .\n${RUNTIME}` },
    { name: 'not a Go Dockerfile', code: 'FROM alpine:3.20\nRUN apk add upx && upx /usr/bin/tool\n' },
  ],
  invalid: [
    {
      name: 'chained after the build, with flags',
      code: build('RUN apt-get update && apt-get install -y upx-ucl && go build -o /app . && upx --best --lzma /app'),
      errors: [{ line: 2, column: 75, endColumn: 78, severity: 'info', message: 'UPX' }],
      output: null,
    },
    {
      name: 'by path, on a continuation line, CRLF',
      code: build('RUN go build -o /app . \\\n && /usr/bin/upx -9 /app').replace(/\n/g, '\r\n'),
      errors: [{ line: 3, column: 5, endColumn: 17 }],
    },
    {
      name: 'in a heredoc and in sh -c',
      code: build('RUN <<EOF\ngo build -o /app .\nupx /app\nEOF\nRUN sh -c "upx -t /app"'),
      errors: [{ line: 4, column: 1, endColumn: 4 }, { line: 6, column: 12, endColumn: 15 }],
    },
  ],
});
