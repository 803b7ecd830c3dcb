// `npm run package`: bundles with esbuild, then packs the .vsix with vsce. Dependencies are bundled,
// so vsce runs with --no-dependencies; .vscodeignore lists what ships.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${pkg.name}-${pkg.version}.vsix`);

function run(cmd, cmdArgs) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!args.includes('--no-build')) run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
run(process.execPath, [
  join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package',
  '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out,
]);
console.log(`${out} (${(statSync(out).size / 1024).toFixed(0)} KiB)`);
