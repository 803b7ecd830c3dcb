// The npm package: `npm pack` makes a tarball of what runs (the CLI bundle, its code cache and the
// tree-sitter wasm files), which installs without dependencies and runs as `go-container-standard`
// from a global prefix and through `npx` in a project.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean; dependencies?: Record<string, string> };
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

describe('npm package', () => {
  let tmp: string;
  let tarball: string;
  let project: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(root, 'server/out/cli.js')), 'run npm run build first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-npm-'));
    // Packs the current build: prepack would rebuild server/out under the feet of test files running
    // beside this one. That npm pack and publish do build first is checked below.
    npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', tmp, root], tmp);
    tarball = path.join(tmp, `${pkg.name}-${pkg.version}.tgz`);
    project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, 'svc', 'cmd', 'svc'), { recursive: true });
    fs.writeFileSync(path.join(project, 'svc', 'Dockerfile'), 'FROM golang:1.24\nRUN go build -o /app ./cmd/svc\nRUN if true; then CGO_ENABLED=1 go build -o /app2 ./cmd/svc; fi\nCMD /app\n');
    fs.writeFileSync(path.join(project, 'svc', 'go.mod'), 'module example.com/svc\n\ngo 1.24\n');
    fs.writeFileSync(path.join(project, 'svc', 'cmd', 'svc', 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is publishable, with no runtime dependencies: the bundles need only Node built-ins', () => {
    assert.notEqual(pkg.private, true);
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
    const bundle = fs.readFileSync(path.join(root, 'server/out/cli-main.js'), 'utf8');
    const { builtinModules } = require('node:module') as typeof import('node:module');
    // A require() call (not ajv's generated code, which sits inside a string or template literal).
    const required = [...bundle.matchAll(/(?<![.\w'"`])require\("([^"]+)"\)/g)].map((m) => m[1]);
    const external = [...new Set(required)].filter((m) => !m.startsWith('node:') && !builtinModules.includes(m) && !m.startsWith('./'));
    assert.deepEqual(external, []);
  });

  it('builds before it is packed or published, and when installed from git (pre-commit)', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(scripts.prepack, 'node scripts/build.mjs');
    assert.equal(scripts.prepare, 'node scripts/prepare.mjs');
  });

  it('packs only what runs', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      // npm always packs `main` (the VS Code client, for the extension); the CLI does not load it.
      'client/out/extension.js',
      'package.json',
      'schemas/container-standard.schema.json',
      'server/out/cli-main.js',
      'server/out/cli-main.js.cache',
      'server/out/cli.js',
      'server/out/shell-parser.wasm',
      'server/out/tree-sitter-go.wasm',
      'server/out/tree-sitter.wasm',
    ]);
  });

  it('npm i -g installs a command that lints, with the code cache and the Go parser found where it is installed', () => {
    const prefix = path.join(tmp, 'prefix');
    npm(['install', '--global', '--offline', '--prefix', prefix, tarball], tmp);
    const bin = path.join(prefix, 'bin', 'go-container-standard');
    assert.ok(fs.existsSync(bin), 'the bin link exists');
    assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(), pkg.version);
    const run = spawnSync(bin, ['lint', 'svc', '--format', 'json'], { cwd: project, encoding: 'utf8', env: { ...process.env, GCS_DEBUG_CODE_CACHE: '1' } });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /code cache: used/);
    const rules = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    assert.ok(rules.includes('multi-stage-build'), 'Dockerfile rules ran');
    // Only a real parse finds the go build inside the if clause (line 3): the shell parser's wasm was found beside the installed bundle.
    const cgoLines = (JSON.parse(run.stdout) as { messages: { ruleId: string; line: number }[] }[]).flatMap((f) => f.messages.filter((m) => m.ruleId === 'cgo-disabled').map((m) => m.line));
    assert.ok(cgoLines.includes(3), `the shell parser ran: cgo-disabled on lines ${cgoLines.join(', ')}`);
    // graceful-shutdown reads main.go with tree-sitter: the wasm files were found beside the installed bundle.
    assert.ok(rules.includes('graceful-shutdown'), `service rules ran: ${rules.join(', ')}`);
  });

  it('npx runs it straight from the tarball, without installing it anywhere first', () => {
    const run = spawnSync('npx', ['--yes', '--offline', '--package', tarball, 'go-container-standard', 'lint', 'svc/Dockerfile', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.ok((JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[])[0].messages.some((m) => m.ruleId === 'cgo-disabled'));
  });

  it('npx go-container-standard lint . runs the copy installed in a project', () => {
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "project", "private": true }\n');
    npm(['install', '--offline', '--save-dev', tarball], project);
    const run = spawnSync('npx', ['--no-install', 'go-container-standard', 'lint', '.', '--format', 'github'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^::error file=svc\/Dockerfile,line=1,col=6,/m);
    assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).filter((d) => !d.startsWith('.')), ['go-container-standard'], 'no dependencies were installed');
  });
});
