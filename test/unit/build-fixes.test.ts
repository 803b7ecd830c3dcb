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
    `FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nARG TARGETARCH\n` +
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
