// `npm run test:electron`: runs test/electron/suite inside a VS Code extension host, with the
// repository as the extension under development (--extensionDevelopmentPath) and the bundled suite
// as --extensionTestsPath. Uses @vscode/test-electron (VS Code desktop, a devDependency) when VS
// Code can be downloaded (or is cached in .vscode-test); otherwise the same suite runs in
// code-server's extension host, the workbench opened in Chromium with the same two options passed
// as the web workbench's payload.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { chromium } from 'playwright-core';
import { ensureE2EInstall, repoRoot, startCodeServer } from '../e2e/harness/codeServer';
import type { TestResult } from './runner';

const outDir = join(repoRoot, '.test-output', 'electron');
const fixture = join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace');
const TIMEOUT = 10 * 60_000;

async function bundleSuite(): Promise<string> {
  const outfile = join(outDir, 'suite', 'index.js');
  await build({
    entryPoints: [join(repoRoot, 'test', 'electron', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

/** VS Code desktop, downloaded by @vscode/test-electron; undefined (with the reason logged) where it cannot be, or cannot show a window. */
async function downloadVSCode(): Promise<string | undefined> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.log('VS Code desktop needs a display (run under xvfb-run to use it); there is none here');
    return undefined;
  }
  try {
    return await downloadAndUnzipVSCode({ cachePath: join(repoRoot, '.vscode-test'), timeout: 60_000 });
  } catch (e) {
    console.log(`VS Code desktop cannot be downloaded here (${(e as Error).message})`);
    return undefined;
  }
}

async function runInDesktop(vscodeExecutablePath: string, suite: string, workspace: string, resultsFile: string): Promise<number> {
  return runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { GCS_TEST_RESULTS: resultsFile },
  });
}

async function runInCodeServer(suite: string, workspace: string, resultsFile: string): Promise<number> {
  const install = ensureE2EInstall();
  // A built workbench reads the development payload (extensionDevelopmentPath, extensionTestsPath)
  // from the URL only with the smoke-test driver on; --vscode-option passes the flag to VS Code.
  const server = await startCodeServer({
    install,
    workspace,
    env: { GCS_TEST_RESULTS: resultsFile },
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    logName: 'code-server-electron-suite',
  });
  const browser = await chromium.launch({
    executablePath: install.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (/✔|✖|Go Container Standard through/.test(text)) console.log(text.replace(/^%c\s*\w*\s*color:\s*\S+\s*/, ''));
    });
    // The web workbench calls this when the extension host finishes the tests (as in @vscode/test-web).
    const exitCode = new Promise<number>((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    });
    const authority = `127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://${authority}${suite}`],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension tests did not finish within ${TIMEOUT / 1000} s`)), TIMEOUT);
    });
    try {
      return await Promise.race([exitCode, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<number> {
  if (!existsSync(join(repoRoot, 'client', 'out', 'extension.js'))) throw new Error('client/out/extension.js is missing: run npm run build first');
  mkdirSync(outDir, { recursive: true });
  const suite = await bundleSuite();
  const resultsFile = join(outDir, 'results.json');
  rmSync(resultsFile, { force: true });
  const parent = mkdtempSync(join(tmpdir(), 'gcs-electron-ws-'));
  const workspace = join(parent, 'go-services');
  cpSync(fixture, workspace, { recursive: true });
  try {
    const vscode = await downloadVSCode();
    console.log(vscode ? `Running in VS Code desktop (@vscode/test-electron, ${vscode})` : 'Running in code-server instead');
    const code = vscode ? await runInDesktop(vscode, suite, workspace, resultsFile) : await runInCodeServer(suite, workspace, resultsFile);
    if (!existsSync(resultsFile)) {
      console.error(`no results were written (extension host exit code ${code})`);
      return 1;
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResult[];
    for (const r of results) console.log(`${r.passed ? '✔' : '✖'} ${r.suite} › ${r.test}${r.error ? `\n    ${r.error.replace(/\n/g, '\n    ')}` : ''}`);
    const failed = results.filter((r) => !r.passed).length;
    console.log(`${results.length - failed} passed, ${failed} failed`);
    return failed === 0 && results.length > 0 && code === 0 ? 0 : 1;
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
