// The Go service the editor tests open (services.test.ts over LSP, neovim.test.ts in a real
// Neovim): its Dockerfile builds with Go 1.24 while go.mod says 1.25, and it has no .dockerignore,
// so the service rules have something to say at once.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ORDERS_DOCKERFILE = `FROM golang:1.24-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders ./cmd/orders

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
USER nonroot:nonroot
ENTRYPOINT ["/orders"]
`;

/** Writes `orders/` (go.mod, cmd/orders/main.go without health handlers, the Dockerfile) and an empty `deploy/` under `root`. */
export function writeOrdersService(root: string): void {
  const svc = path.join(root, 'orders');
  fs.mkdirSync(path.join(svc, 'cmd', 'orders'), { recursive: true });
  fs.writeFileSync(path.join(svc, 'go.mod'), 'module example.com/orders\n\ngo 1.25\n');
  fs.writeFileSync(path.join(svc, 'cmd', 'orders', 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n');
  fs.writeFileSync(path.join(svc, 'Dockerfile'), ORDERS_DOCKERFILE);
  fs.mkdirSync(path.join(root, 'deploy'), { recursive: true });
}
