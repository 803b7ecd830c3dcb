// A minimal LSP client for benchmarks: spawns a server over stdio and times requests and
// edit-to-diagnostics round trips.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { code?: string | number; source?: string }[];
}

export class BenchLspClient {
  readonly process: ChildProcess;
  private readonly connection: rpc.MessageConnection;
  private waiters: { uri: string; version?: number; resolve: (d: PublishedDiagnostics) => void }[] = [];
  readonly latest = new Map<string, PublishedDiagnostics>();

  constructor(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
    this.process = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', process.env.BENCH_STDERR ? 'inherit' : 'ignore'] });
    this.connection = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.process.stdout!),
      new rpc.StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.latest.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || (w.version !== undefined && p.version !== undefined && p.version < w.version)) return true;
        w.resolve(p);
        return false;
      });
    });
    // Answer server-to-client requests the way a plain editor would.
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  async initialize(rootDir: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).href,
      workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'bench' }],
      ...(process.env.BENCH_INIT_OPTIONS ? { initializationOptions: JSON.parse(process.env.BENCH_INIT_OPTIONS) } : {}),
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { versionSupport: true },
          completion: { completionItem: { snippetSupport: true } },
        },
        workspace: { configuration: true },
      },
    });
    void this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the first diagnostics published for `uri` at `version` or later. */
  nextDiagnostics(uri: string, version?: number): Promise<PublishedDiagnostics> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  open(uri: string, languageId: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    await new Promise((r) => setTimeout(r, 100));
    this.process.kill();
    this.connection.dispose();
  }

  /** Resident memory split into anonymous (heaps, stacks) and file-backed (mostly the node binary's own pages), from /proc/PID/smaps_rollup. */
  rssSplitMb(): string {
    try {
      const rollup = require('node:fs').readFileSync(`/proc/${this.process.pid}/smaps_rollup`, 'utf8') as string;
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
      return `anonymous ${(kb('Anonymous') / 1024).toFixed(0)} MB, file-backed ${((kb('Rss') - kb('Anonymous')) / 1024).toFixed(0)} MB`;
    } catch {
      return 'split unavailable';
    }
  }

  rssMb(): number {
    try {
      const status = require('node:fs').readFileSync(`/proc/${this.process.pid}/status`, 'utf8') as string;
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    } catch {
      return NaN;
    }
  }
}
