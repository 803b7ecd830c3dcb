// Entry of the language server the VS Code client starts (server/out/server.js); the transport
// (--node-ipc, --stdio, --socket) comes from the command line. The server itself lives in the CLI
// bundle (cli-main.js, which also serves `lsp --stdio` and the lint worker threads): this entry
// only loads it, so the .vsix ships the engine once (two copies took it to 1.98 of its 2 MB).
import { isMainThread } from 'node:worker_threads';

// Resolved at run time beside this file (scripts/build.mjs keeps it external).
const cli = require('./cli-main.js') as typeof import('./cli');
if (isMainThread) cli.startEditorServer();
