import * as fs from 'node:fs';
import { runLint, LINT_USAGE } from './cli/lint';
import { runScaffold } from './cli/scaffold';
import { startStdioServer } from './lsp/stdio';
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
      startStdioServer();
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

if (require.main === module) {
  // `lint` reads Go code with a WebAssembly parser, whose loading is asynchronous: load it first.
  const ready = process.argv[2] === 'lint' ? prepareServiceChecks() : Promise.resolve();
  void ready.then(() => {
    let code: number;
    try {
      code = main(process.argv.slice(2));
    } catch (e) {
      process.stderr.write(`go-container-standard: internal error: ${(e as Error).message}\n`);
      code = 2;
    }
    // -1: a long-running subcommand (the language server) sets its own exit code.
    if (code >= 0) process.exitCode = code;
  });
}
