// Bundles the CLI, the language server and the VS Code client with esbuild.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, existsSync, copyFileSync, mkdirSync, rmSync, appendFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  // No keepNames: it wraps every function and closure creation in a defineProperty call (a few
  // per cent of a Dockerfile lint); nothing reads function names, and stack traces have the source map.
  keepNames: false,
  // Dual packages (vscode-languageserver-types, -textdocument) resolve to their CommonJS builds, as
  // in Node itself. esbuild's default `module` condition picked their ESM builds, and
  // dockerfile-ast's require() of them then went through an interop getter on every Range.create:
  // ~5% of a Dockerfile lint.
  conditions: ['node'],
  logLevel: 'warning',
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
};
const entries = [
  // cli.js is a small launcher that starts cli-main.js from V8's code cache (see cliLauncher.ts).
  { entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli-main.js' },
  { entryPoints: ['server/src/cliLauncher.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // server.js only loads cli-main.js, which holds the language server too: the engine ships once.
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js', external: ['./cli-main.js'] },
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
].filter((e) => existsSync(e.entryPoints[0]));
await Promise.all(entries.map((e) => build({ ...common, ...e })));
// The Go parser (service checks) and the shell parser (RUN scripts) load these at runtime from beside the bundle (server/out).
mkdirSync('server/out', { recursive: true });
copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'server/out/tree-sitter.wasm');
copyFileSync('node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm', 'server/out/tree-sitter-go.wasm');
copyFileSync('server/shell-parser/shell-parser.wasm', 'server/out/shell-parser.wasm');

// The code cache: one training run of the CLI over the examples saves V8's code for every
// function it ran. Only the CLI needs it (a language server compiles once and runs for hours).
// The bundle ends with the key of its text, which the cache must open with (see cliLauncher.ts).
if (!watch && existsSync('server/out/cli-main.js')) {
  rmSync('server/out/cli-main.js.cache', { force: true });
  const key = createHash('sha1').update(readFileSync('server/out/cli-main.js')).digest('hex');
  appendFileSync('server/out/cli-main.js', `\n//# gcsCodeCacheKey=${key}\n`);
  const env = { ...process.env, GCS_WRITE_CODE_CACHE: '1', NO_COLOR: '1' };
  for (const args of [['lint', 'examples', '--exit-zero'], ['lint', 'examples', '--exit-zero', '--format', 'sarif']]) {
    const run = spawnSync(process.execPath, ['server/out/cli.js', ...args], { env, encoding: 'utf8' });
    if (run.status !== 0) {
      console.error(`build: the code-cache training run (cli.js ${args.join(' ')}) failed:\n${run.stderr}`);
      process.exit(1);
    }
  }
}
