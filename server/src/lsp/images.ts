import type { ImageRef } from '../engine/dockerfile/image';
import { compareVersions, goVersionOfTag, isGolangImage, isScratch } from '../engine/dockerfile/image';
import { PREFERRED_RUNTIME_IMAGE } from '../engine/config';

/** Go releases offered after `FROM` (from the configured minimum upward); bump when a release ships. */
export const KNOWN_GO_VERSIONS = ['1.24', '1.25', '1.26'];

export interface ImageSuggestion {
  image: string;
  /** One line shown beside the label. */
  detail: string;
  /** Markdown: what the image contains and when to use it. */
  documentation: string;
}

const DISTROLESS_STATIC =
  'Contains CA certificates, `tzdata`, `/etc/passwd` with the `nonroot` user (uid 65532) and `/tmp`. ' +
  'No shell, no package manager, no libc: a statically linked Go binary (`CGO_ENABLED=0`) is all it runs. ' +
  'Use `USER nonroot:nonroot` and an exec-form `ENTRYPOINT`.';

/** Runtime images the standard allows, in the order they are suggested. */
export const RUNTIME_IMAGES: ImageSuggestion[] = [
  {
    image: PREFERRED_RUNTIME_IMAGE,
    detail: 'Runtime: distroless static, non-root (preferred)',
    documentation: `**The standard's runtime image.** ${DISTROLESS_STATIC} Runs as uid 65532 by default.`,
  },
  {
    image: 'gcr.io/distroless/static-debian12:nonroot-amd64',
    detail: 'Runtime: distroless static, non-root, amd64 only',
    documentation: `Architecture-pinned variant of \`${PREFERRED_RUNTIME_IMAGE}\`. ${DISTROLESS_STATIC} Prefer the multi-arch tag unless you must pin.`,
  },
  {
    image: 'gcr.io/distroless/static-debian12:nonroot-arm64',
    detail: 'Runtime: distroless static, non-root, arm64 only',
    documentation: `Architecture-pinned variant of \`${PREFERRED_RUNTIME_IMAGE}\`. ${DISTROLESS_STATIC} Prefer the multi-arch tag unless you must pin.`,
  },
  {
    image: 'gcr.io/distroless/static:nonroot',
    detail: 'Runtime: distroless static (unversioned Debian), non-root',
    documentation: `Distroless static tracking the current Debian release. ${DISTROLESS_STATIC} \`static-debian12\` is preferred because it does not move to a new Debian under you.`,
  },
  {
    image: 'cgr.dev/chainguard/static',
    detail: 'Runtime: Chainguard static (non-root by default)',
    documentation:
      'Chainguard\'s minimal static image: CA certificates, `tzdata`, `/etc/passwd` with `nonroot` (uid 65532), no shell, no package manager. Runs as non-root by default. The free tier publishes only `latest`: pin a digest.',
  },
  {
    image: 'scratch',
    detail: 'Runtime: empty image (copy certs and passwd yourself)',
    documentation:
      'An empty filesystem: no CA certificates, no time zones, no users, no shell. Copy `/etc/ssl/certs/ca-certificates.crt` and an `/etc/passwd` from the builder and use a numeric `USER 65532:65532` (scratch-ca-certificates, scratch-user-database). Distroless static gives you all of that for ~2 MB.',
  },
];

/** `golang:<version>-bookworm` from the configured minimum Go version upward. */
export function builderImages(minGoVersion: string): ImageSuggestion[] {
  const versions = KNOWN_GO_VERSIONS.filter((v) => compareVersions(v, minGoVersion) >= 0);
  if (!versions.some((v) => compareVersions(v, minGoVersion) === 0)) versions.unshift(minGoVersion);
  return versions.map((v) => ({
    image: `golang:${v}-bookworm`,
    detail: `Builder: Go ${v} on Debian 12`,
    documentation:
      `Go ${v} toolchain on Debian 12 (bookworm) with git, gcc and the usual build tools; about 800 MB. ` +
      'A **builder** image only: cross-compile with `FROM --platform=$BUILDPLATFORM`, build with `CGO_ENABLED=0`, and copy the binary into a distroless runtime stage.',
  }));
}

/** What a base image contains, for hover; undefined for images we know nothing about. */
export function describeImage(image: ImageRef): string | undefined {
  if (image.unresolved) return undefined;
  if (isScratch(image)) return RUNTIME_IMAGES.find((s) => s.image === 'scratch')!.documentation;
  const tag = image.tag ?? 'latest';
  if (image.registry === 'gcr.io' && image.repository.startsWith('distroless/')) {
    const flavour = image.repository.slice('distroless/'.length);
    const debug = tag.includes('debug') ? ' The `debug` tags add a busybox shell: fine for investigation, not for release images.' : '';
    const root = tag.includes('nonroot') ? ' This `nonroot` tag runs as uid 65532.' : ' This tag runs as **root** (uid 0): use the `:nonroot` tag.';
    if (flavour.startsWith('static')) return `**Distroless static** (${image.raw}). ${DISTROLESS_STATIC}${root}${debug}`;
    if (flavour.startsWith('base')) {
      return `**Distroless base** (${image.raw}): distroless static plus glibc, libssl and openssl. Only needed for cgo binaries; a \`CGO_ENABLED=0\` Go binary wants \`static\`.${root}${debug}`;
    }
    return `**Distroless ${flavour}** (${image.raw}): a language runtime on distroless; no shell, no package manager.${root}${debug}`;
  }
  if (image.registry === 'cgr.dev' && image.repository === 'chainguard/static') return RUNTIME_IMAGES.find((s) => s.image === 'cgr.dev/chainguard/static')!.documentation;
  if (isGolangImage(image)) {
    const version = goVersionOfTag(image.tag);
    const os = /alpine/.test(tag) ? 'Alpine (musl libc)' : /bullseye/.test(tag) ? 'Debian 11 (bullseye)' : /trixie/.test(tag) ? 'Debian 13 (trixie)' : 'Debian';
    return (
      `**golang** ${version ? `Go ${version}` : 'Go (unpinned version)'} on ${os}: the full toolchain, a shell and a package manager; hundreds of MB and runs as root. ` +
      'Use it as a **builder** stage only and ship the binary in `gcr.io/distroless/static-debian12:nonroot`.'
    );
  }
  if (image.repository === 'alpine') {
    return '**Alpine Linux**: musl libc, busybox shell and the `apk` package manager (~8 MB); runs as root by default. For a Go binary it adds a shell and a package manager an attacker can use; `gcr.io/distroless/static-debian12:nonroot` has the certs and tzdata without them.';
  }
  if (['debian', 'ubuntu', 'busybox', 'centos', 'fedora', 'redhat/ubi8', 'redhat/ubi9', 'amazonlinux'].includes(image.repository)) {
    return `**${image.repository}**: a general-purpose distribution with a shell and package manager, running as root by default. A static Go binary needs none of it: use \`gcr.io/distroless/static-debian12:nonroot\`.`;
  }
  return undefined;
}
