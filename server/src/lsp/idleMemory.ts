import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * V8 grows the young generation to 2 × 16 MB while the server lints a burst of documents (a folder
 * opened, the corpus in the bench) and gives it back only at a GC that finds the allocation rate
 * low: the bytes allocated since the previous GC over the time since it, when that spans 5 seconds
 * or more. An idle server runs no GC, so those 32 MB stay resident for good, and V8's own memory
 * reducer rarely starts (it waits for a full GC that grew the heap by 10 MB, which the small steps
 * of --heap-growing-percent=10 never make). So after 6 idle seconds the server runs a
 * young-generation GC (about a millisecond: little survives); when the burst had allocated
 * megabytes since its last GC, that one still sees a high rate, and a second one 6 seconds later,
 * with nothing allocated in between, shrinks the young generation to 1 MB.
 */
export const IDLE_TRIM_DELAY_MS = 6000;
/** Young-generation capacity at or below which there is nothing to give back (V8's initial size is 1 MB). */
const SMALL_YOUNG_GENERATION = 2 * 1024 * 1024;
const MAX_ATTEMPTS = 2;

export interface Collector {
  /** Runs a young-generation GC. */
  collect(): void;
  /** Bytes the young generation holds committed now. */
  youngGenerationSize(): number;
}

/** After `delayMs` without `busy()`, GCs until V8 has shrunk the young generation (at most twice); never keeps the process alive. */
export class IdleMemoryTrim {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  /** GCs run so far (the tests read it). */
  collections = 0;

  constructor(
    private readonly collector: Collector | undefined,
    private readonly delayMs = IDLE_TRIM_DELAY_MS,
  ) {}

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
    if (collector.youngGenerationSize() <= SMALL_YOUNG_GENERATION) return;
    this.attempts++;
    this.collections++;
    try {
      collector.collect();
    } catch {
      return; // a GC that could not run changes nothing
    }
    if (collector.youngGenerationSize() > SMALL_YOUNG_GENERATION && this.attempts < MAX_ATTEMPTS) this.arm();
  }
}

function youngGenerationSize(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * V8's `gc()` for young-generation collections, or undefined when it cannot be had. Node exposes it
 * only with --expose-gc; setting the flag at run time installs `gc` in contexts created after it,
 * so one context is made for it and the flag is cleared again at once (contexts made later by
 * anyone else get no `gc`).
 */
export function v8Collector(): Collector | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as ((options: { type: 'minor' }) => void) | undefined;
    return typeof gc === 'function' ? { collect: () => gc({ type: 'minor' }), youngGenerationSize } : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
