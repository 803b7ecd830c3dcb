import type { ServiceFacts } from '../types';
import { builderGoTag } from '../goVersion';
import { DEFAULT_PORT } from './goServer';

export const RUNTIME_IMAGE = 'gcr.io/distroless/static-debian12:nonroot';
/** distroless with a busybox shell, for the `dev` target only. */
export const DEV_IMAGE = 'gcr.io/distroless/static-debian12:debug-nonroot';

/** `./cmd/api`, or `.` for a main package at the module root. */
export function buildPath(facts: ServiceFacts): string {
  return facts.mainPackage === '.' ? '.' : `./${facts.mainPackage}`;
}

export function binaryPath(facts: ServiceFacts): string {
  return `/usr/local/bin/${facts.service}`;
}

/**
 * The canonical Dockerfile. Stages: `build` (cross-compiles on the build platform), `dev`
 * (same binary on distroless's debug image, with a shell; pushed as `<sha>-dev`) and `prod`,
 * the last stage, so the default target is the hardened runtime.
 */
export function dockerfile(facts: ServiceFacts): string {
  const goTag = builderGoTag(facts.goVersion);
  const bin = binaryPath(facts);
  // Before the module has dependencies there is no go.sum; the glob keeps COPY from failing.
  const moduleFiles = facts.hasGoSum ? 'go.mod go.sum' : 'go.mod go.sum*';
  return `# syntax=docker/dockerfile:1
# ${facts.service}: cross-compiled on the build platform (no QEMU), shipped on distroless static nonroot.
#   docker build -t ${facts.service}:<git-sha>-v<version> .        the production image (last stage)
#   docker build --target dev -t ${facts.service}:<git-sha>-dev .  the same binary with a busybox shell

FROM --platform=$BUILDPLATFORM golang:${goTag}-bookworm AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY ${moduleFiles} ./
RUN --mount=type=cache,target=/go/pkg/mod \\
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\
    go build -trimpath -ldflags="-s -w" -o /out/${facts.service} ${buildPath(facts)}

FROM ${DEV_IMAGE} AS dev
COPY --from=build /out/${facts.service} ${bin}
USER nonroot:nonroot
EXPOSE ${DEFAULT_PORT}
ENTRYPOINT ["${bin}"]

FROM ${RUNTIME_IMAGE} AS prod
COPY --from=build /out/${facts.service} ${bin}
USER nonroot:nonroot
EXPOSE ${DEFAULT_PORT}
ENTRYPOINT ["${bin}"]
`;
}

export function dockerignore(_facts: ServiceFacts): string {
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

/** deploy/k8s/deployment.yaml: Deployment + Service in one file so the Service is never linted alone. */
export function kubernetesManifests(facts: ServiceFacts): string {
  const name = facts.service;
  return `# ${name}: Deployment and Service.
# The image tag is a placeholder in the standard's <git-sha>-v<semver> form; replace it with
# the tag CI pushed (make docker-push prints it). SHUTDOWN_TIMEOUT (25s) stays below
# terminationGracePeriodSeconds (30) so the service always drains before it is killed.
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
      terminationGracePeriodSeconds: 30
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        runAsGroup: 65532
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
              value: 25s
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 512Mi
          securityContext:
            runAsNonRoot: true
            runAsUser: 65532
            runAsGroup: 65532
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
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /ready
              port: ${DEFAULT_PORT}
            periodSeconds: 5
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
`;
}

/** compose.yaml: a local run with the production hardening. */
export function composeFile(facts: ServiceFacts): string {
  return `# ${facts.service} for local runs, hardened like production. Secrets never go here as
# literals: put them in an untracked .env (env_file) or use compose secrets.
services:
  ${facts.service}:
    build:
      context: .
      target: prod
    image: ${facts.service}:${PLACEHOLDER_TAG}
    ports:
      - "${DEFAULT_PORT}:${DEFAULT_PORT}"
    environment:
      PORT: "${DEFAULT_PORT}"
      SHUTDOWN_TIMEOUT: 25s
      LOG_LEVEL: info
    read_only: true
    tmpfs:
      - /tmp
    security_opt:
      - no-new-privileges:true
    cap_drop:
      - ALL
    stop_grace_period: 30s
    deploy:
      resources:
        limits:
          cpus: "0.50"
          memory: 512M
`;
}

export function envExample(facts: ServiceFacts): string {
  return `# Configuration of ${facts.service}: environment variables only (read in internal/server/config.go).
# Copy to .env for local runs; .env is neither committed nor copied into the image.

# TCP port of the HTTP server.
PORT=${DEFAULT_PORT}
# Budget for draining requests and closing dependencies after SIGTERM (Go duration or seconds);
# keep it below the pod's terminationGracePeriodSeconds (30).
SHUTDOWN_TIMEOUT=25s
# Bound of each readiness check run by GET /ready.
READINESS_CHECK_TIMEOUT=2s
# debug, info, warn or error.
LOG_LEVEL=info
`;
}
