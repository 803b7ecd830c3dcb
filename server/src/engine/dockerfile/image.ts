import { coerce, compare } from 'semver';

export interface ImageRef {
  /** As written after variable substitution, e.g. `gcr.io/distroless/static-debian12:nonroot`. */
  raw: string;
  /** `docker.io` when none is given. */
  registry: string;
  /** With `library/` removed for Docker Hub official images: `golang`, `distroless/static-debian12`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** True when a `$VAR` could not be resolved: rules about the image stay quiet. */
  unresolved: boolean;
}

export function parseImageRef(raw: string): ImageRef {
  const unresolved = raw.includes('$');
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = 'docker.io';
  const firstSlash = rest.indexOf('/');
  if (firstSlash !== -1) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(firstSlash + 1);
    }
  }
  if (registry === 'docker.io' && rest.startsWith('library/')) rest = rest.slice('library/'.length);
  return { raw, registry, repository: rest.toLowerCase(), tag, digest, unresolved };
}

/** Offsets of the parts of an image reference as written, where `${…}` may hide any character. */
export interface WrittenImageParts {
  /** End of the name (registry and repository), where `:tag` or `@digest` starts. */
  nameEnd: number;
  /** The tag without its `:`. */
  tag?: { start: number; end: number };
}

/** Splits `${PREFIX}golang:${GO}-alpine@sha256:…` as written, treating `${…}` as opaque. */
export function splitWrittenImage(written: string): WrittenImageParts {
  let depth = 0;
  let lastSlash = -1;
  let at = written.length;
  const colons: number[] = [];
  for (let i = 0; i < written.length; i++) {
    const ch = written[i];
    if (ch === '$' && written[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}' && depth > 0) depth--;
    else if (depth === 0 && ch === '/') lastSlash = i;
    else if (depth === 0 && ch === ':') colons.push(i);
    else if (depth === 0 && ch === '@') {
      at = i;
      break;
    }
  }
  const colon = colons.filter((c) => c > lastSlash && c < at).pop();
  return colon === undefined ? { nameEnd: at } : { nameEnd: colon, tag: { start: colon + 1, end: at } };
}

/** The variable name when the text is exactly one `$VAR` or `${VAR}`. */
export function singleVariable(text: string): string | undefined {
  return /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(text)?.slice(1).find(Boolean);
}

/** Windows base images (servercore, nanoserver, ltsc tags, .NET Framework): RUN goes through cmd, users are not Unix ids. */
export function isWindowsImage(image: ImageRef): boolean {
  return /windows|nanoserver|servercore|ltsc/.test(`${image.repository}:${(image.tag ?? '').toLowerCase()}`) || image.repository.startsWith('dotnet/framework');
}

/** `golang` from any registry or mirror path: the last path component is `golang`. */
export function isGolangImage(image: ImageRef): boolean {
  return image.repository === 'golang' || image.repository.endsWith('/golang');
}

export function isScratch(image: ImageRef): boolean {
  return image.repository === 'scratch' && image.registry === 'docker.io';
}

/**
 * The programs a minimal image (distroless, Chainguard static, scratch) does not have and that
 * health checks, probes and hooks reach for: shells, HTTP clients, `nc`, `cat`, busybox.
 */
export const MINIMAL_IMAGE_MISSING_TOOLS: ReadonlySet<string> = new Set(['curl', 'wget', 'sh', 'bash', 'ash', 'dash', 'zsh', 'nc', 'cat', 'busybox']);

/** Images without a shell or package manager: distroless (except `:debug`), Chainguard static, scratch. */
export function isMinimalImage(image: ImageRef): boolean {
  if (isScratch(image)) return true;
  if (image.registry === 'gcr.io' && image.repository.startsWith('distroless/')) return !(image.tag ?? '').includes('debug');
  if (image.registry === 'cgr.dev' && image.repository === 'chainguard/static') return true;
  return false;
}

/** The Go version in a golang tag (`1.24-bookworm` → `1.24`, `1.22.5-alpine3.20` → `1.22.5`). */
export function goVersionOfTag(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const m = /^(?:go)?(\d+\.\d+(?:\.\d+)?)(?:rc\d+|beta\d+)?(?:-|$)/.exec(tag);
  return m ? m[1] : undefined;
}

/** Compares Go versions (`1.24`, `1.22.5`) as semver, missing parts counting as 0. */
export function compareVersions(a: string, b: string): number {
  const va = coerce(a);
  const vb = coerce(b);
  if (!va || !vb) return 0;
  return compare(va, vb);
}

/**
 * Official images whose default user is root (no USER in their Dockerfile): distributions, and
 * language and tool images. Matched on the last path component, so mirrors (`mirror.gcr.io/library/alpine`,
 * `public.ecr.aws/docker/library/debian`) count too.
 */
const ROOT_DEFAULT_IMAGES = new Set([
  'alpine', 'debian', 'ubuntu', 'busybox', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux',
  'photon', 'archlinux', 'opensuse/leap', 'opensuse/tumbleweed', 'clearlinux', 'mageia', 'gentoo/stage3',
  'golang', 'buildpack-deps', 'node', 'python', 'ruby', 'php', 'perl', 'rust', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'maven', 'gradle',
  'docker', 'nginx', 'httpd', 'haproxy', 'traefik', 'caddy',
]);
const ROOT_DEFAULT_REGISTRIES = /^(registry\.access\.redhat\.com|registry\.redhat\.io)$/;

/**
 * Whether an image runs as root when no USER is set: true for the images whose default user
 * is known to be root, false for known non-root images, undefined when unknown (an image whose
 * own Dockerfile may end with a USER, as `grafana/k6` does).
 */
export function imageDefaultUserIsRoot(image: ImageRef): boolean | undefined {
  if (image.unresolved) return undefined;
  const tag = image.tag ?? '';
  // Windows containers have ContainerUser/ContainerAdministrator, not Unix ids.
  if (isWindowsImage(image)) return undefined;
  if (/nonroot/.test(tag) || /unprivileged|nonroot/.test(image.repository)) return false;
  if (image.registry === 'cgr.dev' && image.repository === 'chainguard/static') return false;
  if (image.registry === 'docker.io' && image.repository.startsWith('bitnami/')) return false;
  if (isScratch(image)) return true;
  // Distroless without the nonroot tag runs as root (uid 0).
  if (image.registry === 'gcr.io' && image.repository.startsWith('distroless/')) return true;
  if (ROOT_DEFAULT_REGISTRIES.test(image.registry) && /(^|\/)ubi\d*(-\w+)?(\/|$)/.test(image.repository)) return true;
  // Official images are also published per architecture (`arm64v8/alpine`, `amd64/debian`).
  const name = image.repository.replace(/^(library|docker\/library|amd64|arm64v8|arm32v7|arm32v6|arm32v5|i386|ppc64le|s390x|riscv64|mips64le)\//, '');
  if (ROOT_DEFAULT_IMAGES.has(name)) return true;
  const last = name.split('/').pop()!;
  // A mirror path (`mirror.gcr.io/library/alpine`, `myregistry/dockerhub/debian`) keeps the official name last.
  if (image.registry !== 'docker.io' && ROOT_DEFAULT_IMAGES.has(last)) return true;
  return undefined;
}
