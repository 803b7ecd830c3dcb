/** `ko://<import path>`: an image ko builds from Go source when it resolves the file (`ko resolve`, `ko apply`). */
export function isKoReference(image: string): boolean {
  return /^ko:\/\//.test(image.trim());
}

/**
 * Environment variables a build tool sets in the image itself, so the service's configuration
 * does not need documenting: ko points `KO_DATA_PATH` at the image's copy of `kodata/`.
 */
export const TOOL_SET_ENV: ReadonlySet<string> = new Set(['KO_DATA_PATH']);
