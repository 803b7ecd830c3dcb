import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * V8 grows the young generation to 2 × 16 MB while the server lints a burst of documents (a folder
 * opened, the corpus in the bench) and gives it back only at a GC that finds the allocation rate
 * low: the bytes allocated since the previous GC over the time since it, when that spans 5 seconds
 * or more. An idle server runs no GC, so those 32 MB stay resident for good, and V8's own memory
 * reducer rarely starts (it waits for a full GC that grew the heap by 10 MB, which the small steps
 * of --heap-growing-percent=10 never make). So after 6 idle seconds the server runs a GC; when the
 * burst had allocated megabytes since V8's last GC, that one still sees a high rate, and a second
 * one 6 seconds later, with nothing allocated in between, shrinks the young generation to 1 MB.
 *
 * The first of them is a full GC when old space has grown by 4 MB or more since the last one the
 * trim ran: the garbage a burst promotes stays committed otherwise (with the corpus open, old space
 * held 34 MB for 21 MB of objects). A full GC frees the objects but compacts few pages, so the pages
 * they were scattered over stay committed: with the corpus open it left old space at 27 MB for
 * 17 MB of objects. When a full GC leaves 4 MB or more of such free space, the next GC (6 seconds
 * later, or in the next quiet spell) is a compacting one: it moves the live objects together and
 * gives the emptied pages back (old space 17.7 MB, 8-10 MB less RSS). The full GC pauses the main
 * thread for ~20 ms with the whole corpus open and the compacting one for 60-190 ms, each at most
 * once per quiet spell and only after 6 or 12 idle seconds; the other GCs are young-generation ones
 * of about a millisecond (little survives).
 */
export const IDLE_TRIM_DELAY_MS = 6000;
/** Young-generation capacity at or below which there is nothing to give back (V8's initial size is 1 MB). */
const SMALL_YOUNG_GENERATION = 2 * 1024 * 1024;
const MAX_ATTEMPTS = 2;
/** Growth of old space since the last full GC the trim ran that makes its first GC a full one. */
export const FULL_GC_GROWTH = 4 * 1024 * 1024;
/** Free space a full GC left in old space's pages that makes the trim's next GC a compacting one. */
export const COMPACT_FREE = 4 * 1024 * 1024;

export interface Collector {
  /** Runs a young-generation GC. */
  collect(): void;
  /** Runs a full GC (both generations). */
  collectAll(): void;
  /** Runs a full GC that compacts every page of old space it can. */
  compactAll(): void;
  /** Bytes the young generation holds committed now. */
  youngGenerationSize(): number;
  /** Bytes the old generation (old, code and large-object space) holds committed now. */
  oldGenerationSize(): number;
  /** Bytes committed to old and code space that no object uses (after a full GC: the free space compaction could give back). */
  oldGenerationFree(): number;
  /**
   * Gives the pages the heap no longer uses back to the system. Node 22's V8 keeps the young
   * generation's pages in a pool when it shrinks it, resident for good: 143 MB RSS where Node 20
   * settled at 78 with the corpus open. Only a last-resort GC empties that pool.
   */
  release?(): void;
}

/**
 * After `delayMs` without `busy()`, GCs until V8 has shrunk the young generation (at most twice),
 * the first of them a full one when old space has grown by `FULL_GC_GROWTH`; never keeps the
 * process alive.
 */
export class IdleMemoryTrim {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** GCs run since the last `busy()`; only the first of them may be a full one. */
  private attempts = 0;
  /** Old space committed after the last full GC the trim ran (or at start), lowered whenever V8's own GCs shrink it. */
  private oldBaseline: number;
  /** The last full GC left this much free space in old space's pages: the next GC compacts. */
  private compactDue = false;
  /** GCs run so far, how many of them were full ones and how many compacting ones (the tests read them). */
  collections = 0;
  fullCollections = 0;
  compactions = 0;
  releases = 0;

  constructor(
    private readonly collector: Collector | undefined,
    private readonly delayMs = IDLE_TRIM_DELAY_MS,
  ) {
    this.oldBaseline = collector ? safely(() => collector.oldGenerationSize(), 0) : 0;
  }

  /** Work just finished: trim after `delayMs` of quiet. */
  busy(): void {
    if (!this.collector) return;
    this.attempts = 0;
    this.arm();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.trim();
    }, this.delayMs);
    this.timer.unref?.();
  }

  private trim(): void {
    const collector = this.collector!;
    let young: boolean;
    let full: boolean;
    const compact = this.compactDue;
    try {
      const old = collector.oldGenerationSize();
      this.oldBaseline = Math.min(this.oldBaseline, old);
      young = collector.youngGenerationSize() > SMALL_YOUNG_GENERATION;
      full = !compact && this.attempts === 0 && old - this.oldBaseline >= FULL_GC_GROWTH;
    } catch {
      return;
    }
    if (!young && !full && !compact) return;
    this.attempts++;
    this.collections++;
    try {
      if (compact) {
        this.compactDue = false;
        this.compactions++;
        collector.compactAll();
        this.oldBaseline = collector.oldGenerationSize();
      } else if (full) {
        this.fullCollections++;
        collector.collectAll();
        this.oldBaseline = collector.oldGenerationSize();
        this.compactDue = collector.oldGenerationFree() >= COMPACT_FREE;
      } else {
        collector.collect();
      }
    } catch {
      return; // a GC that could not run changes nothing
    }
    const more = this.compactDue || safely(() => collector.youngGenerationSize(), 0) > SMALL_YOUNG_GENERATION;
    if (more && this.attempts < MAX_ATTEMPTS) {
      this.arm();
      return;
    }
    // The quiet spell's last GC: hand back what the heap shrank away from.
    if (collector.release) {
      this.releases++;
      safely(() => collector.release!(), undefined);
    }
  }
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function youngGenerationSize(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

const OLD_SPACES = new Set(['old_space', 'code_space', 'large_object_space']);
function oldGenerationSize(): number {
  return v8.getHeapSpaceStatistics().reduce((sum, s) => (OLD_SPACES.has(s.space_name) ? sum + s.space_size : sum), 0);
}

/** Large-object space holds one object per page, and compaction does not move them. */
const PAGED_OLD_SPACES = new Set(['old_space', 'code_space']);
function oldGenerationFree(): number {
  return v8.getHeapSpaceStatistics().reduce((sum, s) => (PAGED_OLD_SPACES.has(s.space_name) ? sum + s.space_size - s.space_used_size : sum), 0);
}

/**
 * V8's `gc()`, for young-generation and full collections, or undefined when it cannot be had. Node exposes it
 * only with --expose-gc; setting the flag at run time installs `gc` in contexts created after it,
 * so one context is made for it and the flag is cleared again at once (contexts made later by
 * anyone else get no `gc`).
 */
export function v8Collector(): Collector | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as ((options?: { type: 'minor' }) => void) | undefined;
    if (typeof gc !== 'function') return undefined;
    return {
      collect: () => gc({ type: 'minor' }),
      // gc() with no options is V8's full collection; on Node 20 gc({ type: 'major' }) left old space as it was.
      collectAll: () => gc(),
      // V8 reads the flag as each full GC starts: set for this one only.
      compactAll: () => {
        v8.setFlagsFromString('--compact-on-every-full-gc');
        try {
          gc();
        } finally {
          v8.setFlagsFromString('--no-compact-on-every-full-gc');
        }
      },
      // V8's CollectAllAvailableGarbage, as under memory pressure (Node 22+; older Node runs a full GC).
      release: () => gc({ type: 'major', flavor: 'last-resort' } as unknown as { type: 'minor' }),
      youngGenerationSize,
      oldGenerationSize,
      oldGenerationFree,
    };
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
