// The idle server gives back the memory V8 grew for a burst of lints
// (server/src/lsp/idleMemory.ts): when it collects, how often, which kind of GC, and that V8
// really shrinks the young generation and old space.
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { COMPACT_FREE, FULL_GC_GROWTH, IdleMemoryTrim, v8Collector, type Collector } from '../../server/src/lsp/idleMemory';

const MB = 1024 * 1024;

/**
 * node:test's mock timers for setTimeout, with one correction: a mocked timer keeps its first due
 * time when refreshed (Node 20 to 24), where Node's own `timeout.refresh()` starts the delay again
 * from now, which is how `IdleMemoryTrim.busy()` pushes the trim back. So the handle given out
 * here re-arms the mocked timer on refresh. `mock.timers.reset()` puts the real functions back.
 */
function useMockTimers(): void {
  mock.timers.enable({ apis: ['setTimeout'] });
  const set = globalThis.setTimeout;
  const clear = globalThis.clearTimeout;
  class Refreshable {
    private handle: ReturnType<typeof setTimeout>;
    constructor(
      private readonly fn: () => void,
      private readonly ms: number,
    ) {
      this.handle = set(fn, ms);
    }
    refresh(): this {
      clear(this.handle);
      this.handle = set(this.fn, this.ms);
      return this;
    }
    unref(): this {
      return this;
    }
    ref(): this {
      return this;
    }
    clear(): void {
      clear(this.handle);
    }
  }
  globalThis.setTimeout = ((fn: () => void, ms: number) => new Refreshable(fn, ms)) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((t: unknown) => (t instanceof Refreshable ? t.clear() : clear(t as ReturnType<typeof setTimeout>))) as typeof clearTimeout;
}

/**
 * Moves the mocked clock on by `ms`, a millisecond at a time: a timer a callback sets during one
 * `tick` is due from the end of that tick, so one large tick would skip the trim's second GC.
 */
function advance(ms: number): void {
  for (let i = 0; i < ms; i++) mock.timers.tick(1);
}

/**
 * A young generation that shrinks after `shrinksAfter` collections of any kind (Infinity:
 * never), and an old generation of `oldMb` that a full collection brings down to `oldAfterFullMb`,
 * leaving `freeAfterFullMb` of it unused, which a compacting collection gives back.
 */
type FakeCollector = Collector & { calls: number; full: number; compacted: number; old: number; free: number };
function fakeCollector(sizeMb: number, shrinksAfter: number, oldMb = 10, oldAfterFullMb = oldMb, freeAfterFullMb = 0): FakeCollector {
  const c: FakeCollector = {
    calls: 0,
    full: 0,
    compacted: 0,
    old: oldMb,
    free: 0,
    collect() {
      c.calls++;
      if (c.calls >= shrinksAfter) sizeMb = 1;
    },
    collectAll() {
      c.full++;
      c.old = oldAfterFullMb;
      c.free = freeAfterFullMb;
      c.collect();
    },
    compactAll() {
      c.compacted++;
      c.old -= c.free;
      c.free = 0;
      c.collect();
    },
    youngGenerationSize: () => sizeMb * MB,
    oldGenerationSize: () => c.old * MB,
    oldGenerationFree: () => c.free * MB,
  };
  return c;
}

describe('IdleMemoryTrim', () => {
  beforeEach(useMockTimers);
  afterEach(() => mock.timers.reset());

  it('collects once the server has been quiet for the delay, not while work goes on', () => {
    const collector = fakeCollector(32, 1);
    const trim = new IdleMemoryTrim(collector, 60);
    for (let i = 0; i < 5; i++) {
      trim.busy();
      advance(20);
    }
    assert.equal(collector.calls, 0, 'work every 20 ms keeps pushing the trim back');
    advance(100);
    assert.equal(collector.calls, 1);
    advance(150);
    assert.equal(collector.calls, 1, 'once shrunk, nothing more runs');
    trim.dispose();
  });

  it('tries a second time when the first GC still saw the burst, and stops there', () => {
    const stubborn = fakeCollector(32, Infinity);
    const trim = new IdleMemoryTrim(stubborn, 30);
    trim.busy();
    advance(200);
    assert.equal(stubborn.calls, 2);
    assert.equal(trim.collections, 2);
    // New work starts a new round.
    trim.busy();
    advance(200);
    assert.equal(stubborn.calls, 4);
    trim.dispose();

    const second = fakeCollector(32, 2);
    const trim2 = new IdleMemoryTrim(second, 30);
    trim2.busy();
    advance(200);
    assert.equal(second.calls, 2);
    trim2.dispose();
  });

  it('gives the freed pages back once, after the last GC of a quiet spell (Node 22 keeps them pooled otherwise)', () => {
    let released = 0;
    const collector = { ...fakeCollector(32, 2), release: () => released++ };
    const trim = new IdleMemoryTrim(collector, 30);
    trim.busy();
    advance(150);
    assert.equal(trim.collections, 2);
    assert.equal(released, 1, 'after the second GC, not after each');
    assert.equal(trim.releases, 1);
    advance(100);
    assert.equal(released, 1, 'nothing more while idle');
    trim.dispose();
    // Nothing to trim: nothing to release either.
    let idleReleases = 0;
    const small = new IdleMemoryTrim({ ...fakeCollector(1, 1), release: () => idleReleases++ }, 20);
    small.busy();
    advance(80);
    assert.equal(idleReleases, 0);
  });

  it('the real collector\'s release runs on this Node', () => {
    const real = v8Collector();
    assert.ok(real?.release, 'a release');
    assert.doesNotThrow(() => real.release!());
  });

  it('does nothing when the young generation is already small, after dispose, or without a collector', () => {
    const small = fakeCollector(1, 1);
    const trim = new IdleMemoryTrim(small, 20);
    trim.busy();
    advance(80);
    assert.equal(small.calls, 0);

    const big = fakeCollector(32, 1);
    const disposed = new IdleMemoryTrim(big, 20);
    disposed.busy();
    disposed.dispose();
    advance(80);
    assert.equal(big.calls, 0);

    const none = new IdleMemoryTrim(undefined, 20);
    none.busy();
    advance(40);
    assert.equal(none.collections, 0);
  });

  it('survives a collector that throws', () => {
    const fails = () => {
      throw new Error('no gc');
    };
    const trim = new IdleMemoryTrim({ collect: fails, collectAll: fails, compactAll: fails, youngGenerationSize: () => 32 * MB, oldGenerationSize: () => 10 * MB, oldGenerationFree: () => 0 }, 20);
    trim.busy();
    advance(80);
    assert.equal(trim.collections, 1);
    const unreadable = new IdleMemoryTrim({ collect() {}, collectAll() {}, compactAll() {}, youngGenerationSize: fails, oldGenerationSize: fails, oldGenerationFree: fails }, 20);
    unreadable.busy();
    advance(60);
    assert.equal(unreadable.collections, 0);
  });

  it('makes the first GC a full one when old space grew by 4 MB since the last full one, then goes back to young-generation GCs', () => {
    const collector = fakeCollector(32, 2, 10, 12);
    const trim = new IdleMemoryTrim(collector, 30);
    collector.old = 10 + FULL_GC_GROWTH / MB; // a burst promoted 4 MB
    trim.busy();
    advance(200);
    assert.equal(collector.full, 1, 'one full GC');
    assert.equal(collector.calls, 2, 'then a young-generation GC shrinks the young generation');
    assert.equal(trim.fullCollections, 1);

    // A quiet spell after a little typing: old space has not grown since the full GC.
    collector.old = 13;
    trim.busy();
    advance(120);
    assert.equal(collector.full, 1, 'no second full GC without new growth');

    // It grows by 4 MB over the baseline the full GC left (12 MB): the next quiet spell gets one.
    collector.old = 16;
    trim.busy();
    advance(120);
    assert.equal(collector.full, 2);
    trim.dispose();
  });

  it('measures growth from the lowest old space seen, so a shrink by V8 itself does not hide later growth', () => {
    const collector = fakeCollector(32, 1, 20, 20);
    const trim = new IdleMemoryTrim(collector, 20);
    collector.old = 14; // V8's own GCs gave back 6 MB
    trim.busy();
    advance(80);
    assert.equal(collector.full, 0, 'less than at start: nothing to collect in old space');
    assert.equal(collector.calls, 1, 'the young generation is still trimmed');
    collector.old = 19; // 5 MB over the lowest (14), though under the 20 at start
    trim.busy();
    advance(80);
    assert.equal(collector.full, 1);
    trim.dispose();
  });

  it('compacts at the next GC when a full GC left 4 MB or more free in old space, once', () => {
    const collector = fakeCollector(32, Infinity, 10, 20, COMPACT_FREE / MB);
    const trim = new IdleMemoryTrim(collector, 30);
    collector.old = 10 + FULL_GC_GROWTH / MB;
    trim.busy();
    advance(250);
    assert.equal(collector.full, 1);
    assert.equal(collector.compacted, 1, 'the second GC of the quiet spell compacts');
    assert.equal(trim.compactions, 1);
    assert.equal(collector.calls, 2, 'two GCs in all: the spell stops at two attempts');
    assert.equal(collector.old, 16, 'the free space is given back');
    trim.dispose();
  });

  it('does not compact when the full GC left less than 4 MB free', () => {
    const collector = fakeCollector(32, 2, 10, 20, COMPACT_FREE / MB - 0.5);
    const trim = new IdleMemoryTrim(collector, 30);
    collector.old = 10 + FULL_GC_GROWTH / MB;
    trim.busy();
    advance(250);
    assert.equal(collector.full, 1);
    assert.equal(collector.compacted, 0);
    assert.equal(collector.calls, 2, 'a young-generation GC as before');
    trim.dispose();
  });

  it('compacts in the next quiet spell when work came between the full GC and the compaction', () => {
    const collector = fakeCollector(32, 1, 10, 20, 6);
    const trim = new IdleMemoryTrim(collector, 40);
    collector.old = 10 + FULL_GC_GROWTH / MB;
    trim.busy();
    advance(60);
    assert.equal(collector.full, 1);
    assert.equal(collector.compacted, 0);
    trim.busy(); // an edit before the second GC
    advance(20);
    assert.equal(collector.compacted, 0, 'not while work goes on');
    advance(80);
    assert.equal(collector.compacted, 1, 'the next quiet spell compacts');
    assert.equal(collector.full, 1, 'instead of another full GC');
    trim.dispose();
  });

  it('runs no GC at all when neither generation grew', () => {
    const collector = fakeCollector(1, 1, 10, 10);
    const trim = new IdleMemoryTrim(collector, 20);
    collector.old = 10 + FULL_GC_GROWTH / MB - 0.5;
    trim.busy();
    advance(80);
    assert.equal(collector.calls, 0);
    assert.equal(collector.full, 0);
    trim.dispose();
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

  it('lets V8 shrink a young generation grown by a burst, and give back the old space its garbage took and the pages it left part-used, within two idle delays', () => {
    // A fresh process: the test runner's own heap is not the one to measure.
    const module = path.resolve(__dirname, '../../server/src/lsp/idleMemory.ts');
    const script = `
      const { IdleMemoryTrim, v8Collector } = require(${JSON.stringify(module)});
      const collector = v8Collector();
      const trim = new IdleMemoryTrim(collector, 5200);
      const keep = [];
      let dropped = [];
      for (let i = 0; i < 6e6; i++) { const o = { i, s: 'x' + i, a: [i] }; if (i % 40 === 0) keep.push(o); else if (i % 40 === 1) dropped.push(o); }
      dropped = undefined; // promoted by now: garbage in old space
      const before = collector.youngGenerationSize();
      const oldBefore = collector.oldGenerationSize();
      trim.busy();
      setTimeout(() => process.stdout.write(JSON.stringify({ before, after: collector.youngGenerationSize(), oldBefore, oldAfter: collector.oldGenerationSize(), freeAfter: collector.oldGenerationFree(), collections: trim.collections, full: trim.fullCollections, compactions: trim.compactions, kept: keep.length })), 11000);
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const { before, after, oldBefore, oldAfter, freeAfter, collections, full, compactions } = JSON.parse(r.stdout) as Record<string, number>;
    assert.ok(before > 4 * MB, `the burst grows the young generation (${before / MB} MB)`);
    assert.ok(after <= 2 * MB, `idle, it is given back (${after / MB} MB after ${collections} GCs)`);
    assert.ok(collections >= 1 && collections <= 2);
    assert.equal(full, 1, 'the first GC is a full one: old space grew by far more than 4 MB');
    assert.ok(oldAfter < oldBefore - 4 * MB, `old space shrinks (${(oldBefore / MB).toFixed(1)} MB -> ${(oldAfter / MB).toFixed(1)} MB)`);
    // The kept and the dropped objects were allocated in turn: the full GC leaves every page part-used.
    assert.equal(compactions, 1, 'the second GC compacts the pages the full GC left part-used');
    assert.ok(freeAfter < COMPACT_FREE, `after compaction little of old space is unused (${(freeAfter / MB).toFixed(1)} MB)`);
  });
});
