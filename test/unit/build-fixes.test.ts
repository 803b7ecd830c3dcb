import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fix, lint, describeFinding } from './helpers';

// The build rules all edit the same `go build` line; their fixes must combine over the --fix passes.
const BUILD_RULES = [
  'builder-go-version', 'cgo-disabled', 'go-build-cache-mounts', 'module-download-layer', 'no-secrets-in-image',
  'obsolete-build-flags', 'reproducible-build', 'strip-debug-symbols', 'target-platform', 'upx-compression',
];
const RUNTIME = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
const MOUNTS = '--mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build';

function fixesCombine(name: string, input: string, expected: string): void {
  it(name, () => {
    const fixed = fix(input, { rules: BUILD_RULES });
    assert.equal(fixed, expected);
    const left = lint(fixed, { rules: BUILD_RULES }).filter((f) => f.fix);
    assert.deepEqual(left.map(describeFinding), [], 'fixable findings left after --fix');
    assert.equal(fix(fixed, { rules: BUILD_RULES }), fixed, 'a second --fix changes nothing');
    const before = new Set(lint(input).map((f) => f.ruleId));
    const introduced = lint(fixed).filter((f) => !before.has(f.ruleId));
    assert.deepEqual(introduced.map(describeFinding), [], 'the fixes introduced findings of other rules');
  });
}

describe('build rule fixes applied together', () => {
  fixesCombine(
    'a bare go build becomes the standard builder line',
    `FROM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN go build -o /app ./cmd/api\n${RUNTIME}`,
    `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nARG TARGETOS TARGETARCH\n` +
      `RUN ${MOUNTS} CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /app ./cmd/api\n${RUNTIME}`,
  );

  fixesCombine(
    'an old builder with COPY . . first and the pre-1.10 static recipe',
    `FROM golang:1.21-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o /app ./cmd/api\n${RUNTIME}`,
    `FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build\nWORKDIR /src\nCOPY go.mod go.sum* ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nARG TARGETARCH\n` +
      `RUN ${MOUNTS} CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /app ./cmd/api\n${RUNTIME}`,
  );

  fixesCombine(
    'CRLF, lowercase, continuation lines and an existing -ldflags',
    `from golang:1.24-bookworm as build\nrun go build \\\n    -ldflags="-X main.version=1.0" \\\n    -a \\\n    -o /app .\n${RUNTIME}`.replace(/\n/g, '\r\n'),
    `from --platform=$BUILDPLATFORM golang:1.24-bookworm as build\narg TARGETOS TARGETARCH\nrun ${MOUNTS} CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath \\\n    -ldflags="-s -w -X main.version=1.0" \\\n    -o /app .\n${RUNTIME}`.replace(/\n/g, '\r\n'),
  );

  fixesCombine(
    'exec form',
    `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nRUN ["go", "build", "-o", "/app", "."]\n${RUNTIME}`,
    `FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build\nENV CGO_ENABLED=0\nARG TARGETOS TARGETARCH\nENV GOOS=$TARGETOS GOARCH=$TARGETARCH\n` +
      `RUN ${MOUNTS} ["go", "build", "-trimpath", "-ldflags=-s -w", "-o", "/app", "."]\n${RUNTIME}`,
  );
});

/** Whole files with every rule's fix: the result must still build, keep comments and leave nothing fixable. */
function allFixesCombine(name: string, input: string, expected: string): void {
  it(name, () => {
    const fixed = fix(input);
    assert.equal(fixed, expected);
    assert.deepEqual(lint(fixed).map(describeFinding), [], 'findings left after --fix');
    assert.equal(fix(fixed), fixed, 'a second --fix changes nothing');
  });
}

describe('all fixes on real-world files', () => {
  allFixesCombine(
    "docker init's Go template: bind-mounted go.mod, alpine runtime with apk and adduser",
    `# syntax=docker/dockerfile:1

# Comments are provided throughout this file to help you get started.
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION} AS build
WORKDIR /src

# Download dependencies as a separate step to take advantage of Docker's caching.
RUN --mount=type=cache,target=/go/pkg/mod/ \\
    --mount=type=bind,source=go.sum,target=go.sum \\
    --mount=type=bind,source=go.mod,target=go.mod \\
    go mod download -x

# This is the architecture you're building for, which is passed in by the builder.
ARG TARGETARCH

# Build the application.
RUN --mount=type=cache,target=/go/pkg/mod/ \\
    --mount=type=bind,target=. \\
    CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /bin/server .

################################################################################
FROM alpine:latest AS final

# Install any runtime dependencies that are needed to run your application.
RUN --mount=type=cache,target=/var/cache/apk \\
    apk --update add \\
        ca-certificates \\
        tzdata \\
        && \\
        update-ca-certificates

# Create a non-privileged user that the app will run under.
ARG UID=10001
RUN adduser \\
    --disabled-password \\
    --gecos "" \\
    --home "/nonexistent" \\
    --shell "/sbin/nologin" \\
    --no-create-home \\
    --uid "\${UID}" \\
    appuser
USER appuser

# Copy the executable from the "build" stage.
COPY --from=build /bin/server /bin/

# Expose the port that the application listens on.
EXPOSE 8080

# What the container should run when it is started.
ENTRYPOINT [ "/bin/server" ]
`,
    `# syntax=docker/dockerfile:1

# Comments are provided throughout this file to help you get started.
ARG GO_VERSION=1.24
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION} AS build
WORKDIR /src

# Download dependencies as a separate step to take advantage of Docker's caching.
RUN --mount=type=cache,target=/go/pkg/mod/ \\
    --mount=type=bind,source=go.sum,target=go.sum \\
    --mount=type=bind,source=go.mod,target=go.mod \\
    go mod download -x

# This is the architecture you're building for, which is passed in by the builder.
ARG TARGETARCH

ARG TARGETOS
# Build the application.
RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod/ \\
    --mount=type=bind,target=. \\
    CGO_ENABLED=0 GOARCH=$TARGETARCH GOOS=$TARGETOS go build -trimpath -ldflags="-s -w" -o /bin/server .

################################################################################
FROM gcr.io/distroless/static-debian12:nonroot AS final

# Install any runtime dependencies that are needed to run your application.

# Create a non-privileged user that the app will run under.
ARG UID=10001
USER nonroot:nonroot

# Copy the executable from the "build" stage.
COPY --from=build /bin/server /bin/

# Expose the port that the application listens on.
EXPOSE 8080

# What the container should run when it is started.
ENTRYPOINT [ "/bin/server" ]
`,
  );
  allFixesCombine(
    'stefanprodan/podinfo: COPY . . first, -a, two builds, alpine runtime with users and chown',
    `FROM golang:1.26-alpine AS builder

ARG REVISION

RUN mkdir -p /podinfo/

WORKDIR /podinfo

COPY . .

RUN go mod download

RUN CGO_ENABLED=0 go build -ldflags "-s -w \\
    -X github.com/stefanprodan/podinfo/pkg/version.REVISION=\${REVISION}" \\
    -a -o bin/podinfo cmd/podinfo/*

RUN CGO_ENABLED=0 go build -ldflags "-s -w \\
    -X github.com/stefanprodan/podinfo/pkg/version.REVISION=\${REVISION}" \\
    -a -o bin/podcli cmd/podcli/*

FROM alpine:3.24

ARG BUILD_DATE
ARG VERSION
ARG REVISION

LABEL maintainer="stefanprodan"

RUN addgroup -S app \\
    && adduser -S -G app app \\
    && apk --no-cache add \\
    ca-certificates curl netcat-openbsd

WORKDIR /home/app

COPY --from=builder /podinfo/bin/podinfo .
COPY --from=builder /podinfo/bin/podcli /usr/local/bin/podcli
COPY ./ui ./ui
RUN chown -R app:app ./

USER app

CMD ["./podinfo"]
`,
    `FROM --platform=$BUILDPLATFORM golang:1.26-alpine AS builder

ARG REVISION

RUN mkdir -p /podinfo/

WORKDIR /podinfo

COPY go.mod go.sum* ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .

RUN --mount=type=cache,target=/go/pkg/mod go mod download

ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags "-s -w \\
    -X github.com/stefanprodan/podinfo/pkg/version.REVISION=\${REVISION}" \\
    -o bin/podinfo cmd/podinfo/*

RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags "-s -w \\
    -X github.com/stefanprodan/podinfo/pkg/version.REVISION=\${REVISION}" \\
    -o bin/podcli cmd/podcli/*

FROM gcr.io/distroless/static-debian12:nonroot

ARG BUILD_DATE
ARG VERSION
ARG REVISION

LABEL maintainer="stefanprodan"

# Distroless has no package manager, so these packages are not installed here: if the service needs them, COPY them (and their libraries) in from another stage, or keep a base that has them.
# RUN addgroup -S app \\
#     && adduser -S -G app app \\
#     && apk --no-cache add \\
#     ca-certificates curl netcat-openbsd

WORKDIR /home/app

COPY --from=builder /podinfo/bin/podinfo .
COPY --from=builder /podinfo/bin/podcli /usr/local/bin/podcli
COPY ./ui ./ui

USER nonroot:nonroot

CMD ["./podinfo"]
`,
  );
});
