import * as path from 'node:path';
import type { ServiceFacts } from '../types';
import { buildPath } from './container';
import { makeRecipes } from './text';

export const WORKFLOW_PATH = '.github/workflows/publish-ghcr.yml';

/**
 * Third-party actions pinned by full commit SHA (GitHub's hardening guide: a tag can be moved, as
 * trivy-action's were in March 2026), with the release in a comment. The SHAs were read from each
 * action's repository (`git rev-parse '<tag>^{commit}'`).
 */
export const PINNED_ACTIONS = {
  checkout: { repo: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  setupNode: { repo: 'actions/setup-node', sha: '820762786026740c76f36085b0efc47a31fe5020', version: 'v7.0.0' },
  uploadSarif: { repo: 'github/codeql-action/upload-sarif', sha: '8aad20d150bbac5944a9f9d289da16a4b0d87c1e', version: 'v4.36.2' },
  setupBuildx: { repo: 'docker/setup-buildx-action', sha: '37fe631027851001ddb9b187196cc803df7f5f0e', version: 'v4.3.0' },
  buildPush: { repo: 'docker/build-push-action', sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', version: 'v7.3.0' },
  login: { repo: 'docker/login-action', sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121', version: 'v4.1.0' },
  trivy: { repo: 'aquasecurity/trivy-action', sha: 'ed142fd0673e97e23eac54620cfb913e5ce36c25', version: 'v0.36.0' },
} as const;

function uses(action: keyof typeof PINNED_ACTIONS): string {
  const a = PINNED_ACTIONS[action];
  return `${a.repo}@${a.sha} # ${a.version}`;
}

/** The version of go-container-standard the workflow's lint job runs (npx, pinned). */
export const LINT_CLI_PACKAGE = 'go-container-standard';

/** Makefile with the targets `makefile-targets` asks for; tags are `<git-sha>-v<VERSION>`. */
export function makefile(facts: ServiceFacts): string {
  // From a parent folder when go.mod replaces modules outside this one (see the Dockerfile).
  const dockerArgs = facts.buildContext ? ' -f Dockerfile' : '';
  const dockerContext = facts.buildContext ? facts.buildContext.fromService : '.';
  return makeRecipes(`# ${facts.service}: build, test and publish. Image tags follow the standard: <git-sha>-v<VERSION>,
# like the container workflow's (VERSION: the latest v* git tag, else 0.1.0).
SERVICE   ?= ${facts.service}
IMAGE     ?= ${facts.image}
VERSION   ?= $(or $(patsubst v%,%,$(shell git describe --tags --match 'v[0-9]*' --abbrev=0 2>/dev/null)),0.1.0)
GIT_SHA   := $(shell git rev-parse --short=7 HEAD 2>/dev/null || echo 0000000)
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
  docker build${dockerArgs} -t $(IMAGE):$(TAG) ${dockerContext}

# Multi-arch through the Dockerfile's $$BUILDPLATFORM cross-compilation: no QEMU needed.
docker-push:
  docker buildx build${dockerArgs} --platform $(PLATFORMS) -t $(IMAGE):$(TAG) --push ${dockerContext}
  @echo "pushed $(IMAGE):$(TAG)"
`);
}

/**
 * `.github/workflows/publish-ghcr.yml` (`publish-ghcr-<service>.yml` below the repository root):
 * a `lint` job runs go-container-standard on the service (SARIF to code scanning where it is
 * enabled, workflow annotations always), then the `image` job: pull requests build and scan amd64
 * without pushing; main pushes `<sha>-v<version>` (prod) and `<sha>-v<version>-dev` (dev target);
 * `v*` tags push `<sha>-v<tag>`. Every tag matches `k8s-image-tag`'s default pattern, so it can go
 * into the manifests as is. The scan gates every push. The image is the same as the Makefile's and
 * the Deployment's (`--image`).
 */
export function workflow(facts: ServiceFacts, cliVersion: string): string {
  const inRoot = facts.serviceDirFromRepoRoot === '.';
  const serviceDir = inRoot ? '.' : facts.serviceDirFromRepoRoot;
  const ctx = facts.buildContext;
  // The replaced modules, seen from the repository root (for the paths filter).
  const modules = ctx ? ctx.modulesFromContext.map((m) => path.posix.normalize(`${ctx.fromRepoRoot}/${m}`)) : [];
  const context = ctx ? ctx.fromRepoRoot : serviceDir;
  const dockerfilePath = inRoot ? 'Dockerfile' : `${serviceDir}/Dockerfile`;
  const file = workflowFileName(facts);
  const paths = inRoot ? '' : `\n    paths:\n      - '${facts.serviceDirFromRepoRoot}/**'${modules.map((m) => `\n      - '${m}/**'`).join('')}\n      - '.github/workflows/${file}'`;
  const lintCli = `npx --yes ${LINT_CLI_PACKAGE}@${cliVersion}`;
  const build = (extra: string) => `        uses: ${uses('buildPush')}
        with:
          context: ${context}
          file: ${dockerfilePath}
${extra}`;
  return `# Container images of ${facts.service} on GitHub Container Registry.
#   every run:     go-container-standard lints the service's container files first (annotations
#                  on the pull request; SARIF to code scanning where it is enabled)
#   pull requests: build linux/amd64 and scan it, push nothing
#   main:          push <sha>-v<version> (prod target) and <sha>-v<version>-dev (dev target),
#                  <version> being the latest v* tag (0.1.0 before the first)
#   tags v*:       push the prod target as <sha>-v<tag>
# Every tag has the standard's <git-sha>-v<semver> form (k8s-image-tag), so the manifests take it as is.
# Multi-arch images cross-compile through $BUILDPLATFORM in the Dockerfile, so no QEMU.
# The Trivy scan fails the job on HIGH or CRITICAL vulnerabilities before anything is pushed.
# Actions are pinned by commit SHA (the release in the comment): update them with Dependabot.
name: Container (${facts.service})

on:
  pull_request:${paths}
  push:
    branches: [main]
    tags: ['v*']${paths}

permissions:
  contents: read

concurrency:
  group: container-${facts.service}-\${{ github.ref }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}

env:
  # The same image as the Makefile's IMAGE and the Deployment's.
  IMAGE: ${facts.image}

jobs:
  lint:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: ${uses('checkout')}
        with:
          persist-credentials: false

      - uses: ${uses('setupNode')}
        with:
          node-version: 22

      - name: go-container-standard lint (SARIF report)
        run: ${lintCli} lint --format sarif --exit-zero --output-file "$RUNNER_TEMP/go-container-standard.sarif" ${serviceDir}

      - name: Upload to code scanning (where it is enabled)
        uses: ${uses('uploadSarif')}
        continue-on-error: true
        with:
          sarif_file: \${{ runner.temp }}/go-container-standard.sarif
          category: go-container-standard-${facts.service}

      - name: go-container-standard lint (annotations; fails on errors)
        run: ${lintCli} lint --format github ${serviceDir}

  image:
    needs: lint
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: ${uses('checkout')}
        with:
          fetch-depth: 0
          persist-credentials: false

      - name: Image tag (<sha>-v<version>)
        id: meta
        run: |
          if [[ "$GITHUB_REF" == refs/tags/v* ]]; then
            version="$GITHUB_REF_NAME"
          else
            version="$(git describe --tags --match 'v[0-9]*' --abbrev=0 2>/dev/null || echo v0.1.0)"
          fi
          echo "tag=\${GITHUB_SHA::7}-v\${version#v}" >> "$GITHUB_OUTPUT"

      - uses: ${uses('setupBuildx')}

      - name: Build linux/amd64 for the scan (not pushed)
${build(`          target: prod
          platforms: linux/amd64
          load: true
          tags: \${{ env.IMAGE }}:scan
          cache-from: type=gha
          cache-to: type=gha,mode=max`)}

      - name: Scan the image (fails on HIGH or CRITICAL)
        uses: ${uses('trivy')}
        with:
          image-ref: \${{ env.IMAGE }}:scan
          severity: HIGH,CRITICAL
          exit-code: '1'

      - name: Log in to ghcr.io
        if: github.event_name == 'push'
        uses: ${uses('login')}
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}

      - name: Push <sha>-v<version> (prod target)
        if: github.event_name == 'push'
${build(`          target: prod
          platforms: linux/amd64,linux/arm64
          push: true
          tags: \${{ env.IMAGE }}:\${{ steps.meta.outputs.tag }}
          cache-from: type=gha`)}

      - name: Push <sha>-v<version>-dev (dev target)
        if: github.event_name == 'push' && github.ref == 'refs/heads/main'
${build(`          target: dev
          platforms: linux/amd64,linux/arm64
          push: true
          tags: \${{ env.IMAGE }}:\${{ steps.meta.outputs.tag }}-dev
          cache-from: type=gha`)}
`;
}

/** `publish-ghcr.yml` at the repository root, `publish-ghcr-<service>.yml` for a service below it. */
export function workflowFileName(facts: ServiceFacts): string {
  const base = WORKFLOW_PATH.slice(WORKFLOW_PATH.lastIndexOf('/') + 1);
  return facts.serviceDirFromRepoRoot === '.' ? base : base.replace(/\.yml$/, `-${facts.service}.yml`);
}
