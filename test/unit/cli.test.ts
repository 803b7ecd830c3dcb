import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLint } from '../../server/src/cli/lint';
import { isDockerfileName } from '../../server/src/engine/files';
import { prepareServiceChecks } from '../../server/src/engine/service';
import { CORPUS } from '../corpusPath';

function run(args: string[], cwd: string, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = runLint(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: () => stdin,
    cwd,
    color: false,
    version: '0.0.0-test',
  });
  return { code, stdout, stderr };
}

describe('Dockerfile names', () => {
  for (const name of ['Dockerfile', 'Containerfile', 'api.Dockerfile', 'Dockerfile.prod', 'Dockerfile-windows', 'svc__Dockerfile', 'dockerfile', 'Dockerfile_arm', 'Dockerfile.deps'])
    it(`recognises ${name}`, () => assert.ok(isDockerfileName(`/x/${name}`)));
  for (const name of ['Dockerfiles', 'MyDockerfile', 'Dockerfile.dockerignore', 'dockerfile.go', 'Dockerfile.md', 'README'])
    it(`ignores ${name}`, () => assert.ok(!isDockerfileName(`/x/${name}`)));
});

describe('lint command', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-cli-'));
    fs.mkdirSync(path.join(dir, 'svc/node_modules/pkg'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'svc/generated'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
    fs.writeFileSync(path.join(dir, 'svc/Dockerfile'), 'FROM ubuntu\r\nRUN echo hi\r\n');
    fs.writeFileSync(path.join(dir, 'svc/api.Dockerfile'), 'FROM debian:bookworm\n');
    fs.writeFileSync(path.join(dir, 'svc/node_modules/pkg/Dockerfile'), 'FROM ubuntu\n');
    fs.writeFileSync(path.join(dir, 'svc/generated/Dockerfile'), 'FROM ubuntu\n');
    fs.writeFileSync(path.join(dir, '.git/Dockerfile'), 'FROM ubuntu\n');
    fs.writeFileSync(path.join(dir, 'svc/notes.txt'), 'FROM ubuntu\n');
    fs.writeFileSync(path.join(dir, 'svc/binary.Dockerfile'), Buffer.from([0x46, 0x52, 0, 1, 2, 0xff]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('walks folders, skipping node_modules, .git and what .gitignore ignores', () => {
    const r = run(['--format', 'json', '--rule', 'no-latest-tag', 'svc'], dir);
    const files = (JSON.parse(r.stdout) as { filePath: string }[]).map((f) => f.filePath).sort();
    assert.deepEqual(files, ['svc/Dockerfile', 'svc/api.Dockerfile', 'svc/binary.Dockerfile']);
    assert.equal(r.code, 1);
  });

  it('reports a binary file once and goes on', () => {
    const r = run(['--format', 'json', 'svc'], dir);
    const report = (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[]).find((f) => f.filePath === 'svc/binary.Dockerfile')!;
    assert.deepEqual(report.messages.map((m) => m.ruleId), ['file-skipped']);
  });

  it('writes SARIF 2.1.0 with rule metadata, 1-based regions and fixes', () => {
    const r = run(['--format', 'sarif', '--rule', 'no-latest-tag', 'svc/Dockerfile'], dir);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'no-latest-tag');
    assert.match(rule.helpUri, /#no-latest-tag$/);
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.equal(run0.results.length, 1);
    const result = run0.results[0];
    assert.equal(result.level, 'error');
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'no-latest-tag');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'svc/Dockerfile');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 1, startColumn: 6, endLine: 1, endColumn: 12 });
    assert.equal(result.fixes, undefined, 'ubuntu has no known pin, so no fix');
  });

  it('--fix applies safe fixes only: --rule does not unlock an unsafe one, and the summary says how to apply it', () => {
    const file = path.join(dir, 'unsafe.Dockerfile');
    fs.writeFileSync(file, 'FROM golang AS build\nRUN echo hi\n');
    const r = run(['--fix', '--rule', 'no-latest-tag', 'unsafe.Dockerfile'], dir);
    assert.equal(fs.readFileSync(file, 'utf8'), 'FROM golang AS build\nRUN echo hi\n', 'pinning golang replaces what the author wrote: unsafe');
    assert.match(r.stdout, /1 unsafe fix was available and not applied \(they may change behaviour: review them, then apply them with `--fix --unsafe-fixes`\)\./);
    const lint = run(['--rule', 'no-latest-tag', 'unsafe.Dockerfile'], dir);
    assert.match(lint.stdout, /1 more has an unsafe fix, hidden from `--fix`: it may change behaviour; review, then apply with `--fix --unsafe-fixes`\./);
    assert.doesNotMatch(lint.stdout, /can be fixed with the `--fix` option/);
    const stdin = run(['--stdin', '--stdin-filename', 'Dockerfile', '--fix', '--rule', 'no-latest-tag'], dir, 'FROM golang\n');
    assert.equal(stdin.stdout, 'FROM golang\n');
    assert.match(stdin.stderr, /1 unsafe fix was available and not applied/);
  });

  it('JSON and SARIF carry each fix\'s safety (SARIF as a property of the fix)', () => {
    fs.writeFileSync(path.join(dir, 'safety.Dockerfile'), 'FROM golang AS build\nRUN echo hi\n');
    const json = JSON.parse(run(['--rule', 'no-latest-tag', '--format', 'json', 'safety.Dockerfile'], dir).stdout);
    assert.equal(json[0].messages[0].fix.safety, 'unsafe');
    const sarif = JSON.parse(run(['--rule', 'no-latest-tag', '--format', 'sarif', 'safety.Dockerfile'], dir).stdout);
    assert.deepEqual(sarif.runs[0].results[0].fixes[0].properties, { safety: 'unsafe' });
  });

  it('--fix --unsafe-fixes rewrites files in place, keeping CRLF, and reports what remains', () => {
    const file = path.join(dir, 'fixme.Dockerfile');
    fs.writeFileSync(file, 'FROM golang AS build\r\nRUN echo hi\r\nFROM ubuntu\r\n');
    const r = run(['--fix', '--unsafe-fixes', '--rule', 'no-latest-tag', '--format', 'json', 'fixme.Dockerfile'], dir);
    assert.equal(fs.readFileSync(file, 'utf8'), 'FROM golang:1.24-bookworm AS build\r\nRUN echo hi\r\nFROM ubuntu\r\n');
    const messages = JSON.parse(r.stdout)[0].messages;
    assert.deepEqual(messages.map((m: { line: number }) => m.line), [3]);
    assert.equal(r.code, 1);
  });

  it('--stdin lints text with the given name; with --fix prints the fixed text', () => {
    const r = run(['--stdin', '--stdin-filename', 'Dockerfile', '--format', 'json', '--rule', 'no-latest-tag'], dir, 'FROM golang\n');
    assert.equal(JSON.parse(r.stdout)[0].messages.length, 1);
    const f = run(['--stdin', '--stdin-filename', 'Dockerfile', '--fix', '--unsafe-fixes', '--rule', 'no-latest-tag'], dir, 'FROM golang\n');
    assert.equal(f.stdout, 'FROM golang:1.24-bookworm\n');
    assert.equal(f.stderr, '');
    assert.equal(f.code, 0);
  });

  it('exit codes: 0 clean, 1 errors or too many warnings, 2 usage', () => {
    fs.writeFileSync(path.join(dir, 'clean.Dockerfile'), 'FROM debian:bookworm\n');
    assert.equal(run(['--rule', 'no-latest-tag', 'clean.Dockerfile'], dir).code, 0);
    assert.equal(run(['--rule', 'no-such-rule', 'clean.Dockerfile'], dir).code, 2);
    assert.equal(run(['--format', 'xml', 'clean.Dockerfile'], dir).code, 2);
    assert.equal(run(['--bogus'], dir).code, 2);
    assert.equal(run(['does-not-exist'], dir).code, 2);
    fs.writeFileSync(path.join(dir, '.container-standard.yaml'), 'rules:\n  no-latest-tag: warning\n');
    try {
      assert.equal(run(['--rule', 'no-latest-tag', 'svc/Dockerfile'], dir).code, 0);
      assert.equal(run(['--rule', 'no-latest-tag', '--max-warnings', '0', 'svc/Dockerfile'], dir).code, 1);
      assert.equal(run(['--rule', 'no-latest-tag', '--exit-zero', '--config', path.join(dir, 'missing.yaml'), 'svc/Dockerfile'], dir).code, 2);
    } finally {
      fs.rmSync(path.join(dir, '.container-standard.yaml'));
    }
  });

  it('reports a broken config file on the config file itself', () => {
    fs.writeFileSync(path.join(dir, 'svc/.container-standard.yaml'), 'rulez: {}\n');
    try {
      const r = run(['--format', 'json', '--rule', 'no-latest-tag', 'svc/api.Dockerfile'], dir);
      const reports = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
      const cfg = reports.find((x) => x.filePath === 'svc/.container-standard.yaml')!;
      assert.deepEqual(cfg.messages.map((m) => [m.ruleId, m.line]), [['config-invalid', 1]]);
      assert.equal(r.code, 1);
    } finally {
      fs.rmSync(path.join(dir, 'svc/.container-standard.yaml'));
    }
  });

  it('stylish output names the file, position, severity, message and rule', () => {
    const r = run(['--rule', 'no-latest-tag', 'svc/api.Dockerfile', 'svc/Dockerfile'], dir);
    assert.match(r.stdout, /svc\/Dockerfile\n  1:6 +error +'ubuntu' has no tag.*no-latest-tag/);
    assert.match(r.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 info\)/);
  });
});

describe('lint of one named file: the cross-file findings of its service too', () => {
  let dir: string;
  const ROOT = path.resolve(__dirname, '..', '..');
  before(async () => {
    await prepareServiceChecks();
    // The UX review's workspace: examples/payments-api plus microservices-demo's frontend Dockerfile, which builds '.' where there is no Go code.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-cli-one-'));
    fs.cpSync(path.join(ROOT, 'examples', 'payments-api'), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, 'frontend'));
    fs.copyFileSync(path.join(CORPUS, 'dockerfiles', 'GoogleCloudPlatform__microservices-demo__src__frontend__Dockerfile'), path.join(dir, 'frontend', 'Dockerfile'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const findingsOf = (args: string[], file: string) => {
    const { stdout } = run([...args, '--format', 'json'], dir);
    const report = (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[]).find((r) => r.filePath.endsWith(file));
    return (report?.messages ?? []).map((m) => `${m.ruleId}:${m.line}`).sort();
  };

  it('GoogleCloudPlatform__microservices-demo__src__frontend__Dockerfile: lint frontend/Dockerfile reports build-path-exists as lint . does', () => {
    const one = findingsOf(['frontend/Dockerfile'], 'frontend/Dockerfile');
    assert.ok(one.some((f) => f.startsWith('build-path-exists:')), one.join(' '));
    assert.deepEqual(one, findingsOf(['.'], 'frontend/Dockerfile'));
  });

  it('a named manifest gets its service findings, and no report for files not named', () => {
    const { stdout } = run(['deploy/deployment.yaml', '--format', 'json'], dir);
    const reports = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    assert.deepEqual(reports.map((r) => path.basename(r.filePath)), ['deployment.yaml']);
    assert.deepEqual(findingsOf(['deploy/deployment.yaml'], 'deployment.yaml'), findingsOf(['.'], 'deploy/deployment.yaml'));
  });
});

describe('read and write failures have their own engine ids', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-cli-io-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const messagesOf = (stdout: string) => (JSON.parse(stdout) as { messages: { ruleId: string; severity: string; message: string; fix?: unknown }[] }[]).flatMap((f) => f.messages);

  it('reports a named file that cannot be read as file-unreadable, an error', () => {
    const r = run(['--format', 'json', '/dev/zero'], dir);
    const messages = messagesOf(r.stdout);
    assert.deepEqual(messages.map((m) => [m.ruleId, m.severity]), [['file-unreadable', 'error']]);
    assert.match(messages[0].message, /File cannot be read: it is not a regular file/);
    assert.equal(r.code, 1);
  });

  it('reports fixes it would not write (a file that is not UTF-8) as fix-not-written, beside the findings', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), Buffer.concat([Buffer.from('FROM golang\n# caf'), Buffer.from([0xe9]), Buffer.from('\nRUN go build -o /app .\n')]));
    const r = run(['--format', 'json', '--fix', '--unsafe-fixes', 'Dockerfile'], dir);
    const messages = messagesOf(r.stdout);
    assert.equal(messages[0].ruleId, 'fix-not-written');
    assert.match(messages[0].message, /Fixes were not applied: the file is not valid UTF-8/);
    assert.ok(messages.some((m) => m.ruleId === 'no-latest-tag'), 'the findings it could not fix are still reported');
  });
});
