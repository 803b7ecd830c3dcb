import type { Rule, TextEdit } from '../../types';
import { declarationsOf, type Declaration, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { compareVersions, goVersionOfTag, isGolangImage } from '../../dockerfile/image';
import { imageTagEdit } from '../../dockerfile/edits';

export const builderGoVersion: Rule<DockerfileModel> = {
  id: 'builder-go-version',
  target: 'dockerfile',
  meta: {
    description: 'Every `golang` builder image pins a Go version at or above the configured minimum (default 1.24).',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Unsafe: it replaces the Go version the author pinned; a newer Go changes defaults the build may rely on (GOPATH mode ends with Go 1.16: `go get` outside a module is rejected), and pinning an unversioned tag can move to an older Go than `latest`.',
    why:
      'A `golang` tag without a version (`golang`, `golang:alpine`, `golang:1-bookworm`) moves to each new Go release, so the same commit builds with a different toolchain tomorrow; an old version misses security fixes in the standard library that end up compiled into the binary.',
    remediation:
      'Pin the builder to a Go release at or above the minimum (`minGoVersion` in `.container-standard.yaml`, default 1.24), keeping the OS family its `RUN` steps expect: `FROM golang:1.24-bookworm AS build`.',
    notes:
      "The fix keeps the registry or mirror prefix and the OS family of the stage, because its `RUN` steps use that family's package manager: `-alpine…` stays `-alpine`, `-trixie` and Windows variants stay, other Debian releases become `-bookworm`. " +
      'When the version or the whole tag comes from a global `ARG` default (`FROM golang:${GO_VERSION}-alpine`, `FROM golang:$GO_TAG`), the fix edits that default; a registry or mirror prefix from a variable (`FROM ${MIRROR}golang:1.21`) is kept. ' +
      'One finding per problem: when go.mod needs a newer Go than the minimum, `go-version-consistency` reports the FROM instead (its fix meets both).',
    examples: {
      bad:
        'FROM golang:1.21-alpine AS build\n' +
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
      good:
        'FROM golang:1.24-alpine AS build\n' +
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
    const model = ctx.model;
    const min = ctx.config.minGoVersion;
    const globalArgs = new Map<string, Declaration>();
    for (const arg of model.ast.getInitialARGs()) for (const d of declarationsOf(arg)) globalArgs.set(d.name, d);
    for (const stage of model.stages) {
      const image = stage.image;
      if (stage.parent || stage.isDev || !isGolangImage(image) || image.unresolved) continue;
      if (!image.tag && image.digest) continue;
      const version = goVersionOfTag(image.tag);
      if (version && compareVersions(version, min) >= 0) continue;
      const suggested = `${min}-${variantFor(image.tag, version)}`;
      const edit = image.digest ? undefined : fixEdit(ctx.text, model, stage, globalArgs, version, min, suggested);
      const shown = image.tag ? `golang:${image.tag}` : 'golang';
      ctx.report({
        range: stage.imageRange,
        message: version
          ? `'${shown}' builds with Go ${version}, older than the required minimum ${min}: the binary misses standard-library security fixes. Use golang:${suggested} or newer.${compareVersions(version, '1.16') < 0 ? moduleBoundary(version) : ''}`
          : `'${shown}' does not pin a Go version, so the toolchain changes with every Go release. Use golang:${suggested} or newer.`,
        fix: edit ? { title: edit.title, edits: [edit.edit], safety: 'unsafe' } : undefined,
      });
    }
  },
};

/** Go 1.16 made module mode the default: a GOPATH-mode build (guestbook-go on golang:1.10) needs a go.mod first. */
function moduleBoundary(version: string): string {
  return ` Go ${version} predates the module default (Go 1.16): if this build relies on GOPATH mode (no go.mod, 'go get' outside a module), newer Go rejects it until the code has a go.mod.`;
}

/** The OS family to keep: a builder's RUN steps use its package manager (`apk` on alpine, `apt-get` on Debian). */
function variantFor(tag: string | undefined, version: string | undefined): string {
  let rest = tag ?? '';
  const m = /^(?:go)?\d+(?:\.\d+){0,2}(?:rc\d+|beta\d+)?(?:-|$)/.exec(rest);
  if (version || m) rest = rest.slice(m ? m[0].length : 0);
  if (/^alpine/.test(rest)) return 'alpine';
  if (rest === 'bookworm' || rest === 'trixie' || /^(windowsservercore|nanoserver)/.test(rest)) return rest;
  return 'bookworm';
}

function fixEdit(
  text: string,
  model: DockerfileModel,
  stage: Stage,
  globalArgs: Map<string, Declaration>,
  version: string | undefined,
  min: string,
  suggested: string,
): { title: string; edit: TextEdit } | undefined {
  return raiseArgDefault(text, model, stage, globalArgs, version, min) ?? imageTagEdit(model, stage, suggested);
}

/** `FROM golang:${GO_VERSION}-alpine` with `ARG GO_VERSION=1.21`: raise the version in the default. */
function raiseArgDefault(
  text: string,
  model: DockerfileModel,
  stage: Stage,
  globalArgs: Map<string, Declaration>,
  version: string | undefined,
  min: string,
): { title: string; edit: TextEdit } | undefined {
  if (!version) return undefined;
  const index = model.index;
  const written = text.slice(index.offsetAt(stage.imageRange.start), index.offsetAt(stage.imageRange.end));
  for (const m of written.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const decl = globalArgs.get(m[1]);
    if (!decl?.valueRange || decl.value === null || !decl.value.includes(version)) continue;
    const start = index.offsetAt(decl.valueRange.start);
    const raw = text.slice(start, index.offsetAt(decl.valueRange.end));
    const at = raw.indexOf(version);
    if (at === -1) continue;
    return {
      title: `Set ${decl.name} to ${min}`,
      edit: { range: index.rangeOf(start + at, start + at + version.length), newText: min },
    };
  }
  return undefined;
}
