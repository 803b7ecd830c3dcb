import * as fs from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { runLint, LINT_USAGE } from './cli/lint';
import { runScaffold } from './cli/scaffold';
import { prepareServiceChecks } from './engine/service';

declare const PACKAGE_VERSION: string;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const USAGE = `Usage: go-container-standard <command> [options]

Commands:
  lint [paths...]   Check Dockerfiles, Kubernetes manifests and compose files (see lint --help)
  lsp --stdio       Run the language server over standard input/output
  scaffold <what>   Write standard files (see scaffold --help)
  --version         Print the version

${LINT_USAGE}`;

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const io = {
    stdout: (s: string) => process.stdout.write(s),
    stderr: (s: string) => process.stderr.write(s),
    readStdin: () => fs.readFileSync(0),
    cwd: process.cwd(),
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
    version: VERSION,
  };
  switch (command) {
    case 'lint':
      return runLint(rest, io);
    case 'scaffold':
      return runScaffold(rest, io);
    case 'lsp':
      if (!rest.includes('--stdio')) {
        io.stderr('go-container-standard: lsp needs --stdio (the only transport)\n');
        return 2;
      }
      // Loaded here: the protocol libraries cost a lint run ~20 ms of start-up.
      (require('./lsp/stdio') as typeof import('./lsp/stdio')).startStdioServer();
      return -1;
    case '--version':
    case '-v':
      io.stdout(VERSION + '\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`go-container-standard: unknown command '${command}'\n\n${USAGE}\n`);
      return 2;
  }
}

/** The language server for the VS Code client (server/out/server.js loads this bundle and calls it). */
export function startEditorServer(): void {
  (require('./lsp/stdio') as typeof import('./lsp/stdio')).startEditorServer();
}

/** The command line: runs `argv` (without node and the script) and sets the process's exit code. */
export function runCli(argv: string[]): void {
  const internalError = (e: unknown): number => {
    process.stderr.write(`go-container-standard: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    return 2;
  };
  // `lint` reads Go code with a WebAssembly parser, whose loading is asynchronous: load it first.
  const ready = argv[0] === 'lint' ? prepareServiceChecks() : Promise.resolve();
  void ready
    .then(() => main(argv))
    .catch(internalError)
    .then((code) => {
      // -1: a long-running subcommand (the language server) sets its own exit code.
      if (code >= 0) process.exitCode = code;
    });
}

if (!isMainThread) {
  // `lsp --stdio` lints large documents in worker threads that require this bundle again (lsp/lintPool.ts).
  if ((workerData as Record<string, unknown> | undefined)?.goContainerStandardLintWorker) require('./lsp/lintPool');
} else if (require.main === module) {
  // Run directly rather than through server/out/cli.js (cliLauncher.ts).
  runCli(process.argv.slice(2));
}
