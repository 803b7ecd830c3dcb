import type { Rule } from '../../types';
import { baseImageOf, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { effectiveUser, isRootUser } from '../../dockerfile/instructions';
import { imageDefaultUserIsRoot, isMinimalImage, isWindowsImage, type ImageRef } from '../../dockerfile/image';
import { isAllowedRuntimeImage, PREFERRED_RUNTIME_IMAGE } from '../../config';
import { compilesInRuntime, distrolessRewrite, inheritsRuntimeStage } from '../../dockerfile/runtime';

export const runtimeDistrolessNonroot: Rule<DockerfileModel> = {
  id: 'runtime-distroless-nonroot',
  target: 'dockerfile',
  meta: {
    description: 'The runtime stage is built on an allowed minimal image (by default distroless static nonroot, Chainguard static or scratch).',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Unsafe: it replaces the base image the author chose, sets a non-root USER and turns package installs and other RUN steps into comments: the program may need those packages, tools or root.',
    why:
      'A static Go binary needs no shell, package manager or libc: every extra tool in the runtime image is attack surface, scanner noise and megabytes to pull.',
    remediation:
      'Base the runtime stage on `gcr.io/distroless/static-debian12:nonroot` (or another allowed minimal image), run as `USER nonroot:nonroot`, and do in the build stage whatever the runtime stage installed.',
    notes:
      '`gcr.io/distroless/static-debian12:nonroot` has CA certificates, tzdata and a `nonroot` user (65532), and nothing else. ' +
      'The quick fix rewrites the stage: it replaces the FROM image (keeping `--platform` and `AS name`), sets `USER nonroot:nonroot`, removes the RUN steps distroless makes unnecessary (CA certificate and tzdata installs, user and group creation, chown/chmod; comments are kept), turns any other RUN, an install of other packages included, into a comment saying what to do instead (so the image still builds and nothing is silently lost), turns a shell HEALTHCHECK into a comment pointing at Kubernetes httpGet probes, writes ENTRYPOINT/CMD in exec form (dropping tini/dumb-init) and points `COPY --chown` at `nonroot:nonroot`. ' +
      'It is not offered when the result could not start: an ENTRYPOINT that is a shell script, needs a shell, or runs a program the stage does not COPY in. ' +
      'A runtime stage that compiles (based on `golang`, or running `go build`) is reported by `multi-stage-build` instead. ' +
      'Allowed images are configurable (`allowedRuntimeImages`). ' +
      'One finding per problem: on the FROM it reports, `no-latest-tag` and `runtime-nonroot-user` stand down (the rewrite pins the image and sets the user), so the fixes offered there agree on one image.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM alpine:3.20\n' +
        'COPY --from=build /out/server /server\n' +
        'RUN apk add --no-cache ca-certificates\n' +
        'ENTRYPOINT ["/server"]\n',
      good:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
    },
  },
  check(ctx) {
    for (const stage of ctx.model.runtimeStages) {
      const base = baseImageOf(stage);
      if (base.unresolved || !base.raw || compilesInRuntime(stage) || inheritsRuntimeStage(stage)) continue;
      if (isAllowedRuntimeImage(base, ctx.config.allowedRuntimeImages)) continue;
      const rewrite = distrolessRewrite(ctx.model, stage);
      const via = stage.parent ? ` (through stage '${stage.image.raw}')` : '';
      const message =
        `The runtime image is based on '${base.raw}'${via}, which is not an allowed minimal image: ${whatIsWrong(base, stage)}. ` +
        `Use '${PREFERRED_RUNTIME_IMAGE}' with USER nonroot:nonroot.` +
        (rewrite.blocker ? ` No automatic rewrite: ${rewrite.blocker}.` : '');
      ctx.report({
        range: stage.imageRange,
        message,
        fix: rewrite.blocker ? undefined : { title: `Rewrite the runtime stage onto ${PREFERRED_RUNTIME_IMAGE} (USER nonroot:nonroot)`, edits: rewrite.edits, safety: 'unsafe' },
      });
    }
  },
};

function whatIsWrong(base: ImageRef, stage: Stage): string {
  if (isWindowsImage(base)) return 'it is a Windows image, with a shell and a much larger base than a static Go binary needs (distroless takes a binary built for Linux)';
  const distroless = base.registry === 'gcr.io' && base.repository.startsWith('distroless/');
  if (isMinimalImage(base) && (!distroless || base.repository.startsWith('distroless/static'))) {
    // hello-app: `USER nonroot:nonroot` in the stage already avoids root; the image's own default still is root.
    const user = effectiveUser(stage);
    if (user && (user.user === undefined || !isRootUser(user))) return `it is not the nonroot variant: its default user is root, which this stage's USER ${user.raw} overrides, but the nonroot tag keeps the image non-root on its own`;
    return user ? `it is not the nonroot variant, and USER ${user.raw} runs the service as root` : 'it is not the nonroot variant, so the service runs as root';
  }
  if (distroless && !base.repository.startsWith('distroless/static')) return 'it carries libraries (glibc, OpenSSL, a language runtime) that a static Go binary does not need';
  // Only a base known to default to root is said to (grafana/k6 ends with its own USER).
  return imageDefaultUserIsRoot(base) === true
    ? 'its shell, package manager and root default user are attack surface a static Go binary does not need'
    : 'its shell and package manager are attack surface a static Go binary does not need';
}
