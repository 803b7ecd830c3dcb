import * as fs from 'node:fs';
import * as path from 'node:path';

export type FileKind = 'dockerfile' | 'yaml' | 'config';

/** Files above this are not linted (one informational finding says so). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Why a text is not linted (too large, binary), or undefined. Editor features skip such documents too. */
export function skipReason(text: string): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `File skipped: it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`;
  if (text.includes('\0')) return 'File skipped: it looks binary (it contains NUL bytes).';
  return undefined;
}

const NOT_DOCKERFILE_EXT = /\.(dockerignore|go|mod|sum|md|txt|json|ya?ml|toml|sh|bash|ps1|py|js|ts|mjs|cjs|html|orig|bak|swp|rej|patch|diff|lock)$/i;

/**
 * `Dockerfile`, `Containerfile`, and names where that word stands alone between separators:
 * `api.Dockerfile`, `Dockerfile.prod`, `Dockerfile-windows`, `svc__Dockerfile`.
 */
export function isDockerfileName(filePath: string): boolean {
  const base = path.basename(filePath);
  if (!/(^|[._-])(dockerfile|containerfile)([._-]|$)/i.test(base)) return false;
  return !NOT_DOCKERFILE_EXT.test(base);
}

export function isYamlName(filePath: string): boolean {
  // `Kustomization` is one of the names kustomize reads a kustomization from.
  return /\.ya?ml$/i.test(filePath) || path.basename(filePath) === 'Kustomization';
}

export function isComposeName(filePath: string): boolean {
  return /^(docker-)?compose([._-][^/]*)?\.ya?ml$/i.test(path.basename(filePath));
}

export function isConfigName(filePath: string): boolean {
  return /^\.container-standard\.ya?ml$/.test(path.basename(filePath));
}

/** What kind of file this is by name (and, for the editor, by language id); undefined when not ours. */
export function fileKindOf(filePath: string, languageId?: string): FileKind | undefined {
  if (isConfigName(filePath)) return 'config';
  // A `.yaml` name wins over the language id: eglot sends one id (`dockerfile`) for every buffer of a server.
  if (isYamlName(filePath) && languageId === 'dockerfile') return 'yaml';
  if (languageId === 'dockerfile' || isDockerfileName(filePath)) return 'dockerfile';
  if (languageId === 'yaml' || languageId === 'dockercompose' || isYamlName(filePath)) return 'yaml';
  return undefined;
}

export type BoundedRead = { bytes: Buffer } | { problem: 'unreadable' | 'not-a-file' | 'too-large'; message: string };

/**
 * A workspace file's bytes, read only when it is a regular file (symlinks followed) of at most
 * `maxBytes`. A repository can plant a symlink to `/dev/zero` or a FIFO under any name the linter
 * reads (`.container-standard.yaml`, `.gitignore`, `kustomization.yaml`): reading one would never
 * end, or end in an out-of-memory crash.
 */
export function readBounded(absPath: string, maxBytes: number): BoundedRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch (e) {
    return { problem: 'unreadable', message: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (!stat.isFile()) return { problem: 'not-a-file', message: 'it is not a regular file' };
  if (stat.size > maxBytes) return { problem: 'too-large', message: `it is larger than ${maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes} bytes`}` };
  try {
    return { bytes: fs.readFileSync(absPath) };
  } catch (e) {
    return { problem: 'unreadable', message: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}

/**
 * YAML this linter checks: a compose file by name or language id, or a text with a top-level
 * `services:` or `apiVersion:` and `kind:`. Other YAML (app config, CI workflows) gets no finding,
 * not even a syntax error: the YAML extension reports syntax.
 */
export function looksLikeManifestOrCompose(text: string, filePath: string, languageId?: string): boolean {
  const looks = yamlLooksLike(text, filePath, languageId);
  return looks.compose || looks.k8s;
}

/** What a YAML text is, by name, language id and top-level keys; text that does not parse yet (being typed) is judged too. */
export function yamlLooksLike(text: string, filePath: string, languageId?: string): { k8s: boolean; compose: boolean } {
  return {
    compose: languageId === 'dockercompose' || isComposeName(filePath) || /^\uFEFF?services[ \t]*:/m.test(text),
    k8s: /^\uFEFF?apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text),
  };
}
