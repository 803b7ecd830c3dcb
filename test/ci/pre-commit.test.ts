// The pre-commit hook (.pre-commit-hooks.yaml), through PyPI's pre-commit (installed on first use
// by scripts/ci-tools.mjs) and `pre-commit try-repo` on a temporary repository.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('pre-commit hook', () => {
  let tmp: string;
  let repo: string;
  let preCommit: string;
  const tryRepo = (files: string[]) =>
    spawnSync(preCommit, ['try-repo', root, 'go-container-standard', '--verbose', '--files', ...files], {
      cwd: repo,
      encoding: 'utf8',
      // Its own store: the hook's environment is built from this checkout, never from a stale cache.
      env: { ...process.env, PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'), NO_COLOR: '1' },
    });

  before(() => {
    const tools = execFileSync(process.execPath, [path.join(root, 'scripts', 'ci-tools.mjs'), 'preCommit'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    preCommit = (JSON.parse(tools) as { preCommit: string }).preCommit;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-pre-commit-'));
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(repo, 'bad'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'good'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'deploy'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'bad', 'Dockerfile'), 'FROM golang:1.24\nRUN go build -o /app .\nCMD /app\n');
    fs.writeFileSync(path.join(repo, 'deploy', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: example/api:latest\n');
    // A Markdown file named like a Dockerfile, with FROM lines: the hook's exclude keeps it out.
    fs.writeFileSync(path.join(repo, 'bad', 'Dockerfile.md'), '# Notes\n\nFROM ubuntu\n');
    fs.copyFileSync(path.join(root, 'examples', 'payments-api', 'Dockerfile'), path.join(repo, 'good', 'Containerfile'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    execFileSync('git', ['add', '.'], { cwd: repo });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('fails on a bad Dockerfile and a bad manifest, reporting their findings', () => {
    const r = tryRepo(['bad/Dockerfile', 'bad/Dockerfile.md', 'deploy/pod.yaml']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /go-container-standard\.+Failed/);
    assert.match(r.stdout, /^bad\/Dockerfile$/m);
    assert.match(r.stdout, /multi-stage-build/);
    assert.match(r.stdout, /^deploy\/pod\.yaml$/m);
    assert.match(r.stdout, /k8s-image-tag/);
    assert.doesNotMatch(r.stdout, /Dockerfile\.md/);
  });

  it('passes a Containerfile that meets the standard', () => {
    const r = tryRepo(['good/Containerfile']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /go-container-standard\.+Passed/);
  });
});
