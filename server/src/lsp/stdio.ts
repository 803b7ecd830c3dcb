import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './server';

/** `go-container-standard lsp --stdio`: the language server for any LSP editor (Neovim, Helix, Emacs…). */
export function startStdioServer(): void {
  // stdout carries the protocol: anything else printed there would corrupt it.
  const toStderr = (...args: unknown[]) => process.stderr.write(format(...args) + '\n');
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
}

/** The server the VS Code client starts (server/out/server.js), on the transport its command line names. */
export function startEditorServer(): void {
  startLanguageServer(createConnection(ProposedFeatures.all));
}
