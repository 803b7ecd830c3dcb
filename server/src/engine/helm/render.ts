import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

/** What running helm gave: its output, or why it could not run. */
export interface HelmRun {
  stdout: string;
  stderr: string;
  /** Exit status; undefined when helm did not run or was stopped. */
  status?: number;
  /** Why helm did not run or did not finish (not found, timed out). */
  failure?: string;
}

/** The arguments of one `helm template` run: nothing but the chart, its value files and fixed flags. */
export function templateArgs(chartDir: string, valueFiles: string[]): string[] {
  return ['template', 'release-name', chartDir, '--namespace', 'default', '--skip-tests', ...valueFiles.flatMap((f) => ['--values', f])];
}

export const HELM_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs `helm template` (the CLI). Rendering runs no code from the chart: templates are Go
 * templates evaluated by helm, with no post-renderer and no plugins, and no cluster is contacted.
 */
export function renderChartSync(helmPath: string, chartDir: string, valueFiles: string[]): HelmRun {
  const r = spawnSync(helmPath, templateArgs(chartDir, valueFiles), { encoding: 'utf8', timeout: HELM_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, windowsHide: true });
  if (r.error) return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', failure: describeFailure(r.error) };
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? undefined, failure: r.status === null ? `helm was stopped (${r.signal})` : undefined };
}

/** Runs `helm template` without blocking (the editor). */
export function renderChart(helmPath: string, chartDir: string, valueFiles: string[]): Promise<HelmRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(helmPath, templateArgs(chartDir, valueFiles), { windowsHide: true, timeout: HELM_TIMEOUT_MS });
    } catch (e) {
      resolve({ stdout, stderr, failure: describeFailure(e as Error) });
      return;
    }
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    child.on('error', (e) => resolve({ stdout, stderr, failure: describeFailure(e) }));
    child.on('close', (code, signal) => resolve({ stdout, stderr, status: code ?? undefined, failure: code === null ? `helm was stopped (${signal})` : undefined }));
  });
}

function describeFailure(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the helm binary was not found';
  if (code === 'ETIMEDOUT') return `helm did not finish within ${HELM_TIMEOUT_MS / 1000} s`;
  if (code === 'EACCES') return 'the helm binary is not executable';
  return e.message;
}

/**
 * The helm binary to run: the configured one (a path, or a name looked up on `PATH`), else
 * `helm` on `PATH`; undefined when there is none.
 */
export function findHelm(configured: string | undefined, envPath = process.env.PATH ?? ''): string | undefined {
  const wanted = configured?.trim() || 'helm';
  if (wanted.includes('/') || wanted.includes('\\')) return isExecutable(wanted) ? path.resolve(wanted) : undefined;
  const names = process.platform === 'win32' ? [`${wanted}.exe`, wanted] : [wanted];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
