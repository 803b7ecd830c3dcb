/** `ko://<import path>`: an image ko builds from Go source when it resolves the file (`ko resolve`, `ko apply`). */
export function isKoReference(image: string): boolean {
  return /^ko:\/\//.test(image.trim());
}

/**
 * Environment variables a build tool sets in the image itself, so the service's configuration
 * does not need documenting: ko points `KO_DATA_PATH` at the image's copy of `kodata/`.
 */
export const TOOL_SET_ENV: ReadonlySet<string> = new Set(['KO_DATA_PATH']);

/**
 * Images published only under `latest`: Chainguard's free images (`cgr.dev/chainguard/*`) have no
 * version tags since August 2023, so the only way to pin one is its digest.
 */
export function isDigestOnlyImage(ref: { registry: string; repository: string }): boolean {
  return ref.registry === 'cgr.dev' && ref.repository.startsWith('chainguard/');
}

/** What the tag rules ask for: a version tag or a digest, or only a digest where there are no version tags. */
export function pinAdvice(ref: { registry: string; repository: string }, usual: string): string {
  return isDigestOnlyImage(ref)
    ? `Pin a digest (${ref.registry}/${ref.repository}@sha256:…): Chainguard's free images are published only as 'latest', so there is no version tag to pin.`
    : usual;
}
