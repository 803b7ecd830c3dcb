// `npm run package`: bundles with esbuild, then packs the .vsix with vsce. Dependencies are bundled,
// so vsce runs with --no-dependencies; .vscodeignore lists what ships. package.json's `files` is
// for the npm package (the CLI), and vsce refuses a manifest that has both, so vsce packs a staging
// copy of the extension whose package.json has no `files`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${pkg.name}-${pkg.version}.vsix`);
// Everything the .vscodeignore allow-list could name; the rest of the repository is never read.
const STAGED = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'client/out', 'server/out', 'snippets', 'schemas', 'media'];

function run(cmd, cmdArgs, cwd) {
  const result = spawnSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!args.includes('--no-build')) run(process.execPath, [join(root, 'scripts', 'build.mjs')], root);
const stage = mkdtempSync(join(tmpdir(), 'gcs-vsix-'));
try {
  for (const entry of STAGED) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  const { files: _npmFiles, ...manifest } = pkg;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  run(process.execPath, [
    join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package',
    '--no-dependencies', '--no-rewrite-relative-links', '--out', out,
  ], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`${relative(process.cwd(), out) || out} (${(statSync(out).size / 1024).toFixed(0)} KiB)`);
