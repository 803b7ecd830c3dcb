// Loads the client bundle with a stub `vscode` module and times require + activate(), with the
// language client's start() replaced so that only the extension's own work is measured.
const Module = require('node:module');
const path = require('node:path');
const bundle = process.argv[2];

const noop = () => ({ dispose() {} });
const handler = { get: (target, prop) => (prop in target ? target[prop] : new Proxy(function () {}, handler)), apply: () => new Proxy(function () {}, handler) };
const vscode = new Proxy(
  {
    workspace: new Proxy({ getConfiguration: () => ({ get: (_k, d) => d }), workspaceFolders: [], onDidChangeConfiguration: noop, createFileSystemWatcher: () => ({ dispose() {}, onDidChange: noop, onDidCreate: noop, onDidDelete: noop }) }, handler),
    window: new Proxy({ createOutputChannel: () => ({ appendLine() {}, append() {}, dispose() {}, show() {} }) }, handler),
    commands: { registerCommand: noop, executeCommand: async () => undefined },
    extensions: { getExtension: () => undefined, onDidChange: noop, all: [] },
    languages: new Proxy({}, handler),
    Uri: { file: (p) => ({ fsPath: p, toString: () => 'file://' + p }), parse: (s) => ({ toString: () => s }), joinPath: (u, ...p) => ({ fsPath: path.join(u.fsPath || '', ...p) }) },
    // Read by name at activation (esbuild's ESM interop copies only the stub's own keys).
    EventEmitter: class {
      event = noop;
      fire() {}
      dispose() {}
    },
    env: { appName: 'bench' },
    version: '1.99.0',
  },
  handler,
);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'vscode') return 'vscode';
  return resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

// The language client is what activate() starts; its process start is not activation work. Patched
// before the clock starts: loading this unbundled copy is the probe's work, not the extension's.
try {
  const lc = require(require.resolve('vscode-languageclient/node', { paths: [path.resolve(path.dirname(bundle), '../..')] }));
  lc.LanguageClient.prototype.start = async function () {};
} catch {
  // bundled: start() will try to spawn; time is still measured up to activate()'s return
}

const start = process.hrtime.bigint();
const ext = require(bundle);
const context = {
  subscriptions: [],
  extensionPath: path.resolve(path.dirname(bundle), '../..'),
  extensionUri: { fsPath: path.resolve(path.dirname(bundle), '../..') },
  asAbsolutePath: (p) => path.resolve(path.dirname(bundle), '../..', p),
  globalState: { get: () => undefined, update: async () => {} },
  workspaceState: { get: () => undefined, update: async () => {} },
};
Promise.resolve(ext.activate(context))
  .catch(() => undefined)
  .then(() => {
    process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
    process.exit(0);
  });
