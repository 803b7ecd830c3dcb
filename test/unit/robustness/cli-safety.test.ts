// The claims of docs/safety.md, checked: nothing from the workspace is run or loaded as code, the
// config file is YAML data, and the extension declares untrusted-workspace support.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT, ensureBuilt } from '../../lsp/harness';

function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push({ file: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

/** Lines of the shipped sources (server and client) that match, as `file:line: text`. */
function matching(pattern: RegExp): string[] {
  return [...sources(path.join(ROOT, 'server', 'src')), ...sources(path.join(ROOT, 'client', 'src'))].flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) => (pattern.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** The line number of the first line of cliLauncher.ts that matches. */
function launcherLine(pattern: RegExp): number {
  return fs.readFileSync(path.join(ROOT, 'server/src/cliLauncher.ts'), 'utf8').split('\n').findIndex((l) => pattern.test(l)) + 1;
}

describe('safety: the workspace is data, never code', () => {
  it('starts no processes and evaluates no code in the shipped sources', () => {
    // One exception: Helm charts are rendered by running helm, with `helm template` and fixed flags only.
    const processes = matching(/child_process|\beval\s*\(|new Function\s*\(|execSync|spawnSync|\bexecFile\b|(?<![.\w])spawn\((?!\))/);
    assert.deepEqual(processes.filter((l) => !l.startsWith('server/src/engine/helm/render.ts:')), []);
    const helmRuns = processes.filter((l) => /spawn(Sync)?\(/.test(l) && !l.includes('import'));
    assert.equal(helmRuns.length, 2, helmRuns.join('\n'));
    for (const line of helmRuns) assert.match(line, /spawn(Sync)?\(helmPath, templateArgs\(chartDir, valueFiles\)/);
    assert.deepEqual(matching(/^export function templateArgs|return \['template'/).map((l) => l.replace(/^[^:]+:\d+: /, '')), [
      'export function templateArgs(chartDir: string, valueFiles: string[]): string[] {',
      "return ['template', 'release-name', chartDir, '--namespace', 'default', '--skip-tests', ...valueFiles.flatMap((f) => ['--values', f])];",
    ]);
    // vm in two places: the CLI launcher, which compiles the CLI bundle beside it (with its code
    // cache), and the idle memory trim, whose one fixed expression fetches V8's gc.
    const vm = matching(/node:vm|require\(['"]vm['"]\)|new vm\.Script\(|vm\.run/);
    assert.deepEqual(vm.map((l) => l.split(':')[0]), ['server/src/cliLauncher.ts', 'server/src/cliLauncher.ts', 'server/src/lsp/idleMemory.ts', 'server/src/lsp/idleMemory.ts']);
    assert.deepEqual(matching(/vm\.run/).map((l) => l.replace(/^[^:]+:\d+: /, '')), ["const gc = vm.runInNewContext('gc') as ((options?: { type: 'minor' }) => void) | undefined;"]);
    assert.deepEqual(matching(/const bundle = /).filter((l) => l.startsWith('server/src/cliLauncher.ts')), ['server/src/cliLauncher.ts:' + launcherLine(/const bundle = /) + ': const bundle = path.join(__dirname, BUNDLE_NAME);']);
    assert.ok(matching(/new vm\.Script\(Module\.wrap\(source\)/).length === 1, 'the launcher compiles the source it read from the bundle file');
  });

  it('loads modules only by literal names, and starts workers only from its own bundle', () => {
    // `require(x)` / `import(x)` with a computed name could load a workspace file as code. The
    // launcher's require(bundle) is the CLI bundle beside it (checked above).
    const computed = matching(/\b(require|import)\s*\(\s*[^'"`\s)]/).filter((l) => !/import\('[^']+'\)/.test(l) && !l.includes('new Worker('));
    assert.deepEqual(computed, ['server/src/cliLauncher.ts:' + launcherLine(/run\(require\(bundle\)/) + ': run(require(bundle) as CliBundle);']);
    const workers = matching(/new Worker\(/);
    for (const line of workers) assert.match(line, /require\(\$\{JSON\.stringify\(this\.bundle\)\}\)/, 'a worker runs the server bundle and nothing else');
    const bundle = matching(/function defaultBundle|return typeof __filename/);
    assert.ok(bundle.some((l) => l.includes('__filename')), 'the worker bundle is the running bundle (__filename)');
  });

  it('compiles a JSON schema only from the schema shipped with the extension', () => {
    const compiles = matching(/\.compile\(|new Ajv\(/);
    assert.ok(compiles.length > 0);
    for (const line of compiles) assert.match(line, /server\/src\/engine\/config-schema\.ts:.*(new Ajv\(\{|ajv\.compile\(schema\))/);
    assert.deepEqual(matching(/import schema from/).map((l) => l.replace(/:\d+:/, ':')), ["server/src/engine/config-schema.ts: import schema from '../../../schemas/container-standard.schema.json';"]);
  });

  it('declares support for untrusted workspaces', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } };
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, true);
  });

  describe('a hostile config file through the built CLI', () => {
    let dir: string;
    before(() => {
      ensureBuilt();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-safety-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('treats YAML tags that other loaders turn into code as data: nothing runs, the config is reported', () => {
      const marker = path.join(dir, 'pwned');
      const payload = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`;
      fs.writeFileSync(
        path.join(dir, '.container-standard.yaml'),
        [
          `rules: !!js/function "function () { ${payload.replace(/"/g, '\\"')} }"`,
          `minGoVersion: !!js/eval "${payload.replace(/"/g, '\\"')}"`,
          `imageTagPattern: !<tag:yaml.org,2002:js/undefined> ''`,
          `ignore: !!python/object/apply:os.system ["touch ${marker}"]`,
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang\n');
      const r = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /^\s+at .+/m);
      assert.equal(fs.existsSync(marker), false, 'the payload ran');
      const report = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
      assert.ok(report.find((f) => f.filePath === '.container-standard.yaml')?.messages.some((m) => m.ruleId === 'config-invalid'), 'the config is reported as invalid');
      assert.ok(report.find((f) => f.filePath === 'Dockerfile')?.messages.some((m) => m.ruleId === 'no-latest-tag'), 'linting goes on with the defaults');
    });
  });
});
