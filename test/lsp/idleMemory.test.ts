// The idle server gives back the young generation V8 grew for a burst of lints
// (server/src/lsp/idleMemory.ts): when it collects, how often, and that V8 really shrinks it.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { IdleMemoryTrim, v8Collector, type Collector } from '../../server/src/lsp/idleMemory';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;

/** A young generation that shrinks after `shrinksAfter` collections (Infinity: never). */
function fakeCollector(sizeMb: number, shrinksAfter: number): Collector & { calls: number } {
  const c = {
    calls: 0,
    collect() {
      c.calls++;
      if (c.calls >= shrinksAfter) sizeMb = 1;
    },
    youngGenerationSize: () => sizeMb * MB,
  };
  return c;
}

describe('IdleMemoryTrim', () => {
  it('collects once the server has been quiet for the delay, not while work goes on', async () => {
    const collector = fakeCollector(32, 1);
    const trim = new IdleMemoryTrim(collector, 60);
    for (let i = 0; i < 5; i++) {
      trim.busy();
      await sleep(20);
    }
    assert.equal(collector.calls, 0, 'work every 20 ms keeps pushing the trim back');
    await sleep(100);
    assert.equal(collector.calls, 1);
    await sleep(150);
    assert.equal(collector.calls, 1, 'once shrunk, nothing more runs');
    trim.dispose();
  });

  it('tries a second time when the first GC still saw the burst, and stops there', async () => {
    const stubborn = fakeCollector(32, Infinity);
    const trim = new IdleMemoryTrim(stubborn, 30);
    trim.busy();
    await sleep(200);
    assert.equal(stubborn.calls, 2);
    assert.equal(trim.collections, 2);
    // New work starts a new round.
    trim.busy();
    await sleep(200);
    assert.equal(stubborn.calls, 4);
    trim.dispose();

    const second = fakeCollector(32, 2);
    const trim2 = new IdleMemoryTrim(second, 30);
    trim2.busy();
    await sleep(200);
    assert.equal(second.calls, 2);
    trim2.dispose();
  });

  it('does nothing when the young generation is already small, after dispose, or without a collector', async () => {
    const small = fakeCollector(1, 1);
    const trim = new IdleMemoryTrim(small, 20);
    trim.busy();
    await sleep(80);
    assert.equal(small.calls, 0);

    const big = fakeCollector(32, 1);
    const disposed = new IdleMemoryTrim(big, 20);
    disposed.busy();
    disposed.dispose();
    await sleep(80);
    assert.equal(big.calls, 0);

    const none = new IdleMemoryTrim(undefined, 20);
    none.busy();
    await sleep(40);
    assert.equal(none.collections, 0);
  });

  it('survives a collector that throws', async () => {
    const trim = new IdleMemoryTrim({ collect: () => { throw new Error('no gc'); }, youngGenerationSize: () => 32 * MB }, 20);
    trim.busy();
    await sleep(80);
    assert.equal(trim.collections, 1);
  });
});

describe('v8Collector', () => {
  it('gets a working gc without leaving gc in other contexts', () => {
    const collector = v8Collector();
    assert.ok(collector, 'node lets the flag be set at run time');
    collector.collect();
    assert.ok(collector.youngGenerationSize() > 0);
    assert.equal(vm.runInNewContext('typeof gc'), 'undefined', 'contexts made later get no gc');
  });

  it('lets V8 shrink a young generation grown by a burst, within two idle delays', () => {
    // A fresh process: the test runner's own heap is not the one to measure.
    const module = path.resolve(__dirname, '../../server/src/lsp/idleMemory.ts');
    const script = `
      const { IdleMemoryTrim, v8Collector } = require(${JSON.stringify(module)});
      const collector = v8Collector();
      const keep = [];
      for (let i = 0; i < 6e6; i++) { const o = { i, s: 'x' + i, a: [i] }; if (i % 40 === 0) keep.push(o); }
      const before = collector.youngGenerationSize();
      const trim = new IdleMemoryTrim(collector, 5200);
      trim.busy();
      setTimeout(() => process.stdout.write(JSON.stringify({ before, after: collector.youngGenerationSize(), collections: trim.collections, kept: keep.length })), 11000);
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const { before, after, collections } = JSON.parse(r.stdout) as { before: number; after: number; collections: number };
    assert.ok(before > 4 * MB, `the burst grows the young generation (${before / MB} MB)`);
    assert.ok(after <= 2 * MB, `idle, it is given back (${after / MB} MB after ${collections} GCs)`);
    assert.ok(collections >= 1 && collections <= 2);
  });
});
