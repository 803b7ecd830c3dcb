// PLACEHOLDER (issue 4): replaced by the language server entry over stdio.
export function startStdioServer(): void {
  process.stderr.write('go-container-standard: lsp is not available yet\n');
  process.exitCode = 2;
}
