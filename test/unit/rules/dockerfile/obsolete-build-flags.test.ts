import { ruleTester } from '../../helpers';

const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n';
const build = (run: string) => `FROM golang:1.24-bookworm AS build\n${run}\n${RUNTIME}`;

ruleTester('obsolete-build-flags', {
  valid: [
    build('RUN CGO_ENABLED=0 go build -trimpath -o /app .'),
    { name: 'another install suffix', code: build('RUN go build -installsuffix race -o /app .') },
    { name: '-a in another command', code: build('RUN ls -a && go build -o /app .') },
    { name: 'package named a', code: build('RUN go build -o /app ./a') },
    { name: 'dev stage', code: `FROM golang:1.24-bookworm AS dev\nRUN go build -a -o /x .\nFROM golang:1.24-bookworm AS build\nRUN go build -o /app .\n${RUNTIME}` },
  ],
  invalid: [
    {
      name: 'flags from a build argument are reported on the variable, without an edit there',
      code: `FROM golang:1.24-bookworm AS build\nARG GOBUILDFLAGS="-a -installsuffix cgo"\nRUN CGO_ENABLED=0 go build \${GOBUILDFLAGS} -o /app .\nFROM scratch\nCOPY --from=build /app /app\n`,
      errors: [
        { line: 3, column: 28, endColumn: 43, message: "'-a' forces a rebuild" },
        { line: 3, column: 28, endColumn: 43, message: "'-installsuffix cgo' has had no effect" },
      ],
      output: null,
    },
    {
      name: 'the classic recipe: both removed with one blank each',
      code: build('RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o /app .'),
      errors: [
        { line: 2, column: 39, endColumn: 41, severity: 'info', message: "'-a'" },
        { line: 2, column: 42, endColumn: 60, message: 'installsuffix' },
      ],
      output: 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 GOOS=linux go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
    },
    {
      name: 'joined value, at the end of the command',
      code: build('RUN go build -o /app -installsuffix=cgo'),
      errors: [{ line: 2, column: 22, endColumn: 40 }],
      output: build('RUN go build -o /app'),
    },
    {
      name: 'alone on a continuation line: the line goes',
      code: build('RUN go build \\\n    -a \\\n    -o /app .'),
      errors: [{ line: 3, column: 5, endColumn: 7 }],
      output: build('RUN go build \\\n    -o /app .'),
    },
    {
      name: 'both together alone on a continuation line: the line goes (not a line of just the escape), backtick escape',
      code: '# escape=`\n' + build('RUN go build `\n    -a -installsuffix cgo `\n    -o /out/app `\n    ./cmd/app'),
      errors: [
        { line: 4, column: 5, endColumn: 7 },
        { line: 4, column: 8, endColumn: 26 },
      ],
      output: '# escape=`\n' + build('RUN go build `\n    -o /out/app `\n    ./cmd/app'),
    },
    {
      name: 'backtick escape and CRLF, line removal',
      code: ('# escape=`\n' + build('RUN go build `\n    -installsuffix cgo `\n    -o /app .')).replace(/\n/g, '\r\n'),
      errors: [{ line: 4, column: 5, endColumn: 23 }],
      output: ('# escape=`\n' + build('RUN go build `\n    -o /app .')).replace(/\n/g, '\r\n'),
    },
    {
      name: 'exec form drops the JSON element and its comma',
      code: build('RUN ["go", "build", "-a", "-o", "/app", "."]'),
      errors: [{ line: 2, column: 21, endColumn: 25 }],
      output: build('RUN ["go", "build", "-o", "/app", "."]'),
    },
    {
      name: 'in sh -c',
      code: build('RUN sh -c "go build -a -o /app ."'),
      errors: [{ line: 2, column: 21, endColumn: 23 }],
      output: build('RUN sh -c "go build -o /app ."'),
    },
  ],
});

ruleTester('obsolete-build-flags', {
  valid: [],
  invalid: [
    {
      name: 'on Go 1.10 and newer the flags do nothing: removing them is safe',
      code: 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -a -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 2 }],
      safety: 'safe',
      output: 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    {
      name: 'on a builder below Go 1.10 they still made the static build: unsafe',
      code: 'FROM golang:1.9 AS build\nRUN CGO_ENABLED=0 go build -a -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 2 }],
      safety: 'unsafe',
      output: 'FROM golang:1.9 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    },
  ],
});
