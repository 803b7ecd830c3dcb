/**
 * The small service the service rules' examples start from: a Go module with one main package that
 * serves /health and /ready and drains on SIGTERM, its Dockerfile and .dockerignore, all as the
 * standard asks. Each example changes only the files it is about (the docs fold the rest).
 */
export const LEDGER_SERVICE: Readonly<Record<string, string>> = {
  'go.mod':
    'module example.com/ledger\n' +
    '\n' +
    'go 1.24\n',
  'cmd/ledger/main.go':
    'package main\n' +
    '\n' +
    'import "context"\n' +
    'import "net/http"\n' +
    'import "os"\n' +
    'import "os/signal"\n' +
    'import "syscall"\n' +
    'import "time"\n' +
    '\n' +
    'func main() {\n' +
    '	mux := http.NewServeMux()\n' +
    '	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {})\n' +
    '	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, _ *http.Request) {})\n' +
    '	srv := &http.Server{Addr: ":" + os.Getenv("PORT"), Handler: mux}\n' +
    '	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n' +
    '	defer stop()\n' +
    '	go srv.ListenAndServe()\n' +
    '	<-ctx.Done()\n' +
    '	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)\n' +
    '	defer cancel()\n' +
    '	_ = srv.Shutdown(shutdown)\n' +
    '}\n',
  Dockerfile:
    'FROM golang:1.24-bookworm AS build\n' +
    'WORKDIR /src\n' +
    'COPY go.mod go.sum* ./\n' +
    'RUN go mod download\n' +
    'COPY . .\n' +
    'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ledger ./cmd/ledger\n' +
    '\n' +
    'FROM gcr.io/distroless/static-debian12:nonroot\n' +
    'COPY --from=build /out/ledger /ledger\n' +
    'USER nonroot:nonroot\n' +
    'EXPOSE 8080\n' +
    'ENTRYPOINT ["/ledger"]\n',
  '.dockerignore':
    '.git\n' +
    '.env*\n',
};

/** LEDGER_SERVICE with these files changed or added (in that order, after the service's own), or removed (null). */
export function ledgerService(changes: Record<string, string | null> = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries({ ...LEDGER_SERVICE, ...changes })) if (text !== null) files[name] = text;
  return files;
}
