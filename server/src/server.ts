// Entry of the language server bundle the VS Code client starts (server/out/server.js); the
// transport (--node-ipc, --stdio, --socket) comes from the command line.
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './lsp/server';

// The same bundle also runs in the lint worker threads (see lsp/lintPool.ts), which serve jobs only.
if (isMainThread) startLanguageServer(createConnection(ProposedFeatures.all));
