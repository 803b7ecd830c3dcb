// Where the server lints: ordinary documents on the main thread, large or slow ones in worker
// threads started from the built bundle on demand and ended when idle.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/engine/config';
import { lintText } from '../../server/src/engine/lint';
import { INLINE_MAX_CHARS, LintPool } from '../../server/src/lsp/lintPool';
import { runLintJob, type LintJob, type LintOutcome } from '../../server/src/lsp/lintJob';
import { ensureBuilt, ROOT } from './harness';

const BUNDLE = path.join(ROOT, 'server', 'out', 'server.js');
const DOCKERFILE = 'FROM golang:1.24-bookworm\nRUN go build -o /app .\n';

function lintJob(text: string): LintJob {
  return { type: 'lint', filePath: '/work/svc/Dockerfile', text, config: defaultConfig(), languageId: 'dockerfile', syntax: true };
}

/** Resolves once `condition` holds, checking after each turn of the event loop that lets timers run. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 6000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), what);
}

function codes(outcome: unknown): string[] {
  return (outcome as LintOutcome).findings.map((f) => f.ruleId).sort();
}

describe('lint pool', () => {
  ensureBuilt();

  it('lints an ordinary document on the main thread without starting a worker', async () => {
    const pool = new LintPool(2, () => undefined, BUNDLE);
    try {
      const outcome = await pool.run(lintJob(DOCKERFILE), 'file:///work/svc/Dockerfile');
      assert.deepEqual(codes(outcome), codes(runLintJob(lintJob(DOCKERFILE))));
      assert.ok(codes(outcome).includes('multi-stage-build'));
      assert.equal(pool.workerCount, 0);
    } finally {
      pool.dispose();
    }
  });

  it('lints a large document in a worker, with the same findings, and ends the worker once idle', async () => {
    const text = DOCKERFILE + '# padding comment line\n'.repeat(Math.ceil(INLINE_MAX_CHARS / 23) + 1);
    assert.ok(text.length > INLINE_MAX_CHARS);
    const pool = new LintPool(2, () => undefined, BUNDLE, { slowMs: 60_000, verySlowMs: 60_000, idleMs: 50 });
    try {
      const outcome = await pool.run(lintJob(text), 'file:///work/svc/Dockerfile');
      assert.equal(pool.workerCount, 1, 'a worker linted it');
      assert.deepEqual(codes(outcome), codes(runLintJob(lintJob(text))));
      await until(() => pool.workerCount === 0, 'the idle worker exits');
    } finally {
      pool.dispose();
    }
  });

  it('moves a document to a worker after two slow lints on the main thread in a row', async () => {
    const logs: string[] = [];
    // Every lint counts as slow here.
    const pool = new LintPool(1, (m) => logs.push(m), BUNDLE, { slowMs: 0, verySlowMs: 60_000, idleMs: 60_000 });
    const uri = 'file:///work/svc/Dockerfile';
    try {
      await pool.run(lintJob(DOCKERFILE), uri);
      assert.equal(pool.workerCount, 0, 'one slow lint is not enough (the first one also loads the engine)');
      await pool.run(lintJob(DOCKERFILE), uri);
      assert.equal(pool.workerCount, 0);
      assert.equal(logs.filter((m) => m.includes('worker thread from now on')).length, 1);
      const outcome = await pool.run(lintJob(DOCKERFILE), uri);
      assert.equal(pool.workerCount, 1, 'the third lint ran in a worker');
      assert.ok(codes(outcome).includes('multi-stage-build'));
      pool.forget(uri);
      await pool.run(lintJob(DOCKERFILE), uri);
      assert.equal(pool.workerCount, 1, 'a closed and reopened document starts on the main thread again (the idle worker stays until its time is up)');
    } finally {
      pool.dispose();
    }
  });

  it('moves a document to a worker after one very slow lint on the main thread', async () => {
    // Every lint counts as very slow here.
    const pool = new LintPool(1, () => undefined, BUNDLE, { slowMs: 60_000, verySlowMs: 0, idleMs: 60_000 });
    const uri = 'file:///work/svc/Dockerfile';
    try {
      await pool.run(lintJob(DOCKERFILE), uri);
      assert.equal(pool.workerCount, 0);
      const outcome = await pool.run(lintJob(DOCKERFILE), uri);
      assert.equal(pool.workerCount, 1, 'the second lint ran in a worker');
      assert.ok(codes(outcome).includes('multi-stage-build'));
    } finally {
      pool.dispose();
    }
  });

  it('lints an edit in one document of a large manifest on the main thread, from the findings the worker brought back', async () => {
    const deployment = (i: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pool-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: pool-${i}\n          image: ghcr.io/acme/pool-${i}:latest\n          resources: { limits: { cpu: 500m, memory: 512Mi } }\n`;
    const text = Array.from({ length: 800 }, (_, i) => deployment(i)).join('---\n');
    assert.ok(text.length > INLINE_MAX_CHARS);
    const job = (t: string): LintJob => ({ type: 'lint', filePath: '/work/pool/deploy.yaml', text: t, config: defaultConfig(), languageId: 'yaml', syntax: true });
    // The reference: the whole file in one lint, with no time budget (800 documents at once can
    // pass the default 3 s on a loaded machine and skip rules; the pool lints them one by one).
    const whole = (t: string) => lintText({ filePath: '/work/pool/deploy.yaml', text: t, config: defaultConfig(), languageId: 'yaml', splitDocuments: 'never', budgetMs: 10 * 60_000 }).findings;
    const uri = 'file:///work/pool/deploy.yaml';
    const pool = new LintPool(2, () => undefined, BUNDLE, { slowMs: 60_000, verySlowMs: 60_000, idleMs: 60_000 });
    try {
      const first = (await pool.run(job(text), uri)) as LintOutcome;
      assert.deepEqual(pool.ran, { inline: 0, worker: 1 }, 'the first lint of a large file runs in a worker');
      assert.equal(first.documents, undefined, 'the per-document findings stay with the pool');
      assert.deepEqual(first.findings, whole(text));

      const edited = text.replace('image: ghcr.io/acme/pool-400:latest', 'image: ghcr.io/acme/pool-400:0a1b2c3-v1.0.0');
      const second = (await pool.run(job(edited), uri)) as LintOutcome;
      assert.deepEqual(pool.ran, { inline: 1, worker: 1 }, 'one edited document: linted here');
      assert.deepEqual(second.findings, whole(edited));
      assert.equal(second.findings.filter((f) => f.ruleId === 'k8s-image-tag').length, first.findings.filter((f) => f.ruleId === 'k8s-image-tag').length - 1);

      const renamed = edited.replace(/pool-/g, 'api-');
      const third = (await pool.run(job(renamed), uri)) as LintOutcome;
      assert.deepEqual(pool.ran, { inline: 1, worker: 2 }, 'every document changed: a worker again');
      assert.deepEqual(third.findings, whole(renamed));
    } finally {
      pool.dispose();
    }
  });

  it('drops queued work superseded by a newer version', async () => {
    const pool = new LintPool(2, () => undefined, BUNDLE);
    const uri = 'file:///work/svc/Dockerfile';
    try {
      const older = pool.run(lintJob(DOCKERFILE), uri);
      pool.supersede(uri);
      await assert.rejects(older, /superseded/);
      assert.ok(codes(await pool.run(lintJob(DOCKERFILE), uri)).includes('multi-stage-build'));
    } finally {
      pool.dispose();
    }
  });
});
