// Rebuilds server/shell-parser/shell-parser.wasm (mvdan.cc/sh/v3 compiled to WebAssembly, read by
// server/src/engine/dockerfile/shell-parser.ts) and copies the Go release's wasm_exec.js beside it.
// Both are committed, so building the extension needs no Go; run this after changing main.go or
// go.mod. Needs Go (the version go.mod names, fetched by GOTOOLCHAIN if older).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'shell-parser');
const env = { ...process.env, GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' };
const run = (args) => {
  const r = spawnSync('go', args, { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`go ${args.join(' ')} failed:\n${r.stderr}`);
    process.exit(1);
  }
  return r.stdout.trim();
};
run(['vet', '.']);
// -trimpath and an empty build id: the same sources and Go version give the same bytes.
run(['build', '-trimpath', '-ldflags=-s -w -buildid=', '-o', 'shell-parser.wasm', '.']);
const goroot = run(['env', 'GOROOT']);
const glue = [join(goroot, 'lib', 'wasm', 'wasm_exec.js'), join(goroot, 'misc', 'wasm', 'wasm_exec.js')].find(existsSync);
if (!glue) {
  console.error(`wasm_exec.js not found under ${goroot}`);
  process.exit(1);
}
copyFileSync(glue, join(dir, 'wasm_exec.js'));
console.log(`server/shell-parser/shell-parser.wasm (${(statSync(join(dir, 'shell-parser.wasm')).size / 1024).toFixed(0)} KiB) with ${run(['version'])}`);
