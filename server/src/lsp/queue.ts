interface QueueEntry {
  timer?: ReturnType<typeof setTimeout>;
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
    if (entry.timer) clearTimeout(entry.timer);
    const scheduled = entry;
    scheduled.timer = setTimeout(() => {
      scheduled.timer = undefined;
      this.start(uri, scheduled);
    }, delayMs);
  }

  cancel(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry?.timer) clearTimeout(entry.timer);
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
