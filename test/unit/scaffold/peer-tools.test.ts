// Runs the peers' linters on what the scaffold writes: hadolint (with its default failure
// threshold) on the Dockerfile, actionlint on the workflows of two services in one repository.
// Both are installed on first use by scripts/scaffold-peer-tools.mjs and cached outside the repo.
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runScaffold } from '../../../server/src/cli/scaffold';
import { captureIo, tempDir, writeFiles } from '../fixtures';
import { ensureActionlint, ensureHadolint, ensureShellcheck } from '../../../scripts/scaffold-peer-tools.mjs';

describe('peer linters on the scaffolded files', { timeout: 900_000 }, () => {
  let hadolint = '';
  let actionlint = '';
  let shellcheck = '';
  before(() => {
    shellcheck = ensureShellcheck();
    hadolint = ensureHadolint();
    actionlint = ensureActionlint();
  });

  it('hadolint passes the Dockerfile with its defaults (numeric USER, no DL3066)', (t) => {
    for (const goLine of ['1.25', '1.21']) {
      const dir = tempDir(t);
      writeFiles(dir, { 'go.mod': `module github.com/acme/orders\n\ngo ${goLine}\n` });
      assert.equal(runScaffold(['dockerfile'], captureIo(dir)), 0);
      const r = spawnSync(hadolint, ['Dockerfile'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, `hadolint (go ${goLine}):\n${r.stdout}${r.stderr}`);
    }
    // Built from the repository root (go.mod replaces a module outside the service folder).
    const repo = tempDir(t);
    fs.mkdirSync(path.join(repo, '.git'));
    writeFiles(repo, { 'services/orders/go.mod': 'module example.com/orders\n\ngo 1.25\n\nreplace example.com/lib => ../../lib\n', 'lib/go.mod': 'module example.com/lib\n' });
    assert.equal(runScaffold(['dockerfile'], captureIo(path.join(repo, 'services/orders'))), 0);
    const fromRoot = spawnSync(hadolint, ['Dockerfile'], { cwd: path.join(repo, 'services/orders'), encoding: 'utf8' });
    assert.equal(fromRoot.status, 0, `hadolint (built from the root):\n${fromRoot.stdout}${fromRoot.stderr}`);
    // The check can fail: hadolint still flags a named user.
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot\n');
    assert.notEqual(spawnSync(hadolint, ['Dockerfile'], { cwd: dir, encoding: 'utf8' }).status, 0);
  });

  it('actionlint passes the workflows of two services in one repository, which do not share a name or concurrency group', (t) => {
    const repo = tempDir(t, 'gcs-mono-');
    fs.mkdirSync(path.join(repo, '.git'));
    for (const svc of ['orders', 'payments']) {
      writeFiles(repo, { [`services/${svc}/go.mod`]: `module github.com/acme/mono/services/${svc}\n\ngo 1.25\n` });
      const io = captureIo(path.join(repo, 'services', svc));
      assert.equal(runScaffold(['all'], io), 0, io.out + io.err);
    }
    const dir = path.join(repo, '.github/workflows');
    const files = fs.readdirSync(dir).sort();
    assert.deepEqual(files, ['publish-ghcr-orders.yml', 'publish-ghcr-payments.yml']);
    // With shellcheck: actionlint checks every run: script (it skips that silently without it).
    const r = spawnSync(actionlint, ['-no-color', '-shellcheck', shellcheck, ...files.map((f) => path.join('.github/workflows', f))], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, `actionlint:\n${r.stdout}${r.stderr}`);
    const workflows = files.map((f) => parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    assert.notEqual(workflows[0].name, workflows[1].name);
    assert.notEqual(workflows[0].concurrency.group, workflows[1].concurrency.group);
    files.forEach((f, i) => assert.ok(workflows[i].on.push.paths.includes(`.github/workflows/${f}`), `${f} filters on its own file`));
    for (const [i, svc] of ['orders', 'payments'].entries()) {
      const deployment = fs.readFileSync(path.join(repo, 'services', svc, 'deploy/k8s/deployment.yaml'), 'utf8');
      const makefile = fs.readFileSync(path.join(repo, 'services', svc, 'Makefile'), 'utf8');
      const image = workflows[i].env.IMAGE as string;
      assert.match(deployment, new RegExp(`image: ${image.replace(/\./g, '\\.')}:`));
      assert.match(makefile, new RegExp(`^IMAGE\\s+\\?= ${image.replace(/\./g, '\\.')}$`, 'm'));
    }
    // A service at the repository root gets publish-ghcr.yml, also clean.
    const root = tempDir(t, 'gcs-root-');
    fs.mkdirSync(path.join(root, '.git'));
    writeFiles(root, { 'go.mod': 'module github.com/acme/orders\n\ngo 1.25\n' });
    assert.equal(runScaffold(['workflow'], captureIo(root)), 0);
    const rootRun = spawnSync(actionlint, ['-no-color', '-shellcheck', shellcheck, '.github/workflows/publish-ghcr.yml'], { cwd: root, encoding: 'utf8' });
    assert.equal(rootRun.status, 0, `actionlint:\n${rootRun.stdout}${rootRun.stderr}`);
    // The check can fail: actionlint rejects a broken workflow.
    fs.writeFileSync(path.join(dir, 'broken.yml'), 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n');
    assert.notEqual(spawnSync(actionlint, ['-no-color', '.github/workflows/broken.yml'], { cwd: repo, encoding: 'utf8' }).status, 0);
    fs.writeFileSync(path.join(dir, 'unquoted.yml'), 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo $GITHUB_OUTPUT > $GITHUB_OUTPUT\n');
    const sc = spawnSync(actionlint, ['-no-color', '-shellcheck', shellcheck, '.github/workflows/unquoted.yml'], { cwd: repo, encoding: 'utf8' });
    assert.match(sc.stdout, /shellcheck reported issue/, 'shellcheck really runs');
  });
});
