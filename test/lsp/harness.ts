// Speaks LSP to `go-container-standard lsp --stdio` as an editor would: a child process, JSON-RPC
// over its stdin/stdout, a local copy of every open document that edits are applied to.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'server', 'out', 'cli.js');

/** Rebuilds the bundles when a source file is newer than the CLI bundle, so the tests run what `npm run build` makes. */
export function ensureBuilt(): void {
  const newest = (dir: string): number => {
    let max = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      max = Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }
    return max;
  };
  const bundles = [CLI, path.join(ROOT, 'server', 'out', 'server.js'), path.join(ROOT, 'client', 'out', 'extension.js')];
  const built = Math.min(...bundles.map((b) => (fs.existsSync(b) ? fs.statSync(b).mtimeMs : 0)));
  const sources = Math.max(
    newest(path.join(ROOT, 'server', 'src')),
    newest(path.join(ROOT, 'client', 'src')),
    fs.statSync(path.join(ROOT, 'schemas', 'container-standard.schema.json')).mtimeMs,
  );
  if (built >= sources) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stderr}${result.stdout}`);
}

/** What VS Code's client announces, trimmed to what this server looks at. */
export function editorCapabilities(overrides: { pull?: boolean; snippets?: boolean; adjustIndentation?: boolean } = {}): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
      workspaceFolders: true,
      diagnostics: overrides.pull ? { refreshSupport: true } : undefined,
    },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: true },
      publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      completion: {
        completionItem: {
          snippetSupport: overrides.snippets ?? true,
          documentationFormat: ['markdown', 'plaintext'],
          insertTextModeSupport: { valueSet: overrides.adjustIndentation === false ? [1] : [1, 2] },
        },
      },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      formatting: { dynamicRegistration: true },
      rangeFormatting: { dynamicRegistration: true },
      foldingRange: { dynamicRegistration: true },
      ...(overrides.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
    },
  };
}

export interface StartOptions {
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  workspaceFolder?: string;
  /** Answers workspace/configuration for one scope URI (the `goContainerStandard` section). */
  settings?: (scopeUri: string | undefined) => unknown;
}

export class LspClient {
  readonly child: ChildProcess;
  readonly connection: rpc.MessageConnection;
  readonly documents = new Map<string, TextDocument>();
  readonly published: PublishDiagnosticsParams[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
  refreshRequests = 0;
  /** The messages the server showed (window/showMessage, window/showMessageRequest). */
  readonly shown: string[] = [];
  private readonly shownWaiters: (() => void)[] = [];
  /** The server's window/logMessage lines. */
  readonly logged: string[] = [];
  stderr = '';
  settings: (scopeUri: string | undefined) => unknown;
  private readonly waiters: { predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(options: StartOptions) {
    this.settings = options.settings ?? (() => ({}));
    this.child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: options.workspaceFolder ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout!), new rpc.StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.predicate(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
      this.configurationRequests.push(...p.items);
      // An answer may be a promise: a slow client, or (one that never settles) a silent one.
      return Promise.all(p.items.map((item) => this.settings(item.scopeUri)));
    });
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      return null;
    });
    this.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.shown.push(p.message);
      for (const w of this.shownWaiters.splice(0)) w();
      return null;
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.shown.push(p.message);
      for (const w of this.shownWaiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logged.push(p.message);
    });
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<{ client: LspClient; result: InitializeResult }> {
    ensureBuilt();
    const client = new LspClient(options);
    const folder = options.workspaceFolder ?? ROOT;
    const result = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }],
      capabilities: options.capabilities ?? editorCapabilities(),
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return { client, result };
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Resolves with the first diagnostics (already received or future) that match. */
  diagnostics(predicate: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const seen = this.published.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  /** Resolves with the first window/showMessage text (already shown or future) that matches. */
  async message(predicate: (message: string) => boolean): Promise<string> {
    for (;;) {
      const seen = this.shown.find(predicate);
      if (seen !== undefined) return seen;
      await new Promise<void>((resolve) => this.shownWaiters.push(resolve));
    }
  }

  /** Diagnostics published for the document's current version. */
  current(uri: string): Promise<PublishDiagnosticsParams> {
    const version = this.documents.get(uri)!.version;
    return this.diagnostics((p) => p.uri === uri && p.version === version);
  }

  async open(uri: string, languageId: string, text: string): Promise<TextDocument> {
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, doc);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  /** Sends incremental changes; edits refer to the current text and must not overlap. */
  async edit(uri: string, edits: TextEdit[]): Promise<TextDocument> {
    const doc = this.documents.get(uri)!;
    // Applied last-first, each change's range is still valid when the server applies them in order.
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    const next = TextDocument.update(doc, ordered.map((e) => ({ range: e.range, text: e.newText })), doc.version + 1);
    this.documents.set(uri, next);
    await this.notify('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })) });
    return next;
  }

  async replaceAll(uri: string, text: string): Promise<TextDocument> {
    const doc = this.documents.get(uri)!;
    const next = TextDocument.create(uri, doc.languageId, doc.version + 1, text);
    this.documents.set(uri, next);
    await this.notify('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [{ text }] });
    return next;
  }

  /**
   * Applies a WorkspaceEdit as an editor does: versioned document changes must match the open
   * version; files that are not open are created or edited on disk. Returns the files written on disk.
   */
  async applyEdit(edit: WorkspaceEdit): Promise<{ created: string[]; changed: string[] }> {
    const written = { created: [] as string[], changed: [] as string[] };
    const changes: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
    if (edit.documentChanges) {
      for (const change of edit.documentChanges) {
        if ('kind' in change) {
          if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
          const file = fileURLToPath(change.uri);
          if (fs.existsSync(file)) {
            if (!change.options?.ignoreIfExists && !change.options?.overwrite) throw new Error(`create of an existing file ${file}`);
            if (!change.options?.overwrite) continue;
          }
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, '');
          written.created.push(file);
          continue;
        }
        changes.push({ uri: change.textDocument.uri, version: change.textDocument.version, edits: change.edits as TextEdit[] });
      }
    } else {
      for (const [uri, edits] of Object.entries(edit.changes ?? {})) changes.push({ uri, version: null, edits });
    }
    for (const change of changes) {
      const doc = this.documents.get(change.uri);
      if (!doc) {
        if (change.version !== null) throw new Error(`versioned edit for a document that is not open: ${change.uri}`);
        const file = fileURLToPath(change.uri);
        const onDisk = TextDocument.create(change.uri, 'plaintext', 0, fs.readFileSync(file, 'utf8'));
        fs.writeFileSync(file, TextDocument.applyEdits(onDisk, change.edits));
        if (!written.created.includes(file)) written.changed.push(file);
        continue;
      }
      if (change.version !== null && change.version !== doc.version) throw new Error(`edit for version ${change.version}, document is at ${doc.version}`);
      await this.edit(change.uri, change.edits);
    }
    return written;
  }

  /** Tells the server about files written on disk, as an editor's file watcher does. */
  async filesWritten(written: { created: string[]; changed: string[] }): Promise<void> {
    const changes = [...written.created.map((f) => ({ uri: pathToFileURL(f).href, type: 1 })), ...written.changed.map((f) => ({ uri: pathToFileURL(f).href, type: 2 }))];
    await this.notify('workspace/didChangeWatchedFiles', { changes });
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  async codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return (await this.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } })) ?? [];
  }

  /** shutdown, then exit; resolves with the process exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    try {
      await this.request('shutdown', null);
      await this.notify('exit', null);
    } catch {
      // Already gone.
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }
}

export function fileUri(name: string, folder = ROOT): string {
  return pathToFileURL(path.join(folder, name)).href;
}

export function codes(p: PublishDiagnosticsParams | { diagnostics: Diagnostic[] }): string[] {
  return p.diagnostics.map((d) => String(d.code));
}
