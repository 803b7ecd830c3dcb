import * as path from 'node:path';

export type FileKind = 'dockerfile' | 'yaml' | 'config';

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
  return /\.ya?ml$/i.test(filePath);
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
  if (languageId === 'dockerfile' || isDockerfileName(filePath)) return 'dockerfile';
  if (languageId === 'yaml' || languageId === 'dockercompose' || isYamlName(filePath)) return 'yaml';
  return undefined;
}
