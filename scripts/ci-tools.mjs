// Installs the tools the CI-integration tests run, cached outside the repository (like
// scripts/e2e-install.mjs): pre-commit from PyPI in its own virtualenv, and actionlint through
// `go install`. Run directly, it installs the tools named (default: both) and prints their paths as
// one JSON line, e.g. `node scripts/ci-tools.mjs actionlint` -> {"actionlint":"/…/actionlint"}.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const PRE_COMMIT_VERSION = '4.7.0';
export const ACTIONLINT_VERSION = 'v1.7.12';

const log = (...args) => console.error('[ci-tools]', ...args);

export function cacheDir() {
  return process.env.GO_CONTAINER_STANDARD_CI_TOOLS_CACHE ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'go-container-standard', 'ci-tools');
}

function run(cmd, args, options = {}) {
  log('$', cmd, args.join(' '));
  const result = spawnSync(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Builds into a partial folder and renames it into place, so an interrupted install is never taken for a finished one. */
function installOnce(dir, marker, install) {
  if (existsSync(join(dir, marker))) return join(dir, marker);
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    install(partial);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  return join(dir, marker);
}

/** The `pre-commit` executable of a virtualenv holding PyPI's pre-commit. */
export function ensurePreCommit() {
  const dir = join(cacheDir(), `pre-commit-${PRE_COMMIT_VERSION}`);
  // A virtualenv records its own path, so it is created where it will stay: install into `dir` directly, marker last.
  const exe = join(dir, 'bin', 'pre-commit');
  if (existsSync(join(dir, 'installed'))) return exe;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new Error('pre-commit needs Python 3: install python3');
  run(python, ['-m', 'venv', dir]);
  run(join(dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `pre-commit==${PRE_COMMIT_VERSION}`]);
  spawnSync('touch', [join(dir, 'installed')]);
  return exe;
}

/** The `actionlint` executable, built with `go install`. */
export function ensureActionlint() {
  const dir = join(cacheDir(), `actionlint-${ACTIONLINT_VERSION}`);
  return installOnce(dir, 'actionlint', (partial) => {
    if (spawnSync('go', ['version']).status !== 0) throw new Error('actionlint is installed with `go install`: install Go 1.24 or newer');
    run('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], { env: { ...process.env, GOBIN: partial } });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tools = { preCommit: ensurePreCommit, actionlint: ensureActionlint };
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(tools);
  const unknown = wanted.filter((t) => !(t in tools));
  if (unknown.length) throw new Error(`unknown tool ${unknown.join(', ')}; known: ${Object.keys(tools).join(', ')}`);
  console.log(JSON.stringify(Object.fromEntries(wanted.map((t) => [t, tools[t]()]))));
}
