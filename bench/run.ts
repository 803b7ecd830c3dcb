// npm run bench: side-by-side timings against the tools users would otherwise run, printed as a
// table and written into the README's Performance section. Not part of npm test.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { BenchLspClient } from './lsp-client';
import { ensureTools, KUBE_SCORE_VERSION, type Tools } from './tools';
import { canonicalDockerfile, manifestWithContainers, scaledDockerfile, scaledManifest } from './inputs';
import { lintText } from '../server/src/engine/lint';
import { defaultConfig } from '../server/src/engine/config';
import { serverExecArgv } from '../server/src/protocol';
import { electronRuntime, ensureNode } from './runtimes';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.join(ROOT, 'test', 'corpus');
const CLI = path.join(ROOT, 'server/out/cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EDITS = Number(process.env.BENCH_EDITS ?? 40);
const LSP_ROUNDS = Number(process.env.BENCH_LSP_ROUNDS ?? 5);
/** How long the memory row waits, idle, before its settled reading. */
const MEMORY_SETTLE_MS = 15000;
/** The node options the VS Code client starts the server with on this machine (none from five cores up). */
const VSCODE_OPTIONS = serverExecArgv(os.availableParallelism());

interface Row {
  what: string;
  ours: string;
  theirs: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}

const rows: Row[] = [];
const fmtMs = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

function wallTime(command: string, args: string[], runs = RUNS): number {
  return wallTimes([[command, args]], runs)[0];
}

/**
 * The median wall time of each command, their runs taken in turn (a, b, a, b, …) after one warm-up
 * run each: on a shared machine the load changes within seconds, and in turn both see the same.
 */
function wallTimes(commands: [string, string[]][], runs = RUNS): number[] {
  const times = commands.map(() => [] as number[]);
  for (const [command, args] of commands) spawnSync(command, args, { stdio: 'ignore', maxBuffer: 1 << 28 }); // warm the page cache
  for (let i = 0; i < runs; i++) {
    for (const [c, [command, args]] of commands.entries()) {
      const start = process.hrtime.bigint();
      spawnSync(command, args, { stdio: 'ignore', maxBuffer: 1 << 28 });
      times[c].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times.map(median);
}

function addRatio(what: string, ours: number, theirs: number | undefined, theirsName: string, limit: number, targetText: string): void {
  if (theirs === undefined) {
    rows.push({ what, ours: fmtMs(ours), theirs: `${theirsName}: unavailable`, ratio: '—', target: targetText, met: undefined });
    return;
  }
  const ratio = ours / theirs;
  rows.push({ what, ours: fmtMs(ours), theirs: `${theirsName} ${fmtMs(theirs)}`, ratio: ratio.toFixed(2), target: targetText, met: ratio <= limit });
}

function cliBenchmarks(tools: Tools): void {
  const dockerfiles = fs.readdirSync(path.join(CORPUS, 'dockerfiles')).map((f) => path.join(CORPUS, 'dockerfiles', f));
  const oursCommand: [string, string[]] = [process.execPath, [CLI, 'lint', '--format', 'json', '--exit-zero', path.join(CORPUS, 'dockerfiles')]];
  const [ours, theirs] = tools.hadolint ? wallTimes([oursCommand, [tools.hadolint, ['--no-fail', '-f', 'json', ...dockerfiles]]]) : [wallTime(...oursCommand), undefined];
  addRatio(`CLI, ${dockerfiles.length} corpus Dockerfiles (median of ${RUNS})`, ours, theirs, 'hadolint', 1, 'ratio ≤ 1.0');

  // Manifests against kube-score. It refuses a whole run when one file does not parse, so both
  // tools get the corpus manifests it accepts (found by running it on each file once), then 20
  // copies of them, in folders of the same names for both.
  const k8sFiles = fs.readdirSync(path.join(CORPUS, 'k8s')).sort();
  const { accepted, refused } = tools.kubeScore ? kubeScoreAccepts(tools.kubeScore, k8sFiles.map((f) => path.join(CORPUS, 'k8s', f))) : { accepted: k8sFiles.map((f) => path.join(CORPUS, 'k8s', f)), refused: [] };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-bench-k8s-'));
  try {
    const copies = (n: number) => {
      const files: string[] = [];
      for (let c = 1; c <= n; c++) {
        const dir = path.join(work, `x${n}`, `copy-${String(c).padStart(2, '0')}`);
        fs.mkdirSync(dir, { recursive: true });
        for (const f of accepted) {
          files.push(path.join(dir, path.basename(f)));
          fs.copyFileSync(f, files[files.length - 1]);
        }
      }
      return files;
    };
    const left = refused.length ? `; ${refused.length} it refuses left out: ${refused.map((f) => path.basename(f)).join(', ')}` : '';
    for (const n of [1, 20]) {
      const files = copies(n);
      const oursK8sCommand: [string, string[]] = [process.execPath, [CLI, 'lint', '--format', 'json', '--exit-zero', ...files]];
      const [oursK8s, theirsK8s] = tools.kubeScore ? wallTimes([oursK8sCommand, [tools.kubeScore, ['score', '--output-format', 'json', ...files]]]) : [wallTime(...oursK8sCommand), undefined];
      const what = n === 1 ? `CLI, the ${accepted.length} corpus manifests kube-score ${KUBE_SCORE_VERSION} accepts (median of ${RUNS}${left})` : `CLI, the same manifests × ${n} (${files.length} files; median of ${RUNS})`;
      addRatio(what, oursK8s, theirsK8s, 'kube-score', 1, 'ratio ≤ 1.0');
      if (!tools.kubeScore) rows[rows.length - 1].theirs += ` (${tools.kubeScoreWhy})`;
      if (n === 1) {
        // What start-up costs, and what the code cache saves (server/src/cliLauncher.ts).
        const bundle = path.join(ROOT, 'server/out/cli-main.js');
        const uncached = wallTime(process.execPath, [bundle, 'lint', '--format', 'json', '--exit-zero', ...files]);
        rows.push({ what: 'CLI, the same manifests, bundle compiled without the code cache', ours: fmtMs(uncached), theirs: '', ratio: '—', target: '', met: undefined });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const startup = wallTime(process.execPath, [CLI, '--version']);
  const bareNode = wallTime(process.execPath, ['-e', '0']);
  rows.push({ what: 'CLI start-up (`--version`)', ours: fmtMs(startup), theirs: `bare \`node -e 0\` ${fmtMs(bareNode)}`, ratio: '—', target: '', met: undefined });
}

/**
 * Which files kube-score takes on their own. Its exit status says nothing here (1 whenever a check
 * is critical): a file it accepts gets a JSON report (`null` when it holds no object kube-score
 * scores, such as a kustomization), one it refuses "Failed to score files" on stderr and no report.
 */
function kubeScoreAccepts(kubeScore: string, files: string[]): { accepted: string[]; refused: string[] } {
  const accepted: string[] = [];
  const refused: string[] = [];
  for (const f of files) {
    const r = spawnSync(kubeScore, ['score', '--output-format', 'json', f], { encoding: 'utf8', maxBuffer: 1 << 28 });
    let report: unknown;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      report = undefined;
    }
    (report === null || Array.isArray(report) ? accepted : refused).push(f);
  }
  return { accepted, refused };
}

async function editLatency(command: string, args: string[], file: string, languageId: string, text: string, lineToEdit: number): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-bench-'));
  const filePath = path.join(dir, file);
  fs.writeFileSync(filePath, text);
  const uri = pathToFileURL(filePath).href;
  const client = new BenchLspClient(command, args, dir);
  try {
    await client.initialize(dir);
    const first = client.nextDiagnostics(uri);
    client.open(uri, languageId, text);
    await first;
    const latencies: number[] = [];
    const lineLength = text.split('\n')[lineToEdit].replace(/\r$/, '').length;
    for (let v = 2; v < 2 + EDITS; v++) {
      // Type a character at the end of the line, then delete it: the text stays realistic.
      const insert = v % 2 === 0;
      const at = { line: lineToEdit, character: lineLength };
      const change = insert
        ? { range: { start: at, end: at }, text: ' ' }
        : { range: { start: at, end: { line: lineToEdit, character: lineLength + 1 } }, text: '' };
      const next = client.nextDiagnostics(uri, v);
      const start = process.hrtime.bigint();
      client.change(uri, v, [change]);
      await next;
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return latencies;
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function lspBenchmarks(tools: Tools): Promise<void> {
  const ours = [process.execPath, [CLI, 'lsp', '--stdio']] as const;
  const asVsCode = [process.execPath, [...VSCODE_OPTIONS, CLI, 'lsp', '--stdio']] as const;
  const canonical = canonicalDockerfile();
  const small = await editLatency(ours[0], [...ours[1]], 'Dockerfile', 'dockerfile', canonical, 5);
  rows.push({ what: `edit → diagnostics, canonical ${canonical.split('\n').length - 1}-line Dockerfile`, ours: `p50 ${fmtMs(median(small))}, p95 ${fmtMs(percentile(small, 95))}`, theirs: '', ratio: '—', target: '', met: undefined });

  const buildkit = fs.readFileSync(path.join(CORPUS, 'dockerfiles/moby__buildkit__Dockerfile'), 'utf8');
  const editLine = Math.floor(buildkit.split('\n').length / 2);
  // Fresh servers, alternating, LSP_ROUNDS times each: a 2-core machine's noise between two single runs is larger than the difference measured.
  const oursBk: number[] = [];
  const asVsCodeBk: number[] = [];
  const theirsBk: number[] | undefined = tools.dockerLangserver ? [] : undefined;
  for (let round = 0; round < LSP_ROUNDS; round++) {
    oursBk.push(...(await editLatency(ours[0], [...ours[1]], 'Dockerfile', 'dockerfile', buildkit, editLine)));
    if (theirsBk) theirsBk.push(...(await editLatency(process.execPath, [tools.dockerLangserver!, '--stdio'], 'Dockerfile', 'dockerfile', buildkit, editLine)));
    if (VSCODE_OPTIONS.length) asVsCodeBk.push(...(await editLatency(asVsCode[0], [...asVsCode[1]], 'Dockerfile', 'dockerfile', buildkit, editLine)));
  }
  rows.push({
    what: `edit → diagnostics, BuildKit Dockerfile (${(buildkit.length / 1024).toFixed(0)} KB; \`lsp --stdio\`, ${LSP_ROUNDS} fresh servers each, ${EDITS} edits per server)`,
    ours: `p50 ${fmtMs(median(oursBk))}, p95 ${fmtMs(percentile(oursBk, 95))}`,
    theirs: theirsBk ? `dockerfile-language-server-nodejs p50 ${fmtMs(median(theirsBk))}, p95 ${fmtMs(percentile(theirsBk, 95))}` : 'dockerfile-language-server-nodejs: unavailable',
    ratio: theirsBk ? (median(oursBk) / median(theirsBk)).toFixed(2) : '—',
    target: 'p50 ratio ≤ 1.0',
    met: theirsBk ? median(oursBk) <= median(theirsBk) : undefined,
  });
  if (VSCODE_OPTIONS.length) {
    rows.push({
      what: `the same, server started with the node options the VS Code client passes here (\`${VSCODE_OPTIONS.join(' ')}\`)`,
      ours: `p50 ${fmtMs(median(asVsCodeBk))}, p95 ${fmtMs(percentile(asVsCodeBk, 95))}`,
      theirs: theirsBk ? `dockerfile-language-server-nodejs p50 ${fmtMs(median(theirsBk))}` : '—',
      ratio: theirsBk ? (median(asVsCodeBk) / median(theirsBk)).toFixed(2) : '—',
      target: 'p50 ratio ≤ 1.0',
      met: theirsBk ? median(asVsCodeBk) <= median(theirsBk) : undefined,
    });
  }

  const manifest = manifestWithContainers(300);
  const parseTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const s = process.hrtime.bigint();
    parseAllDocuments(manifest);
    parseTimes.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const bareParse = median(parseTimes.slice(3));
  const oursYaml = await editLatency(ours[0], [...ours[1]], 'deploy.yaml', 'yaml', manifest, manifest.split('\n').length - 3);
  rows.push({
    what: `edit → diagnostics, 300-container manifest (${manifest.split('\n').length} lines)`,
    ours: `p50 ${fmtMs(median(oursYaml))}, p95 ${fmtMs(percentile(oursYaml, 95))}`,
    theirs: `one bare yaml parse ${fmtMs(bareParse)}`,
    ratio: (median(oursYaml) / bareParse).toFixed(2),
    target: 'p50 ≤ 1 bare parse',
    met: median(oursYaml) <= bareParse,
  });

  // Completion right after `FROM ` on a new line.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-bench-'));
  const client = new BenchLspClient(ours[0], [...ours[1]], dir);
  try {
    await client.initialize(dir);
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    const text = canonical + 'FROM \n';
    const first = client.nextDiagnostics(uri);
    client.open(uri, 'dockerfile', text);
    await first;
    const line = text.split('\n').length - 2;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const s = process.hrtime.bigint();
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character: 5 } });
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    rows.push({ what: 'completion after `FROM `', ours: `p50 ${fmtMs(median(times))}, p95 ${fmtMs(percentile(times, 95))}`, theirs: '', ratio: '—', target: '', met: undefined });
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const bare = bareNodeRssMb();
  const servers: [string, readonly [string, readonly string[]]][] = [['`lsp --stdio`', ours]];
  if (VSCODE_OPTIONS.length) servers.push([`started as the VS Code client starts it here (\`${VSCODE_OPTIONS.join(' ')}\`)`, asVsCode]);
  for (const [how, command] of servers) {
    const memory = await corpusMemory(command[0], [...command[1]]);
    rows.push({
      what: `server memory (RSS), ${how}, ${memory.opened} corpus files open: right after their diagnostics; then after ${MEMORY_SETTLE_MS / 1000} idle seconds`,
      ours: `${memory.loaded.toFixed(0)} MB; settled ${memory.settled.toFixed(0)} MB (${memory.split})`,
      theirs: `bare \`node\` ${bare.toFixed(0)} MB`,
      ratio: '—',
      target: '≤ 80 MB',
      met: memory.settled <= 80,
    });
  }
}

/** A fresh server with every corpus file open: RSS once all have diagnostics, and after the idle memory trim has run (server/src/lsp/idleMemory.ts). */
async function corpusMemory(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ opened: number; loaded: number; settled: number; split: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-bench-'));
  const client = new BenchLspClient(command, args, dir, env);
  try {
    await client.initialize(dir);
    const pending: Promise<unknown>[] = [];
    let opened = 0;
    for (const folder of ['dockerfiles', 'k8s', 'k8s-helm', 'compose']) {
      for (const f of fs.readdirSync(path.join(CORPUS, folder))) {
        const name = f.split('__').pop()!;
        const fileUri = pathToFileURL(path.join(dir, folder, f, name)).href;
        const body = fs.readFileSync(path.join(CORPUS, folder, f), 'utf8');
        pending.push(client.nextDiagnostics(fileUri));
        client.open(fileUri, folder === 'dockerfiles' ? 'dockerfile' : name.includes('compose') ? 'dockercompose' : 'yaml', body);
        opened++;
      }
    }
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 60000))]);
    const loaded = client.rssMb();
    await new Promise((r) => setTimeout(r, MEMORY_SETTLE_MS));
    return { opened, loaded, settled: client.rssMb(), split: client.rssSplitMb() };
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** RSS of a bare `node` process that has started and sits idle: the floor any Node language server starts from. */
function bareNodeRssMb(node = process.execPath, env?: NodeJS.ProcessEnv): number {
  const script = "setTimeout(() => process.stdout.write(/VmRSS:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]), 500)";
  return Number(execFileSync(node, ['-e', script], { encoding: 'utf8', env })) / 1024;
}

/**
 * The memory row once per runtime the editors really run the server on: Node 20 (this bench's
 * default), Node 22 (VS Code's Electron), Node 24 (code-server), and Electron itself when one is
 * installed. Each with the options the VS Code client passes on this machine.
 */
async function runtimeMemoryBenchmarks(): Promise<void> {
  const log = (m: string) => process.stderr.write(m + '\n');
  const runtimes = [ensureNode(20, log), ensureNode(22, log), ensureNode(24, log), electronRuntime()];
  for (const [i, runtime] of runtimes.entries()) {
    if (!runtime) {
      const name = ['Node 20', 'Node 22', 'Node 24', 'Electron'][i];
      rows.push({ what: `server memory (RSS) under ${name}`, ours: 'runtime not available here', theirs: '', ratio: '—', target: '≤ 80 MB', met: undefined });
      continue;
    }
    const env = runtime.label === 'Electron' ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : undefined;
    const memory = await corpusMemory(runtime.node, [...VSCODE_OPTIONS, CLI, 'lsp', '--stdio'], env);
    rows.push({
      what: `server memory (RSS) under ${runtime.label} (${runtime.version})${VSCODE_OPTIONS.length ? `, \`${VSCODE_OPTIONS.join(' ')}\`` : ''}, ${memory.opened} corpus files open; after ${MEMORY_SETTLE_MS / 1000} idle seconds`,
      ours: `${memory.loaded.toFixed(0)} MB; settled ${memory.settled.toFixed(0)} MB (${memory.split})`,
      theirs: `bare \`node\` ${bareNodeRssMb(runtime.node, env).toFixed(0)} MB`,
      ratio: '—',
      target: '≤ 80 MB',
      met: memory.settled <= 80,
    });
  }
}

function activationBenchmark(): void {
  const probe = path.join(__dirname, 'activation-probe.cjs');
  if (!fs.existsSync(path.join(ROOT, 'client/out/extension.js'))) {
    rows.push({ what: 'extension activation', ours: 'client not built', theirs: '', ratio: '—', target: '≤ 50 ms', met: false });
    return;
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, [probe, path.join(ROOT, 'client/out/extension.js')], { encoding: 'utf8' });
    times.push(Number(out.trim()));
  }
  const ms = median(times);
  rows.push({ what: 'extension activation (load + activate(), server start excluded)', ours: fmtMs(ms), theirs: '', ratio: '—', target: '≤ 50 ms', met: ms <= 50 });
}

function vsixBenchmark(): void {
  const result = spawnSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  const vsix = fs.readdirSync(ROOT).filter((f) => f.endsWith('.vsix')).map((f) => path.join(ROOT, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (result.status !== 0 || !vsix) {
    rows.push({ what: '.vsix size', ours: 'npm run package failed', theirs: '', ratio: '—', target: '< 2 MB', met: false });
    return;
  }
  const mb = fs.statSync(vsix).size / 1024 / 1024;
  rows.push({ what: '.vsix size', ours: `${mb.toFixed(2)} MB`, theirs: '', ratio: '—', target: '< 2 MB', met: mb < 2 });
}

function scalingBenchmarks(): void {
  const config = defaultConfig();
  for (const [kind, make, file] of [
    ['Dockerfile', scaledDockerfile, 'Dockerfile'],
    ['manifest', scaledManifest, 'deploy.yaml'],
  ] as const) {
    const perKLine: number[] = [];
    const parts: string[] = [];
    for (const lines of [1000, 10000, 50000]) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        // A fresh text each time: cold work, not the per-script and per-document caches.
        const text = make(lines, `-${lines}-${i}`);
        const s = process.hrtime.bigint();
        lintText({ filePath: file, text, config, budgetMs: 600000 });
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      const ms = median(times);
      perKLine.push(ms / (lines / 1000));
      parts.push(`${lines / 1000}k: ${fmtMs(ms)}`);
    }
    const growth = perKLine[2] / perKLine[0];
    rows.push({ what: `lint scaling, ${kind} 1k / 10k / 50k lines`, ours: parts.join(', '), theirs: '', ratio: `per-line cost ×${growth.toFixed(2)}`, target: 'linear (per-line cost ×≤ 2)', met: growth <= 2 });
  }
}

function render(): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()} with ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; \`npm run bench\` regenerates this table.`,
    '',
    '| measurement | go-container-standard | comparison | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.ours} | ${r.theirs || '—'} | ${r.ratio} | ${r.target || '—'} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const tools = ensureTools((m) => process.stderr.write(m + '\n'));
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want('cli')) cliBenchmarks(tools);
  if (want('lsp')) await lspBenchmarks(tools);
  if (want('runtimes')) await runtimeMemoryBenchmarks();
  if (want('activation')) activationBenchmark();
  if (want('scaling')) scalingBenchmarks();
  if (want('vsix')) vsixBenchmark();
  const table = render();
  process.stdout.write(table + '\n');
  if (only.length === 0) {
    const readmePath = path.join(ROOT, 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const begin = '<!-- bench:begin (generated by npm run bench) -->';
    const end = '<!-- bench:end -->';
    const a = readme.indexOf(begin);
    const b = readme.indexOf(end);
    if (a !== -1 && b > a) fs.writeFileSync(readmePath, readme.slice(0, a + begin.length) + '\n\n' + table + '\n\n' + readme.slice(b));
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
