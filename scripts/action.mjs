// The GitHub Action's entry (action.yml): lints the workspace with the CLI of this checkout, prints
// the report in the chosen format (annotations by default), writes a SARIF file for code scanning,
// sets the step's outputs and summary, and fails the step per `fail-on`. Inputs come as INPUT_*
// variables (action.yml passes them; composite actions do not set them on their own).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FORMATS = ['github', 'stylish', 'json', 'sarif', 'gitlab', 'junit'];
const FAIL_ON = ['error', 'warning', 'never'];
const RULES_DOCS = 'https://github.com/go-container-standard/go-container-standard/blob/main/docs/rules.md';

const input = (name) => (process.env[`INPUT_${name.replace(/ /g, '_').replace(/-/g, '_').toUpperCase()}`] ?? '').trim();

/** A workflow command's message, escaped as the runner expects. */
const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function fail(message) {
  process.stdout.write(`::error title=go-container-standard::${escapeData(message)}\n`);
  return 2;
}

/** Appends `name=value` lines to a GITHUB_OUTPUT-style file. */
function setOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  appendFileSync(file, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
}

function summary(counts, hidden, failOn, failed, sarifFile) {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const lines = ['### Go Container Standard', ''];
  const total = counts.error + counts.warning + counts.note;
  lines.push(total === 0 ? 'No findings.' : `${total} finding${total === 1 ? '' : 's'}:`, '');
  if (total > 0) {
    lines.push('| severity | findings |', '|---|---|', `| error | ${counts.error} |`, `| warning | ${counts.warning} |`, `| info | ${counts.note} |`, '');
    lines.push('| rule | findings |', '|---|---|');
    for (const [rule, n] of [...counts.byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) lines.push(`| [\`${rule}\`](${RULES_DOCS}#${rule}) | ${n} |`);
    lines.push('');
  }
  if (hidden > 0) lines.push(`${hidden} known finding${hidden === 1 ? ' was' : 's were'} hidden by the baseline.`, '');
  lines.push(failed ? `The step fails: findings at or above \`${failOn}\`.` : `Fails on: \`${failOn}\`.`, '', `SARIF report: \`${sarifFile}\``, '');
  appendFileSync(file, lines.join('\n') + '\n');
}

/** The CLI of this checkout; built first when the checkout has no build (a fresh action download). */
function cliPath() {
  const cli = join(root, 'server', 'out', 'cli.js');
  if (!existsSync(cli)) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'prepare.mjs')], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
    if (built.status !== 0 || !existsSync(cli)) throw new Error(`building the CLI in ${root} failed`);
  }
  return cli;
}

function main() {
  const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  const paths = input('paths').split(/\s+/).filter(Boolean);
  const format = input('format') || 'github';
  const failOn = input('fail-on') || 'error';
  const config = input('config');
  const baseline = input('baseline');
  const sarifFile = resolve(workspace, input('sarif-file') || join(process.env.RUNNER_TEMP || tmpdir(), 'go-container-standard.sarif'));
  if (!FORMATS.includes(format)) return fail(`Input 'format' is '${format}'; expected one of ${FORMATS.join(', ')}.`);
  if (!FAIL_ON.includes(failOn)) return fail(`Input 'fail-on' is '${failOn}'; expected one of ${FAIL_ON.join(', ')}.`);

  const cli = cliPath();
  mkdirSync(dirname(sarifFile), { recursive: true });
  const common = ['lint', ...(paths.length ? paths : ['.']), ...(config ? ['--config', config] : []), ...(baseline ? ['--baseline', baseline] : []), '--exit-zero'];
  // The SARIF report first, quietly: its results decide the outcome. Then the report for the log.
  const sarifRun = spawnSync(process.execPath, [cli, ...common, '--format', 'sarif', '--output-file', sarifFile], { cwd: workspace, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (sarifRun.status !== 0) {
    process.stderr.write(sarifRun.stderr);
    return fail(`go-container-standard lint failed (exit code ${sarifRun.status ?? sarifRun.signal}); see the log above.`);
  }
  const shown = spawnSync(process.execPath, [cli, ...common, '--format', format], { cwd: workspace, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  if (shown.status !== 0) return fail(`go-container-standard lint failed (exit code ${shown.status ?? shown.signal}).`);

  const results = JSON.parse(readFileSync(sarifFile, 'utf8')).runs.flatMap((run) => run.results ?? []);
  const counts = { error: 0, warning: 0, note: 0, byRule: new Map() };
  for (const r of results) {
    counts[r.level === 'error' || r.level === 'warning' ? r.level : 'note']++;
    counts.byRule.set(r.ruleId, (counts.byRule.get(r.ruleId) ?? 0) + 1);
  }
  const hidden = Number(/(\d+) known findings? hidden by the baseline/.exec(sarifRun.stderr)?.[1] ?? 0);
  const failed = failOn === 'error' ? counts.error > 0 : failOn === 'warning' ? counts.error + counts.warning > 0 : false;
  setOutputs({ 'sarif-file': sarifFile, errors: counts.error, warnings: counts.warning, notes: counts.note, hidden });
  summary(counts, hidden, failOn, failed, sarifFile);
  return failed ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.exitCode = fail(e.message);
}
