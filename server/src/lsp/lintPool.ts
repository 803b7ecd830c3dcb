import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runLintJob, type LintJob, type LintOutcome } from './lintJob';

const WORKER_FLAG = 'goContainerStandardLintWorker';

// In a worker thread started by the pool (the same bundle, required again): serve lint jobs.
if (!isMainThread && parentPort && (workerData as Record<string, unknown> | undefined)?.[WORKER_FLAG]) {
  const port = parentPort;
  port.on('message', (message: { id: number; job: LintJob }) => {
    let reply: { id: number; ok: boolean; result?: unknown; error?: string };
    try {
      reply = { id: message.id, ok: true, result: runLintJob(message.job) };
    } catch (e) {
      reply = { id: message.id, ok: false, error: (e as Error)?.stack ?? String(e) };
    }
    port.postMessage(reply);
  });
}

/** A job dropped because a newer one for the same document replaced it. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer version');
  }
}

type JobResult = LintOutcome | string | undefined;

interface Task {
  id: number;
  job: LintJob;
  key?: string;
  resolve: (result: JobResult) => void;
  reject: (error: Error) => void;
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
}

/** A task still running this long after it was superseded is stopped by ending its worker. */
export const STUCK_MS = 1500;

/**
 * Runs engine work off the main thread, so no document (a pathological one can take seconds)
 * holds up another document's lint or any request. Up to `size` workers, started on demand from
 * the server's own bundle; when workers are unavailable (tests under tsx), jobs run inline, one
 * per turn of the event loop.
 */
export class LintPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private inline: boolean;
  private disposed = false;

  constructor(
    private readonly size: number,
    private readonly log: (message: string) => void,
    private readonly bundle: string | undefined = defaultBundle(),
  ) {
    this.inline = !bundle || size < 1;
  }

  /** Starts the first worker now, so the first lint does not wait for it to load. */
  warmUp(): void {
    if (!this.inline && this.slots.length === 0) this.spawn();
  }

  run(job: LintJob, key?: string): Promise<JobResult> {
    return new Promise<JobResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, key, resolve, reject });
      this.pump();
    });
  }

  /** Drops queued work for `key`; work already running that long is stopped. */
  supersede(key: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].key !== key) continue;
      const [task] = this.queue.splice(i, 1);
      task.reject(new Superseded());
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
    for (const task of this.queue.splice(0)) task.reject(new Superseded());
  }

  private pump(): void {
    if (this.disposed) return;
    if (this.inline) {
      if (this.queue.length > 0) setImmediate(() => this.runInline());
      return;
    }
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.ready && !s.task);
      if (!slot) {
        if (this.slots.length >= this.size || this.slots.some((s) => !s.ready)) return;
        this.spawn();
        return;
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private runInline(): void {
    const task = this.queue.shift();
    if (!task) return;
    try {
      task.resolve(runLintJob(task.job));
    } catch (e) {
      task.reject(e as Error);
    }
    if (this.queue.length > 0) setImmediate(() => this.runInline());
  }

  private dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    task.startedAt = Date.now();
    try {
      slot.worker.postMessage({ id: task.id, job: task.job });
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
        resourceLimits: { stackSizeMb: 1 },
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
      if (reply.ok) task.resolve(reply.result);
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
    // The job may be what killed the worker: it is not retried.
    task?.reject(error);
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
    slot.task = undefined;
    void slot.worker.terminate().catch(() => undefined);
  }

  private fallBackInline(reason: string): void {
    if (this.inline) return;
    this.log(`Linting on the main thread: ${reason}.`);
    this.inline = true;
    this.pump();
  }
}

/** The server's bundle (server.js or cli.js), which a worker can load; none when running from TypeScript sources. */
function defaultBundle(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : undefined;
}
