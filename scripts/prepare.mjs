// `prepare`: npm runs it after `npm install` in this folder and when it installs the package from
// git (pre-commit's node hooks run `npm install -g git+file://<clone>`). The CLI must be built then,
// since server/out is not in git. A global git install gives the script no devDependencies
// (npm/cli#8440: the nested install inherits the global flag), so they are installed here into the
// package's own folder first. A checkout that is already built is left alone (`npm run build`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'server', 'out', 'cli.js'))) {
  try {
    createRequire(join(root, 'package.json')).resolve('esbuild');
  } catch {
    const npm = process.env.npm_execpath;
    const install = ['ci', '--global=false', `--prefix=${root}`, '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'];
    if (npm) run(process.execPath, [npm, ...install]);
    else run('npm', install);
  }
  run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
}
