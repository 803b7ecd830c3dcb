import type { CliIo } from './lint';

// PLACEHOLDER (issue 5): replaced by the scaffolding subcommand.
export function runScaffold(_argv: string[], io: CliIo): number {
  io.stderr('go-container-standard: scaffold is not available yet\n');
  return 2;
}
