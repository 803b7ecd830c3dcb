// Builds the helm binary the Helm chart tests render with, cached outside the repo:
// `go install helm.sh/helm/v3/cmd/helm@<version>` into ~/.cache/go-container-standard/helm-<version>.
// Run directly, it prints the binary's path on stdout; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const HELM_VERSION = 'v3.22.1';

export function helmCacheDir() {
  const root = process.env.GO_CONTAINER_STANDARD_TOOLS_CACHE
    ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'go-container-standard', 'tools');
  return join(root, `helm-${HELM_VERSION}`);
}

/** The cached helm binary, built with the Go toolchain on first use. Throws when Go is missing or the build fails. */
export function ensureHelm() {
  const dir = helmCacheDir();
  const binary = join(dir, 'helm');
  if (existsSync(binary)) return binary;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  console.error(`[helm-install] go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION} (once; cached in ${dir})`);
  const result = spawnSync('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], {
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, GOBIN: partial, CGO_ENABLED: '0' },
  });
  if (result.error) throw new Error(`cannot run go to build helm: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`go install helm exited with ${result.status ?? result.signal}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return binary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureHelm());
  } catch (e) {
    console.error(`[helm-install] ${e.message}`);
    process.exit(1);
  }
}
