interface QueueEntry {
  /** Cancels the scheduled start. */
  unschedule?: () => void;
  running: boolean;
  again: boolean;
}

/**
 * One lint at a time per document: edits that arrive while it runs coalesce into one more lint, of
 * the latest version, so a burst of keystrokes costs at most two lints and the first edit after a
 * pause is linted at once; a slow document never holds up another document's lint or requests.
 */
export class LintQueue {
  private readonly entries = new Map<string, QueueEntry>();

  constructor(
    private readonly work: (uri: string) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { running: false, again: false };
      this.entries.set(uri, entry);
    }
    entry.unschedule?.();
    const scheduled = entry;
    const run = () => {
      scheduled.unschedule = undefined;
      this.start(uri, scheduled);
    };
    // Without a delay, the next turn of the event loop: setTimeout(0) waits at least a millisecond.
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      scheduled.unschedule = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(run);
      scheduled.unschedule = () => clearImmediate(immediate);
    }
  }

  cancel(uri: string): void {
    this.entries.get(uri)?.unschedule?.();
    this.entries.delete(uri);
  }

  cancelAll(): void {
    for (const uri of [...this.entries.keys()]) this.cancel(uri);
  }

  private start(uri: string, entry: QueueEntry): void {
    if (this.entries.get(uri) !== entry) return;
    if (entry.running) {
      entry.again = true;
      return;
    }
    entry.running = true;
    this.work(uri)
      .catch((e) => this.onError(uri, e))
      .finally(() => {
        entry.running = false;
        if (entry.again) {
          entry.again = false;
          this.start(uri, entry);
        }
      });
  }
}
