// Starts code-server (VS Code in the browser) with a packaged .vsix installed, isolated in a temp folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const outputDir = join(repoRoot, '.test-output', 'e2e');

export interface E2EInstall {
  cacheDir: string;
  /** Node 24, which code-server requires. */
  node: string;
  /** code-server's entry script, run with `node`. */
  codeServer: string;
  chromium: string;
}

/** Runs scripts/e2e-install.mjs (installs on first use, then answers from the cache). */
export function ensureE2EInstall(): E2EInstall {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'e2e-install.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 20 * 60_000,
  });
  if (result.status !== 0) throw new Error(`scripts/e2e-install.mjs failed (${result.status ?? result.error})`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as E2EInstall;
}

/** Packs the .vsix the same way `npm run package` does (without rebuilding when `build` is false). */
export function packageVsix(out: string, { build }: { build: boolean }): string {
  const args = [join(repoRoot, 'scripts', 'package.mjs'), '--out', out];
  if (!build) args.push('--no-build');
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], timeout: 5 * 60_000 });
  if (result.status !== 0) throw new Error(`scripts/package.mjs failed (${result.status ?? result.error})`);
  return out;
}

/** Settings that keep start-up quiet: nothing may steal focus from the editor under test. */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  'workbench.editor.enablePreview': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServer {
  url: string;
  port: number;
  tempRoot: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function startCodeServer(options: {
  install: E2EInstall;
  /** Installed with --install-extension before start (proves the package is complete). */
  vsix?: string;
  workspace: string;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  userSettings?: Record<string, unknown>;
  /** Extra code-server arguments (e.g. --extensionDevelopmentPath). */
  extraArgs?: string[];
  logName?: string;
}): Promise<CodeServer> {
  const tempRoot = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
  const userDataDir = join(tempRoot, 'user-data');
  const extensionsDir = join(tempRoot, 'extensions');
  const home = join(tempRoot, 'home');
  for (const dir of [userDataDir, extensionsDir, home, join(tempRoot, 'tmp'), join(userDataDir, 'User')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_USER_SETTINGS, ...options.userSettings }, null, 2));
  // code-server and its extension host must not read or write the real $HOME, /tmp or XDG folders.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(options.install.node, '..')}:${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: join(tempRoot, 'config'),
    XDG_DATA_HOME: join(tempRoot, 'data'),
    XDG_CACHE_HOME: join(tempRoot, 'cache'),
    TMPDIR: join(tempRoot, 'tmp'),
    ...options.env,
  };
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key.startsWith('npm_')) delete env[key];
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (options.vsix) {
    const installed = spawnSync(options.install.node, [options.install.codeServer, ...common, '--install-extension', options.vsix], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (installed.status !== 0 || !/was successfully installed/.test(installed.stdout)) {
      throw new Error(`installing ${options.vsix} failed:\n${installed.stdout}\n${installed.stderr}`);
    }
  }

  const port = await freePort();
  mkdirSync(outputDir, { recursive: true });
  const logFile = join(outputDir, `${options.logName ?? 'code-server'}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    options.install.node,
    [
      options.install.codeServer,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
      ...(options.extraArgs ?? []),
      options.workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    port,
    tempRoot,
    userDataDir,
    extensionsDir,
    logFile,
    async stop() {
      // code-server runs in its own process group (detached): end the group it leads, then wait.
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      await waitForGroupExit(child.pid);
      log.end();
      // The extension host's logs (and the extension's output channel) help explain a failure.
      const logs = join(userDataDir, 'logs');
      const keptLogs = join(outputDir, `${options.logName ?? 'code-server'}-logs`);
      rmSync(keptLogs, { recursive: true, force: true });
      if (existsSync(logs)) cpSync(logs, keptLogs, { recursive: true });
      rmSync(tempRoot, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

async function waitForGroupExit(pgid: number | undefined): Promise<void> {
  if (!pgid) return;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone
  }
}
