import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { MAX_FILE_BYTES } from '../engine/files';
import { adoptWorkerResult, inlineCost, runLintJob, type LintJob, type LintOutcome } from './lintJob';
import type { ScopeFixResult } from '../engine/scopeFix';
import { IdleMemoryTrim, v8Collector } from './idleMemory';

const WORKER_FLAG = 'goContainerStandardLintWorker';

// In a worker thread started by the pool (the same bundle, required again): serve lint jobs.
if (!isMainThread && parentPort && (workerData as Record<string, unknown> | undefined)?.[WORKER_FLAG]) {
  const port = parentPort;
  // A worker holds its own heap until it exits (WORKER_IDLE_MS): it gives it back when idle, as the main thread does.
  const trim = new IdleMemoryTrim(v8Collector());
  port.on('message', (message: { id: number; job: LintJob }) => {
    let reply: { id: number; ok: boolean; result?: unknown; error?: string };
    try {
      reply = { id: message.id, ok: true, result: runLintJob(message.job) };
    } catch (e) {
      reply = { id: message.id, ok: false, error: (e as Error)?.stack ?? String(e) };
    }
    port.postMessage(reply);
    trim.busy();
  });
}

/** A job dropped because a newer one for the same document replaced it. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer version');
  }
}

type JobResult = LintOutcome | ScopeFixResult | string | undefined;

interface Task {
  id: number;
  job: LintJob;
  key?: string;
  /** The document the job is about, for routing. */
  uri?: string;
  resolve: (result: JobResult) => void;
  reject: (error: Error) => void;
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/** A task still running this long after it was superseded is stopped by ending its worker. */
export const STUCK_MS = 1500;

/**
 * Documents up to this size are linted on the main thread (a 20 KB Dockerfile re-lints in ~10 ms);
 * larger ones in a worker, except a multi-document YAML file whose documents' findings the main
 * thread holds but for this many characters: an edit in one of 300 documents is linted here (15 ms
 * instead of 27: the worker's round trip copies the text and every finding).
 */
export const INLINE_MAX_CHARS = 128 * 1024;

/**
 * A document whose lint on the main thread took this long twice in a row is linted in a worker from
 * then on (twice: the first lint after start-up also loads and compiles the engine's parsers)...
 */
export const SLOW_INLINE_MS = 250;

/** ...or this long once (a 60 KB RUN script takes ~1.5 s to parse). */
export const VERY_SLOW_INLINE_MS = 1000;

/**
 * A worker's young generation: three semi-spaces' worth, 16 MB each, Node 20's default. Node 22
 * and 24 size it from the machine's memory (up to 3 × 64 MB on Node 24), and a worker that has
 * linted a burst of documents holds it until it exits: with the corpus open, 250 MB RSS under
 * Node 24 instead of 150 MB.
 */
export const WORKER_YOUNG_GENERATION_MB = 48;

/** A worker with nothing to do for this long exits (each one holds its own copy of the engine, tens of MB). */
export const WORKER_IDLE_MS = 30_000;

/**
 * Runs engine work for the server. Documents of ordinary size are linted on the main thread, one
 * job per turn of the event loop: that is faster than a round trip to a worker and costs no
 * memory. Large documents, and any document whose lint once took long, are linted in worker
 * threads (up to `size`, started from the server's own bundle when first needed, ended when idle),
 * so that a pathological document (a 20,000-line RUN takes seconds) holds up no other document
 * and no request. Without workers (tests under tsx, or workers that cannot start) everything
 * runs on the main thread.
 */
export class LintPool {
  private readonly slots: Slot[] = [];
  /** Jobs for the main thread. */
  private readonly queue: Task[] = [];
  /** Jobs for the workers. */
  private readonly offThread: Task[] = [];
  /** Documents linted in workers from now on. */
  private readonly slow = new Set<string>();
  /** Documents whose last lint on the main thread was slow. */
  private readonly slowOnce = new Set<string>();
  private nextId = 1;
  private inline: boolean;
  private inlineScheduled = false;
  private disposed = false;

  constructor(
    private readonly size: number,
    private readonly log: (message: string) => void,
    private readonly bundle: string | undefined = defaultBundle(),
    private readonly limits: { slowMs: number; verySlowMs: number; idleMs: number } = { slowMs: SLOW_INLINE_MS, verySlowMs: VERY_SLOW_INLINE_MS, idleMs: WORKER_IDLE_MS },
  ) {
    this.inline = !bundle || size < 1;
  }

  /** Jobs run so far on the main thread and in workers (for the log and the tests). */
  readonly ran = { inline: 0, worker: 0 };

  /** Worker threads alive (starting, busy or idle). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Runs a job; `key` lets a newer job supersede it, `uri` (default `key`) names the document for routing. */
  run(job: LintJob, key?: string, uri = key): Promise<JobResult> {
    return new Promise<JobResult>((resolve, reject) => {
      const task: Task = { id: this.nextId++, job, key, uri, resolve, reject };
      // Text above the engine's size limit is skipped at once: no worker needed for that.
      const large = job.text.length > INLINE_MAX_CHARS && job.text.length <= MAX_FILE_BYTES && inlineCost(job) > INLINE_MAX_CHARS;
      const heavy = large || (uri !== undefined && this.slow.has(uri));
      (heavy && !this.inline ? this.offThread : this.queue).push(task);
      this.pump();
    });
  }

  /** The document was closed: its next lint is routed afresh. */
  forget(uri: string): void {
    this.slow.delete(uri);
    this.slowOnce.delete(uri);
  }

  /** Drops queued work for `key`; work already running that long is stopped. */
  supersede(key: string): void {
    for (const queue of [this.queue, this.offThread]) {
      for (let i = queue.length - 1; i >= 0; i--) {
        if (queue[i].key !== key) continue;
        const [task] = queue.splice(i, 1);
        task.reject(new Superseded());
      }
    }
    for (const slot of [...this.slots]) {
      const task = slot.task;
      if (task?.key === key && task.startedAt !== undefined && Date.now() - task.startedAt > STUCK_MS) {
        this.log(`Stopped linting a superseded version of ${key} after ${Date.now() - task.startedAt} ms.`);
        this.retire(slot);
        task.reject(new Superseded());
      }
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    for (const slot of [...this.slots]) this.retire(slot);
    for (const task of [...this.queue.splice(0), ...this.offThread.splice(0)]) task.reject(new Superseded());
  }

  private pump(): void {
    if (this.disposed) return;
    if (this.queue.length > 0 && !this.inlineScheduled) {
      this.inlineScheduled = true;
      setImmediate(() => this.runInline());
    }
    while (this.offThread.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.task);
      if (!slot) {
        if (this.slots.length < this.size && this.slots.every((s) => s.ready)) this.spawn();
        break;
      }
      this.dispatch(slot, this.offThread.shift()!);
    }
    for (const slot of this.slots) if (slot.ready && !slot.task && !slot.idleTimer) this.idle(slot);
  }

  private runInline(): void {
    this.inlineScheduled = false;
    const task = this.queue.shift();
    if (task) {
      const startedAt = Date.now();
      this.ran.inline++;
      try {
        task.resolve(runLintJob(task.job));
      } catch (e) {
        task.reject(e as Error);
      }
      const took = Date.now() - startedAt;
      if (task.uri !== undefined && !this.inline) {
        const slow = took >= this.limits.slowMs;
        if (took >= this.limits.verySlowMs || (slow && this.slowOnce.has(task.uri))) {
          this.slow.add(task.uri);
          this.log(`Linting ${task.uri} took ${took} ms; it is linted in a worker thread from now on.`);
        } else if (slow) this.slowOnce.add(task.uri);
        else this.slowOnce.delete(task.uri);
      }
    }
    this.pump();
  }

  /** Ends a worker that stays without work. */
  private idle(slot: Slot): void {
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      if (!slot.task && this.slots.includes(slot)) this.retire(slot);
    }, this.limits.idleMs);
    slot.idleTimer.unref();
  }

  private dispatch(slot: Slot, task: Task): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    slot.task = task;
    task.startedAt = Date.now();
    try {
      // A worker's per-document findings come back with its result, so the next edit can be linted on this thread.
      slot.worker.postMessage({ id: task.id, job: task.job.type === 'lint' ? { ...task.job, returnDocuments: true } : task.job });
      this.ran.worker++;
    } catch (e) {
      // Not cloneable (an engine value the worker cannot receive): run it here instead.
      slot.task = undefined;
      this.log(`Linting inline: ${(e as Error).message}`);
      try {
        task.resolve(runLintJob(task.job));
      } catch (error) {
        task.reject(error as Error);
      }
    }
  }

  private spawn(): void {
    let worker: Worker;
    try {
      worker = new Worker(`require(${JSON.stringify(this.bundle)})`, {
        eval: true,
        workerData: { [WORKER_FLAG]: true },
        stdout: true,
        // The main thread's stack size: pathological nesting then fails as fast there as here, instead of recursing 4x deeper.
        resourceLimits: { stackSizeMb: 1, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
    } catch (e) {
      this.fallBackInline(`cannot start a lint worker (${(e as Error).message})`);
      return;
    }
    const slot: Slot = { worker, ready: false };
    this.slots.push(slot);
    // The worker's stdout must never reach ours: it carries the protocol.
    worker.stdout.on('data', (d) => process.stderr.write(d));
    worker.on('online', () => {
      slot.ready = true;
      this.pump();
    });
    worker.on('message', (reply: { id: number; ok: boolean; result?: JobResult; error?: string }) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      slot.task = undefined;
      if (reply.ok) task.resolve(adoptWorkerResult(task.job, reply.result));
      else task.reject(new Error(reply.error));
      this.pump();
    });
    worker.on('error', (e) => {
      this.log(`A lint worker stopped: ${(e as Error)?.message ?? e}`);
      const neverReady = !slot.ready;
      this.drop(slot, e as Error);
      if (neverReady && this.slots.length === 0) this.fallBackInline('the lint worker did not start');
      else this.pump();
    });
    worker.on('exit', () => {
      if (this.slots.includes(slot)) this.drop(slot, new Error('the lint worker exited'));
      this.pump();
    });
    worker.unref();
  }

  private drop(slot: Slot, error: Error): void {
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
    const task = slot.task;
    slot.task = undefined;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    // The job may be what killed the worker: it is not retried.
    task?.reject(error);
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
    slot.task = undefined;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    void slot.worker.terminate().catch(() => undefined);
  }

  private fallBackInline(reason: string): void {
    if (this.inline) return;
    this.log(`Linting on the main thread: ${reason}.`);
    this.inline = true;
    this.queue.push(...this.offThread.splice(0));
    this.pump();
  }
}

/** The bundle this code runs from (cli-main.js: the CLI's, which server.js loads too), which a worker can load; none when running from TypeScript sources. */
function defaultBundle(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : undefined;
}
