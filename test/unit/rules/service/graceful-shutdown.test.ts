import { compliantService, serviceRuleTester } from '../../service/helpers';

const program = (imports: string[], body: string[], extra = '') =>
  `package main\n\nimport (\n${imports.map((i) => `\t${i}`).join('\n')}\n)\n${extra}\nfunc main() {\n${body.map((l) => `\t${l}`).join('\n')}\n}\n`;
const withMain = (code: string, extra: Record<string, string | null> = {}) => compliantService('ledger', { 'cmd/ledger/main.go': code, ...extra });

serviceRuleTester('graceful-shutdown', {
  valid: [
    { name: 'compliant service (signal.NotifyContext with syscall.SIGTERM)', files: compliantService() },
    { name: 'signal.Notify with aliased imports and unix.SIGTERM', files: withMain(program(['sig "os/signal"', '"os"', '"golang.org/x/sys/unix"'], ['ch := make(chan os.Signal, 1)', 'sig.Notify(ch, os.Interrupt, unix.SIGTERM)'])) },
    { name: 'signals kept in a variable and spread', files: withMain(program(['"os"', '"os/signal"', '"syscall"'], ['sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}', 'ch := make(chan os.Signal, 1)', 'signal.Notify(ch, sigs...)'])) },
    { name: 'signal.Notify with no signal relays all of them, SIGTERM included', files: withMain(program(['"os"', '"os/signal"'], ['ch := make(chan os.Signal, 1)', 'signal.Notify(ch)'])) },
    {
      name: 'handled in a package of the module that main imports',
      files: withMain(program(['"example.com/ledger/internal/app"'], ['app.Run()']), {
        'internal/app/app.go': 'package app\n\nimport (\n\t"context"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc Run() {\n\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tdefer stop()\n\t<-ctx.Done()\n}\n',
      }),
    },
    {
      name: 'only the main packages the Dockerfile builds are judged',
      files: compliantService('ledger', { 'cmd/migrate/main.go': 'package main\n\nfunc main() {}\n' }),
    },
  ],
  invalid: [
    {
      name: 'os.Interrupt only (SIGINT)',
      files: withMain(program(['"context"', '"os"', '"os/signal"'], ['ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)', 'defer stop()', '<-ctx.Done()'])),
      errors: [
        {
          file: 'ledger/cmd/ledger/main.go',
          line: 9,
          column: 6,
          endColumn: 10,
          severity: 'warning',
          message: 'subscribes to signals at cmd/ledger/main.go:10 but not to SIGTERM',
          action: { name: 'scaffold:health', serviceRoot: 'ledger' },
        },
      ],
      output: null,
    },
    {
      name: 'no subscription at all; a comment and a string mentioning it do not count',
      files: withMain(program(['"fmt"'], ['// signal.NotifyContext(ctx, syscall.SIGTERM)', 'fmt.Println("signal.Notify(ch, syscall.SIGTERM)")'])),
      errors: [{ file: 'ledger/cmd/ledger/main.go', line: 7, column: 6, message: 'never calls signal.Notify or signal.NotifyContext for SIGTERM' }],
    },
    {
      name: 'a SIGTERM handler in a package main does not import does not count; main.go found among the package files',
      files: withMain('package main\n\nimport "example.com/ledger/internal/api"\n\nvar _ = api.X\n', {
        'cmd/ledger/run.go': 'package main\n\nfunc main() {}\n',
        'internal/api/api.go': 'package api\n\nvar X = 1\n',
        'internal/unused/sig.go': 'package unused\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc init() { signal.Notify(make(chan os.Signal, 1), syscall.SIGTERM) }\n',
      }),
      errors: [{ file: 'ledger/cmd/ledger/run.go', line: 3, column: 6 }],
    },
    {
      name: 'without a locatable build, every main package is judged',
      files: compliantService('ledger', {
        Dockerfile: 'FROM golang:1.24 AS build\nWORKDIR $SRC\nCOPY . .\nRUN go build ./cmd/ledger\nFROM scratch\n',
        'cmd/migrate/main.go': 'package main\n\nfunc main() {}\n',
      }),
      errors: [{ file: 'ledger/cmd/migrate/main.go', line: 3 }],
    },
    {
      name: 'suppressed with a Go comment above func main',
      files: withMain('package main\n\n// container-standard ignore=graceful-shutdown -- a batch job, Kubernetes Job\nfunc main() {}\n', { 'cmd/tool/main.go': 'package main\n\nfunc main() {}\n', Dockerfile: 'FROM golang:1.24 AS build\nWORKDIR $SRC\nFROM scratch\n' }),
      errors: [{ file: 'ledger/cmd/tool/main.go', line: 3 }],
    },
  ],
});
