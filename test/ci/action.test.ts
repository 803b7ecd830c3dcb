// The GitHub Action (action.yml + scripts/action.mjs), run with the workflow environment simulated,
// and workflows using it checked by actionlint.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const INPUTS = ['paths', 'config', 'format', 'fail-on', 'baseline', 'sarif-file'];

function actionlintPath(): string {
  const out = execFileSync(process.execPath, [path.join(root, 'scripts', 'ci-tools.mjs'), 'actionlint'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return (JSON.parse(out) as { actionlint: string }).actionlint;
}

describe('GitHub Action', () => {
  let tmp: string;
  let workspace: string;
  const runAction = (inputs: Record<string, string>) => {
    const outputFile = path.join(tmp, `output-${Math.random()}`);
    const summaryFile = path.join(tmp, `summary-${Math.random()}`);
    fs.writeFileSync(outputFile, '');
    fs.writeFileSync(summaryFile, '');
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_ACTION_PATH: root,
      RUNNER_TEMP: tmp,
    };
    // As action.yml's step passes them: every input, empty when not given.
    for (const name of INPUTS) env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`] = inputs[name] ?? '';
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'action.mjs')], { cwd: os.tmpdir(), env, encoding: 'utf8' });
    const outputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { code: run.status, stdout: run.stdout, stderr: run.stderr, outputs, summary: fs.readFileSync(summaryFile, 'utf8') };
  };

  before(() => {
    assert.ok(fs.existsSync(path.join(root, 'server/out/cli.js')), 'run npm run build first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-action-'));
    workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(path.join(workspace, 'api'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'api', 'Dockerfile'), 'FROM golang:1.24\nRUN go build -o /app .\nCMD /app\n');
    fs.writeFileSync(path.join(workspace, 'compose.yaml'), 'services:\n  api:\n    image: example/api:1.2.3\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('action.yml declares the inputs and passes every one to its entry', () => {
    const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, unknown>;
      runs: { using: string; steps: { run?: string; env?: Record<string, string> }[] };
    };
    assert.deepEqual(Object.keys(action.inputs).sort(), [...INPUTS].sort());
    assert.equal(action.inputs['fail-on'].default, 'error');
    assert.equal(action.inputs.format.default, 'github');
    assert.equal(action.runs.using, 'composite');
    const step = action.runs.steps.find((s) => s.run?.includes('scripts/action.mjs'))!;
    for (const name of INPUTS) assert.equal(step.env![`INPUT_${name.replace(/-/g, '_').toUpperCase()}`], `\${{ inputs.${name} }}`);
    assert.deepEqual(Object.keys(action.outputs).sort(), ['errors', 'hidden', 'notes', 'sarif-file', 'warnings']);
  });

  it('annotates, writes SARIF, sets outputs and the step summary, and fails on errors', () => {
    const r = runAction({ paths: 'api\ncompose.yaml' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^::error file=api\/Dockerfile,line=1,col=6,endLine=1,endColumn=17,title=multi-stage-build \(go-container-standard\)::/m);
    assert.match(r.stdout, /^::warning file=compose\.yaml,line=2,/m);
    const sarif = JSON.parse(fs.readFileSync(r.outputs['sarif-file'], 'utf8')) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(path.dirname(r.outputs['sarif-file']), tmp, 'in RUNNER_TEMP by default');
    const results = sarif.runs[0].results;
    assert.ok(results.some((x) => x.ruleId === 'multi-stage-build' && x.locations[0].physicalLocation.artifactLocation.uri === 'api/Dockerfile'));
    assert.equal(r.outputs.errors, String(results.filter((x) => x.level === 'error').length));
    assert.equal(r.outputs.warnings, String(results.filter((x) => x.level === 'warning').length));
    assert.equal(r.outputs.notes, String(results.filter((x) => x.level === 'note').length));
    assert.equal(r.outputs.hidden, '0');
    assert.match(r.summary, /^### Go Container Standard$/m);
    assert.match(r.summary, new RegExp(`^\\| error \\| ${r.outputs.errors} \\|$`, 'm'));
    assert.match(r.summary, /\| \[`multi-stage-build`\]\(\S+#multi-stage-build\) \| 1 \|/);
    assert.match(r.summary, /The step fails/);
  });

  it('fail-on decides the outcome: never passes, warning fails on warnings alone', () => {
    assert.equal(runAction({ paths: 'api', 'fail-on': 'never' }).code, 0);
    const warningsOnly = runAction({ paths: 'compose.yaml', 'fail-on': 'error' });
    assert.equal(warningsOnly.outputs.errors, '0');
    assert.ok(Number(warningsOnly.outputs.warnings) > 0);
    assert.equal(warningsOnly.code, 0);
    assert.equal(runAction({ paths: 'compose.yaml', 'fail-on': 'warning' }).code, 1);
  });

  it('a baseline hides known findings and reports how many; a new finding still fails', () => {
    execFileSync(process.execPath, [path.join(root, 'server/out/cli.js'), 'lint', 'api', '--write-baseline', 'known.json'], { cwd: workspace, stdio: 'ignore' });
    const known = runAction({ paths: 'api', baseline: 'known.json' });
    assert.equal(known.code, 0, known.stdout);
    assert.equal(known.outputs.errors, '0');
    assert.ok(Number(known.outputs.hidden) >= 3);
    assert.match(known.summary, new RegExp(`${known.outputs.hidden} known findings were hidden by the baseline`));
    fs.appendFileSync(path.join(workspace, 'api', 'Dockerfile'), 'FROM alpine\n');
    try {
      const added = runAction({ paths: 'api', baseline: 'known.json', 'sarif-file': 'out/report.sarif' });
      assert.equal(added.code, 1);
      assert.match(added.stdout, /^::error file=api\/Dockerfile,line=4,col=6,.*title=runtime-distroless-nonroot/m);
      assert.equal(added.outputs['sarif-file'], path.join(workspace, 'out', 'report.sarif'));
    } finally {
      fs.writeFileSync(path.join(workspace, 'api', 'Dockerfile'), 'FROM golang:1.24\nRUN go build -o /app .\nCMD /app\n');
    }
  });

  it('the format input chooses the log report; a wrong input fails the step with a message', () => {
    const junit = runAction({ paths: 'api', format: 'junit', 'fail-on': 'never' });
    assert.match(junit.stdout, /^<\?xml version="1\.0"/);
    const wrong = runAction({ 'fail-on': 'sometimes' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stdout, /^::error title=go-container-standard::Input 'fail-on' is 'sometimes'; expected one of error, warning, never\./m);
  });

  it('runs from a fresh checkout of the action, building the CLI on first use', () => {
    // What the runner downloads for `uses: owner/repo@ref`: the repository's files, without server/out.
    const checkout = path.join(tmp, 'action-checkout');
    execFileSync('git', ['clone', '-q', root, checkout]);
    assert.ok(!fs.existsSync(path.join(checkout, 'server/out/cli.js')));
    const outputFile = path.join(tmp, 'fresh-output');
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_ACTION_PATH: checkout, RUNNER_TEMP: tmp, INPUT_PATHS: 'api', INPUT_FAIL_ON: 'never' };
    delete env.npm_execpath;
    const run = spawnSync(process.execPath, [path.join(checkout, 'scripts', 'action.mjs')], { cwd: workspace, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.existsSync(path.join(checkout, 'server/out/cli.js')), 'built in the checkout');
    assert.match(run.stdout, /^::error file=api\/Dockerfile,line=1,col=6,/m);
    assert.match(fs.readFileSync(outputFile, 'utf8'), /^errors=[1-9]\d*$/m);
  });

  it('the documented workflow passes actionlint, and actionlint checks a workflow\'s inputs against action.yml', () => {
    const actionlint = actionlintPath();
    const example = path.join(root, 'docs', 'examples', 'github-workflow.yml');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(fs.readFileSync(example, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n').trim()), 'the README shows the example workflow');
    const checked = spawnSync(actionlint, [example], { encoding: 'utf8' });
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    // The same workflow against this checkout's action.yml (`uses: ./`): actionlint reads local actions' inputs.
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    fs.copyFileSync(path.join(root, 'action.yml'), path.join(repo, 'action.yml'));
    const local = fs.readFileSync(example, 'utf8').replace(/uses: go-container-standard\/go-container-standard@\S+/, 'uses: ./').replace('# baseline:', 'baseline:');
    fs.writeFileSync(path.join(repo, '.github', 'workflows', 'lint.yml'), local);
    const good = spawnSync(actionlint, [], { cwd: repo, encoding: 'utf8' });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    fs.writeFileSync(path.join(repo, '.github', 'workflows', 'lint.yml'), local.replace('fail-on: error', 'fail-on: error\n          fail-level: error'));
    const bad = spawnSync(actionlint, [], { cwd: repo, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /input "fail-level" is not defined in action/);
  });
});
