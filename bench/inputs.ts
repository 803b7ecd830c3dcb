// Generated benchmark inputs.

/** The standard's canonical Dockerfile (what the scaffolding writes). */
export function canonicalDockerfile(): string {
  return [
    '# syntax=docker/dockerfile:1',
    'FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build',
    'ARG TARGETOS TARGETARCH',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    'RUN --mount=type=cache,target=/go/pkg/mod \\',
    '    --mount=type=cache,target=/root/.cache/go-build \\',
    '    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\',
    '    go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/app /app',
    'USER nonroot:nonroot',
    'EXPOSE 8080',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\n');
}

function deployment(i: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: svc-${i}`,
    'spec:',
    '  selector:',
    '    matchLabels:',
    `      app: svc-${i}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: svc-${i}`,
    '    spec:',
    '      containers:',
    `        - name: svc-${i}`,
    `          image: ghcr.io/acme/svc-${i}:0a1b2c3-v1.2.${i}`,
    '          ports:',
    '            - containerPort: 8080',
    '          resources:',
    '            requests: { cpu: 100m, memory: 128Mi }',
    '            limits: { cpu: 500m, memory: 512Mi }',
  ].join('\n');
}

/** A multi-document manifest with one Deployment (one container) per document. */
export function manifestWithContainers(n: number): string {
  return Array.from({ length: n }, (_, i) => deployment(i)).join('\n---\n') + '\n';
}

/**
 * A Go Dockerfile of about `lines` lines: repeated builder stages with continued RUNs. A different
 * `salt` gives different RUN scripts, so repeated runs measure cold work, not the script cache.
 */
export function scaledDockerfile(lines: number, salt = ''): string {
  const out: string[] = [];
  let i = 0;
  while (out.length < lines) {
    out.push(`FROM golang:1.24-bookworm AS build${i}`, 'WORKDIR /src', 'COPY . .', 'RUN apt-get update && \\', '    apt-get install -y git && \\', `    CGO_ENABLED=0 go build -o /out/app${i}${salt} ./cmd/app${i}`, '');
    i++;
  }
  out.push('FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build0 /out/app0 /app', 'USER nonroot:nonroot', 'ENTRYPOINT ["/app"]', '');
  return out.join('\n');
}

/** A multi-document manifest of about `lines` lines; `salt` makes every document new (no cache hits). */
export function scaledManifest(lines: number, salt = ''): string {
  const per = deployment(0).split('\n').length + 1;
  const text = manifestWithContainers(Math.max(1, Math.round(lines / per)));
  return salt ? text.replace(/^kind: Deployment$/gm, `kind: Deployment # ${salt}`) : text;
}
