import type { ServiceFacts } from '../types';
import { atLeast, builderGoTag, parseGoVersion } from '../goVersion';
import { DEFAULT_CHECK_TIMEOUT, DEFAULT_CHECK_TIMEOUT_SECONDS, DEFAULT_CLOSE_SECONDS, DEFAULT_PORT, DEFAULT_SHUTDOWN_DELAY_SECONDS, DEFAULT_SHUTDOWN_SECONDS, TERMINATION_GRACE_SECONDS } from './goServer';

export const RUNTIME_IMAGE = 'gcr.io/distroless/static-debian12:nonroot';
/** distroless with a busybox shell, for the `dev` target only. */
export const DEV_IMAGE = 'gcr.io/distroless/static-debian12:debug-nonroot';
/** The delve release the dev target installs (pinned: the dev image is rebuilt often). */
export const DELVE_VERSION = 'v1.27.2';
export const DELVE_PORT = 2345;
/** distroless's nonroot user, numeric so the kubelet's runAsNonRoot check and hadolint (DL3066) accept it. */
export const NONROOT_UID = 65532;
/** The container's memory limit in MiB (manifest and compose) and the Go heap limit derived from it. */
export const MEMORY_LIMIT_MIB = 512;
/** GOMEMLIMIT: 90% of the memory limit, leaving room for goroutine stacks, cgo-free runtime overhead and page cache. */
export const GOMEMLIMIT = `${Math.floor((MEMORY_LIMIT_MIB * 9) / 10)}MiB`;

/** `./cmd/api`, or `.` for a main package at the module root. */
export function buildPath(facts: ServiceFacts): string {
  return facts.mainPackage === '.' ? '.' : `./${facts.mainPackage}`;
}

export function binaryPath(facts: ServiceFacts): string {
  return `/usr/local/bin/${facts.service}`;
}

/**
 * The canonical Dockerfile. Stages: `build` (cross-compiles on the build platform), `build-dev`
 * (an unoptimised binary and delve), `dev` (the debug image: delve serving the binary, pushed as
 * `<sha>-dev`) and `prod`, the last stage, so the default target is the hardened runtime.
 */
export function dockerfile(facts: ServiceFacts): string {
  const goTag = builderGoTag(facts.goVersion);
  const bin = binaryPath(facts);
  // Before the module has dependencies there is no go.sum; the glob keeps COPY from failing.
  const moduleFiles = facts.hasGoSum ? 'go.mod go.sum' : 'go.mod go.sum*';
  const user = `${NONROOT_UID}:${NONROOT_UID}`;
  const ctx = facts.buildContext;
  const header = ctx
    ? `# ${facts.service}: cross-compiled on the build platform (no QEMU), shipped on distroless static nonroot.
# go.mod replaces modules outside this folder (${ctx.modulesFromContext.join(', ')}), so the build context is ${ctx.fromService}
# (${ctx.serviceFromContext} seen from there), and only the folders copied below reach the builder:
#   docker build -f ${ctx.serviceFromContext}/Dockerfile -t ${facts.service}:<git-sha>-v<version> ${ctx.fromService}
#   docker build -f ${ctx.serviceFromContext}/Dockerfile --target dev -t ${facts.service}:<git-sha>-dev ${ctx.fromService}`
    : `# ${facts.service}: cross-compiled on the build platform (no QEMU), shipped on distroless static nonroot.
#   docker build -t ${facts.service}:<git-sha>-v<version> .        the production image (last stage)
#   docker build --target dev -t ${facts.service}:<git-sha>-dev .  the debug image: delve on :${DELVE_PORT}`;
  const sources = ctx
    ? `WORKDIR /src
COPY ${ctx.serviceFromContext}/${moduleFiles.replace(' ', ` ${ctx.serviceFromContext}/`)} ${ctx.serviceFromContext}/
${ctx.modulesFromContext.map((m) => `COPY ${m}/go.mod ${m}/go.sum* ${m}/`).join('\n')}
WORKDIR /src/${ctx.serviceFromContext}
RUN --mount=type=cache,target=/go/pkg/mod \\
    go mod download
WORKDIR /src
COPY ${ctx.serviceFromContext}/ ${ctx.serviceFromContext}/
${ctx.modulesFromContext.map((m) => `COPY ${m}/ ${m}/`).join('\n')}
WORKDIR /src/${ctx.serviceFromContext}`
    : `WORKDIR /src
COPY ${moduleFiles} ./
RUN --mount=type=cache,target=/go/pkg/mod \\
    go mod download
COPY . .`;
  return `# syntax=docker/dockerfile:1
${header}

FROM --platform=$BUILDPLATFORM golang:${goTag}-bookworm AS build
ARG TARGETOS TARGETARCH
${sources}
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\
    go build -trimpath -ldflags="-s -w" -o /out/${facts.service} ${buildPath(facts)}

# Optimisations and inlining off, symbols kept: what a debugger needs. A cross-compiled
# go install lands in /go/bin/<os>_<arch>, a native one in /go/bin.
FROM build AS build-dev
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\
    go build -gcflags="all=-N -l" -o /out/${facts.service} ${buildPath(facts)} && \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\
    go install github.com/go-delve/delve/cmd/dlv@${DELVE_VERSION} && \\
    if [ -f "/go/bin/\${TARGETOS}_\${TARGETARCH}/dlv" ]; then cp "/go/bin/\${TARGETOS}_\${TARGETARCH}/dlv" /out/dlv; else cp /go/bin/dlv /out/dlv; fi

FROM ${DEV_IMAGE} AS dev
COPY --from=build-dev /out/${facts.service} ${bin}
COPY --from=build-dev /out/dlv /usr/local/bin/dlv
USER ${user}
EXPOSE ${DEFAULT_PORT} ${DELVE_PORT}
ENTRYPOINT ["/usr/local/bin/dlv", "exec", "--headless", "--listen=:${DELVE_PORT}", "--api-version=2", "--accept-multiclient", "--continue", "${bin}"]

FROM ${RUNTIME_IMAGE} AS prod
COPY --from=build /out/${facts.service} ${bin}
USER ${user}
EXPOSE ${DEFAULT_PORT}
ENTRYPOINT ["${bin}"]
`;
}

/** `.dockerignore`, or for a build from a parent folder BuildKit's `Dockerfile.dockerignore` beside the Dockerfile. */
export function dockerignorePath(facts: ServiceFacts): string {
  return facts.buildContext ? 'Dockerfile.dockerignore' : '.dockerignore';
}

export function dockerignore(facts: ServiceFacts): string {
  const ctx = facts.buildContext;
  if (ctx) {
    const svc = ctx.serviceFromContext;
    return `# The build context is ${ctx.fromService} (go.mod replaces modules outside the service folder); BuildKit
# reads this file beside the Dockerfile. Everything is left out but the Go sources of the service
# and of the replaced modules, and even there no secrets.
*
!${svc}/
${ctx.modulesFromContext.map((m) => `!${m}/`).join('\n')}
**/.git
**/.github
**/.env*
**/*.pem
**/*.key
**/id_rsa*
**/bin/
**/dist/
**/*.md
${svc}/deploy/
${svc}/compose.yaml
${svc}/Dockerfile
${svc}/Dockerfile.dockerignore
${svc}/Makefile
`;
  }
  return `# Keep the build context small and free of secrets: only Go sources reach the builder.
.git
.github
.env*
*.pem
*.key
id_rsa*
bin/
dist/
deploy/
compose.yaml
Dockerfile
.dockerignore
Makefile
*.md
`;
}

/** The placeholder tag: `<git-sha>-v<semver>` with an all-zero sha, so it passes the tag rule and is obviously not real. */
export const PLACEHOLDER_TAG = '0000000-v0.1.0';

export function placeholderImage(facts: ServiceFacts): string {
  return `${facts.image}:${PLACEHOLDER_TAG}`;
}

/** The readiness probe's timeoutSeconds: above READINESS_CHECK_TIMEOUT, so the app's own 503 naming a hung dependency arrives first. */
export const READINESS_PROBE_TIMEOUT_SECONDS = DEFAULT_CHECK_TIMEOUT_SECONDS + 1;

/** GOMAXPROCS follows the CPU limit by itself from Go 1.25 on (when go.mod says so); before, it is set from the limit. */
function gomaxprocsEnv(facts: ServiceFacts): string {
  const v = parseGoVersion(facts.goVersion);
  if (v && atLeast(v, 1, 25)) return '';
  return `
            # Go before 1.25 sizes GOMAXPROCS from the node's CPUs, not the limit.
            - name: GOMAXPROCS
              valueFrom:
                resourceFieldRef:
                  resource: limits.cpu
                  divisor: "1"`;
}

/**
 * deploy/k8s/deployment.yaml: Deployment, Service and PodDisruptionBudget in one file so the
 * Service is never linted alone.
 */
export function kubernetesManifests(facts: ServiceFacts): string {
  const name = facts.service;
  return `# ${name}: Deployment, Service and PodDisruptionBudget.
# The image tag is a placeholder in the standard's <git-sha>-v<semver> form; replace it with
# the tag CI pushed (the workflow and make docker-push both push <git-sha>-v<semver>).
# Shutdown: SHUTDOWN_TIMEOUT (${DEFAULT_SHUTDOWN_SECONDS}s) = SHUTDOWN_DELAY (${DEFAULT_SHUTDOWN_DELAY_SECONDS}s: /ready answers 503 while the pod is
# still served, until Kubernetes stops routing to it) + draining requests (${DEFAULT_SHUTDOWN_SECONDS - DEFAULT_SHUTDOWN_DELAY_SECONDS - DEFAULT_CLOSE_SECONDS}s) + CLOSE_TIMEOUT
# (${DEFAULT_CLOSE_SECONDS}s for closers), below terminationGracePeriodSeconds (${TERMINATION_GRACE_SECONDS}). The delay runs in the process,
# so no preStop hook is needed (distroless has no sleep binary); with a preStop sleep, set
# SHUTDOWN_DELAY to 0 and add its seconds to the grace period.
# The readiness probe's timeoutSeconds (${READINESS_PROBE_TIMEOUT_SECONDS}) stays above READINESS_CHECK_TIMEOUT (${DEFAULT_CHECK_TIMEOUT}), so a hung
# dependency yields the app's 503 naming it rather than a probe timeout.
# Left to cluster policy: a NetworkPolicy, and imagePullPolicy (tags are immutable here).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      terminationGracePeriodSeconds: ${TERMINATION_GRACE_SECONDS}
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: ${NONROOT_UID}
        runAsGroup: ${NONROOT_UID}
        seccompProfile:
          type: RuntimeDefault
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    app.kubernetes.io/name: ${name}
      containers:
        - name: ${name}
          image: ${placeholderImage(facts)}
          ports:
            - name: http
              containerPort: ${DEFAULT_PORT}
              protocol: TCP
          env:
            - name: PORT
              value: "${DEFAULT_PORT}"
            - name: SHUTDOWN_TIMEOUT
              value: ${DEFAULT_SHUTDOWN_SECONDS}s
            - name: SHUTDOWN_DELAY
              value: ${DEFAULT_SHUTDOWN_DELAY_SECONDS}s
            - name: CLOSE_TIMEOUT
              value: ${DEFAULT_CLOSE_SECONDS}s
            - name: READINESS_CHECK_TIMEOUT
              value: ${DEFAULT_CHECK_TIMEOUT}
            - name: LOG_LEVEL
              value: info
            # 90% of limits.memory: the GC works harder before the container is OOM-killed.
            - name: GOMEMLIMIT
              value: ${GOMEMLIMIT}${gomaxprocsEnv(facts)}
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
              ephemeral-storage: 64Mi
            limits:
              cpu: 500m
              memory: ${MEMORY_LIMIT_MIB}Mi
              ephemeral-storage: 128Mi
          securityContext:
            runAsNonRoot: true
            runAsUser: ${NONROOT_UID}
            runAsGroup: ${NONROOT_UID}
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            seccompProfile:
              type: RuntimeDefault
          livenessProbe:
            httpGet:
              path: /health
              port: ${DEFAULT_PORT}
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /ready
              port: ${DEFAULT_PORT}
            periodSeconds: 5
            timeoutSeconds: ${READINESS_PROBE_TIMEOUT_SECONDS}
            failureThreshold: 2
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
---
# Voluntary disruptions (node drains, cluster upgrades) take down at most one replica at a time.
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
`;
}

/** compose.yaml: a local run with the production hardening. */
export function composeFile(facts: ServiceFacts): string {
  return `# ${facts.service} for local runs, hardened like production. Secrets never go here as
# literals: put them in an untracked .env (env_file) or use compose secrets.
services:
  ${facts.service}:
    build:
      context: ${facts.buildContext ? `${facts.buildContext.fromService}\n      dockerfile: ${facts.buildContext.serviceFromContext}/Dockerfile` : '.'}
      target: prod
    image: ${facts.service}:${PLACEHOLDER_TAG}
    ports:
      - "${DEFAULT_PORT}:${DEFAULT_PORT}"
    environment:
      PORT: "${DEFAULT_PORT}"
      SHUTDOWN_TIMEOUT: ${DEFAULT_SHUTDOWN_SECONDS}s
      LOG_LEVEL: info
      GOMEMLIMIT: ${GOMEMLIMIT}
    read_only: true
    tmpfs:
      - /tmp
    security_opt:
      - no-new-privileges:true
    cap_drop:
      - ALL
    stop_grace_period: ${TERMINATION_GRACE_SECONDS}s
    deploy:
      resources:
        limits:
          cpus: "0.50"
          memory: ${MEMORY_LIMIT_MIB}M
`;
}

/** Variables the templates' own code reads (documented first, with their defaults). */
export const OWN_ENV_VARS = ['PORT', 'SHUTDOWN_TIMEOUT', 'SHUTDOWN_DELAY', 'CLOSE_TIMEOUT', 'READINESS_CHECK_TIMEOUT', 'LOG_LEVEL', 'GOMEMLIMIT'];

export function envExample(facts: ServiceFacts): string {
  const own = new Set(OWN_ENV_VARS);
  const others = (facts.envVars ?? []).filter((v) => !own.has(v));
  const read = others.length
    ? `
# Read by the service's own code (os.Getenv / os.LookupEnv); fill in safe example values.
${others.map((v) => `${v}=`).join('\n')}
`
    : '';
  return `# Configuration of ${facts.service}: environment variables only (read in internal/server/config.go).
# Copy to .env for local runs; .env is neither committed nor copied into the image.

# TCP port of the HTTP server.
PORT=${DEFAULT_PORT}
# The whole budget after SIGTERM (Go duration or seconds): SHUTDOWN_DELAY, then draining
# requests, then CLOSE_TIMEOUT; keep it below the pod's terminationGracePeriodSeconds (${TERMINATION_GRACE_SECONDS}).
SHUTDOWN_TIMEOUT=${DEFAULT_SHUTDOWN_SECONDS}s
# How long /ready answers 503 while requests are still served, so load balancers stop
# routing here before the listener closes (0 turns it off).
SHUTDOWN_DELAY=${DEFAULT_SHUTDOWN_DELAY_SECONDS}s
# The part of the budget kept for closers (database, queue consumers, log flush).
CLOSE_TIMEOUT=${DEFAULT_CLOSE_SECONDS}s
# Bound of each readiness check run by GET /ready; keep the readiness probe's timeout above it.
READINESS_CHECK_TIMEOUT=${DEFAULT_CHECK_TIMEOUT}
# debug, info, warn or error.
LOG_LEVEL=info
# Soft memory limit of the Go runtime: about 90% of the container's memory limit.
GOMEMLIMIT=${GOMEMLIMIT}
${read}`;
}
