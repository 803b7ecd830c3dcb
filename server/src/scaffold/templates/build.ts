import type { ServiceFacts } from '../types';
import { buildPath } from './container';
import { makeRecipes } from './text';

export const WORKFLOW_PATH = '.github/workflows/publish-ghcr.yml';

/** Makefile with the targets `makefile-targets` asks for; tags are `<git-sha>-v<VERSION>`. */
export function makefile(facts: ServiceFacts): string {
  return makeRecipes(`# ${facts.service}: build, test and publish. Image tags follow the standard: <git-sha>-v<VERSION>.
SERVICE   ?= ${facts.service}
IMAGE     ?= ${facts.image}
VERSION   ?= 0.1.0
GIT_SHA   := $(shell git rev-parse --short HEAD 2>/dev/null || echo 0000000)
TAG       ?= $(GIT_SHA)-v$(VERSION)
PLATFORMS ?= linux/amd64,linux/arm64

.PHONY: build test lint docker-build docker-push

build:
  CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/$(SERVICE) ${buildPath(facts)}

test:
  go test -race ./...

lint:
  @unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
  go vet ./...

docker-build:
  docker build -t $(IMAGE):$(TAG) .

# Multi-arch through the Dockerfile's $$BUILDPLATFORM cross-compilation: no QEMU needed.
docker-push:
  docker buildx build --platform $(PLATFORMS) -t $(IMAGE):$(TAG) --push .
  @echo "pushed $(IMAGE):$(TAG)"
`);
}

/**
 * `.github/workflows/publish-ghcr.yml`: pull requests build and scan amd64 without pushing;
 * main pushes `<sha>` (prod) and `<sha>-dev` (dev target); `v*` tags push prod tagged like the
 * git tag. The scan gates every push.
 */
export function workflow(facts: ServiceFacts): string {
  const inRoot = facts.serviceDirFromRepoRoot === '.';
  const context = inRoot ? '.' : facts.serviceDirFromRepoRoot;
  const imageExpr = inRoot ? 'ghcr.io/${GITHUB_REPOSITORY,,}' : `ghcr.io/\${GITHUB_REPOSITORY,,}/${facts.service}`;
  const paths = inRoot ? '' : `\n    paths:\n      - '${facts.serviceDirFromRepoRoot}/**'\n      - '${WORKFLOW_PATH}'`;
  const build = (extra: string) => `        uses: docker/build-push-action@v6
        with:
          context: ${context}
          file: ${inRoot ? 'Dockerfile' : `${context}/Dockerfile`}
${extra}`;
  return `# Container images of ${facts.service} on GitHub Container Registry.
#   pull requests: build linux/amd64 and scan it, push nothing
#   main:          push <sha> (prod target) and <sha>-dev (dev target)
#   tags v*:       push the prod target tagged like the git tag (v1.2.3)
# Multi-arch images cross-compile through $BUILDPLATFORM in the Dockerfile, so no QEMU.
# The Trivy scan fails the job on HIGH or CRITICAL vulnerabilities before anything is pushed.
name: Container

on:
  pull_request:${paths}
  push:
    branches: [main]
    tags: ['v*']${paths}

permissions:
  contents: read

concurrency:
  group: container-\${{ github.ref }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}

jobs:
  image:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: actions/checkout@v4

      - name: Image name and tags
        id: meta
        run: |
          echo "image=${imageExpr}" >> "$GITHUB_OUTPUT"
          echo "sha=\${GITHUB_SHA::7}" >> "$GITHUB_OUTPUT"

      - uses: docker/setup-buildx-action@v3

      - name: Build linux/amd64 for the scan (not pushed)
${build(`          target: prod
          platforms: linux/amd64
          load: true
          tags: \${{ steps.meta.outputs.image }}:scan
          cache-from: type=gha
          cache-to: type=gha,mode=max`)}

      - name: Scan the image (fails on HIGH or CRITICAL)
        uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: \${{ steps.meta.outputs.image }}:scan
          severity: HIGH,CRITICAL
          exit-code: '1'

      - name: Log in to ghcr.io
        if: github.event_name == 'push'
        uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}

      - name: Push <sha> (prod target)
        if: github.event_name == 'push' && github.ref == 'refs/heads/main'
${build(`          target: prod
          platforms: linux/amd64,linux/arm64
          push: true
          tags: \${{ steps.meta.outputs.image }}:\${{ steps.meta.outputs.sha }}
          cache-from: type=gha`)}

      - name: Push <sha>-dev (dev target)
        if: github.event_name == 'push' && github.ref == 'refs/heads/main'
${build(`          target: dev
          platforms: linux/amd64,linux/arm64
          push: true
          tags: \${{ steps.meta.outputs.image }}:\${{ steps.meta.outputs.sha }}-dev
          cache-from: type=gha`)}

      - name: Push the release tag (prod target)
        if: github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')
${build(`          target: prod
          platforms: linux/amd64,linux/arm64
          push: true
          tags: \${{ steps.meta.outputs.image }}:\${{ github.ref_name }}
          cache-from: type=gha`)}
`;
}
