// Entry of the language server bundle the VS Code client starts (server/out/server.js); the
// transport (--node-ipc, --stdio, --socket) comes from the command line.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './lsp/server';

startLanguageServer(createConnection(ProposedFeatures.all));
