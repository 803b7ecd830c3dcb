// Finds Neovim for the editor tests (test/lsp/neovim.test.ts): `nvim` on PATH, else Debian's
// `neovim` package, installed with apt-get on first use when running as root. Prints the path.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/nvim', '/usr/local/bin/nvim'];
const log = (...args) => console.error('[nvim-install]', ...args);

function onPath() {
  const found = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).stdout?.trim();
  return found || CANDIDATES.find((p) => existsSync(p));
}

/** The nvim binary; throws with what to run when it is missing and cannot be installed here. */
export function ensureNeovim() {
  const present = onPath();
  if (present) return present;
  const hint = 'install it with "sudo apt-get update && sudo apt-get install -y neovim" (Debian, Neovim 0.7+)';
  if (process.getuid?.() !== 0) throw new Error(`the Neovim tests need nvim, which is not on PATH: ${hint}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'neovim']]) {
    log('$ apt-get', args.join(' '));
    const result = spawnSync('apt-get', args, { stdio: ['ignore', process.stderr, process.stderr], env });
    if (result.error || result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}): ${hint}`);
  }
  const installed = onPath();
  if (!installed) throw new Error(`apt-get installed neovim but no nvim binary was found: ${hint}`);
  return installed;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(ensureNeovim());
