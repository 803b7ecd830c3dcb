// Baselines: --write-baseline records today's findings; --baseline (or the config's `baseline:`)
// leaves them out, matched by rule, file and the text they point at.
import { describe, it, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLint } from '../../server/src/cli/lint';
import { findingText } from '../../server/src/cli/baseline';
import { CORPUS } from '../corpusPath';

function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runLint(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => '', cwd, color: false, version: '0.0.0-test' });
  return { code, stdout, stderr };
}

const ruleIds = (stdout: string) => (JSON.parse(stdout) as { messages: { ruleId: string; line: number }[] }[]).flatMap((f) => f.messages.map((m) => `${m.ruleId}@${m.line}`)).sort();

// Two findings of one rule with the same text (two untagged alpine stages) are matched by count.
const DOCKERFILE = 'FROM alpine AS tools\nRUN echo tools\n\nFROM alpine\nCOPY --from=tools /etc/hostname /x\n';

describe('baseline', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-baseline-'));
    fs.mkdirSync(path.join(dir, 'svc'));
    fs.writeFileSync(path.join(dir, 'svc/Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'svc/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/app:latest\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--write-baseline records every finding with rule, file, fingerprint, line and message, and exits 0', () => {
    const all = run(['--format', 'json', 'svc'], dir);
    assert.equal(all.code, 1);
    const w = run(['--format', 'json', '--write-baseline', 'baseline.json', 'svc'], dir);
    assert.equal(w.code, 0);
    assert.match(w.stderr, /wrote \d+ findings to the baseline baseline\.json/);
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { version: number; findings: { rule: string; file: string; fingerprint: string; line: number; message: string }[] };
    assert.equal(baseline.version, 1);
    assert.deepEqual(baseline.findings.map((f) => `${f.rule}@${f.line}`).sort(), ruleIds(all.stdout));
    assert.ok(baseline.findings.every((f) => /^svc\/(Dockerfile|pod\.yaml)$/.test(f.file) && /^[0-9a-f]{16}$/.test(f.fingerprint) && f.message));
  });

  it('--baseline hides known findings, says how many, and exits as if they were absent', () => {
    run(['--write-baseline', 'baseline.json', 'svc'], dir);
    const r = run(['--format', 'json', '--baseline', 'baseline.json', 'svc'], dir);
    assert.deepEqual(ruleIds(r.stdout), []);
    assert.equal(r.code, 0);
    const count = (JSON.parse(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { findings: unknown[] }).findings.length;
    assert.match(r.stderr, new RegExp(`${count} known findings hidden by the baseline`));
  });

  it('an edit above a known finding does not bring it back; a new finding fails the run', () => {
    run(['--write-baseline', 'baseline.json', 'svc'], dir);
    fs.writeFileSync(path.join(dir, 'svc/Dockerfile'), '# syntax=docker/dockerfile:1\n\n' + DOCKERFILE);
    const moved = run(['--format', 'json', '--baseline', 'baseline.json', 'svc'], dir);
    assert.deepEqual(ruleIds(moved.stdout), []);
    assert.equal(moved.code, 0);
    fs.writeFileSync(path.join(dir, 'svc/Dockerfile'), '# syntax=docker/dockerfile:1\n\n' + DOCKERFILE + 'FROM alpine\n');
    const added = run(['--format', 'json', '--baseline', 'baseline.json', 'svc'], dir);
    // A third untagged alpine: the baseline knows two of that text, so exactly one is new.
    assert.deepEqual(ruleIds(added.stdout).filter((id) => id.startsWith('no-latest-tag')), ['no-latest-tag@8']);
    assert.equal(added.code, 1);
  });

  it('a changed finding text is a new finding, and the stale entry is reported', () => {
    run(['--write-baseline', 'baseline.json', 'svc'], dir);
    fs.writeFileSync(path.join(dir, 'svc/pod.yaml'), fs.readFileSync(path.join(dir, 'svc/pod.yaml'), 'utf8').replace('app:latest', 'app'));
    const r = run(['--format', 'json', '--baseline', 'baseline.json', 'svc'], dir);
    assert.deepEqual(ruleIds(r.stdout), ['k8s-image-tag@8']);
    assert.match(r.stderr, /1 baseline entry matches nothing any more/);
    fs.writeFileSync(path.join(dir, 'svc/Dockerfile'), 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n');
    const fixed = run(['--format', 'json', '--baseline', 'baseline.json', 'svc/Dockerfile'], dir);
    assert.equal(fixed.code, 0);
    assert.match(fixed.stderr, /0 known findings hidden by the baseline; \d+ baseline entries match nothing any more/);
  });

  it('the config file\'s baseline: applies, relative to the config; --baseline takes precedence', () => {
    run(['--write-baseline', 'svc/known.json', '--rule', 'k8s-image-tag', 'svc'], dir);
    fs.writeFileSync(path.join(dir, '.container-standard.yaml'), 'baseline: svc/known.json\n');
    const viaConfig = run(['--format', 'json', 'svc'], dir);
    assert.ok(!ruleIds(viaConfig.stdout).some((id) => id.startsWith('k8s-image-tag')));
    assert.ok(ruleIds(viaConfig.stdout).some((id) => id.startsWith('no-latest-tag')));
    run(['--write-baseline', 'all.json', 'svc'], dir);
    const explicit = run(['--format', 'json', '--baseline', 'all.json', 'svc'], dir);
    assert.deepEqual(ruleIds(explicit.stdout), []);
    // From another working folder, the paths still resolve against the baseline's folder.
    const fromSvc = run(['--format', 'json', '.'], path.join(dir, 'svc'));
    assert.ok(!ruleIds(fromSvc.stdout).some((id) => id.startsWith('k8s-image-tag')));
  });

  it('a missing or foreign baseline file is a usage error; parse errors are never hidden', () => {
    assert.equal(run(['--baseline', 'nope.json', 'svc'], dir).code, 2);
    fs.writeFileSync(path.join(dir, 'foreign.json'), '{"results": []}');
    const foreign = run(['--baseline', 'foreign.json', 'svc'], dir);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /not a go-container-standard baseline/);
    fs.mkdirSync(path.join(dir, 'folder.json'));
    assert.match(run(['--baseline', 'folder.json', 'svc'], dir).stderr, /baseline file '.*folder\.json' was not read: it is not a regular file/);
    fs.writeFileSync(path.join(dir, '.container-standard.yaml'), 'baseline: 3\n');
    const badConfig = run(['--format', 'json', 'svc'], dir);
    assert.ok(ruleIds(badConfig.stdout).includes('config-invalid@1'), 'baseline: takes a file name');
    fs.rmSync(path.join(dir, '.container-standard.yaml'));
    // A broken manifest (YAML that is no manifest or compose file gets no finding at all).
    fs.writeFileSync(path.join(dir, 'svc/broken.yaml'), 'apiVersion: [\nkind: Pod\n');
    run(['--write-baseline', 'baseline.json', 'svc'], dir);
    const r = run(['--format', 'json', '--baseline', 'baseline.json', 'svc'], dir);
    assert.deepEqual(ruleIds(r.stdout), ['parse-error@1']);
    assert.equal(r.code, 1);
  });

  it('the corpus: every finding stays known after a line is added above it in each file', () => {
    for (const folder of ['dockerfiles', 'k8s', 'compose']) fs.cpSync(path.join(CORPUS, folder), path.join(dir, 'corpus', folder), { recursive: true });
    const written = run(['--write-baseline', 'corpus.json', 'corpus'], dir);
    const recorded = Number(/wrote (\d+) findings/.exec(written.stderr)![1]);
    assert.ok(recorded > 1000, `${recorded} findings recorded`);
    let edited = 0;
    for (const folder of ['dockerfiles', 'k8s', 'compose']) {
      for (const name of fs.readdirSync(path.join(dir, 'corpus', folder))) {
        const file = path.join(dir, 'corpus', folder, name);
        const text = fs.readFileSync(file, 'latin1');
        // Not before parser directives (`# syntax=`, `# escape=`), a BOM or a document start, whose meaning a line above would change.
        if (/^(#|\ufeff|\u00ef|---|%)/.test(text)) continue;
        fs.writeFileSync(file, `# an unrelated edit above${text.includes('\r\n') ? '\r\n' : '\n'}${text}`, 'latin1');
        edited++;
      }
    }
    assert.ok(edited > 100, `${edited} files edited`);
    const r = run(['--format', 'json', '--baseline', 'corpus.json', 'corpus'], dir);
    assert.match(r.stderr, new RegExp(`${recorded} known findings hidden by the baseline\n`));
    // Left: the corpus manifest that is not valid YAML on purpose, Polaris's test_3/bad.yaml (parse errors are
    // never baselined); kube-linter's testdata/invalid.yaml is prose, not a manifest, and gets no finding.
    assert.deepEqual(ruleIds(r.stdout), ['parse-error@4']);
  });

  it('fingerprints the text a finding points at, whitespace collapsed, or its whole line when the range is empty', () => {
    const text = 'FROM  alpine\r\nRUN a \\\n  b\n';
    assert.equal(findingText({ start: { line: 0, character: 6 }, end: { line: 0, character: 12 } }, text), 'alpine');
    assert.equal(findingText({ start: { line: 1, character: 0 }, end: { line: 2, character: 3 } }, text), 'RUN a \\ b');
    assert.equal(findingText({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text), 'FROM alpine');
  });
});
