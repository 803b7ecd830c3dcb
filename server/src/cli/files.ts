import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { fileKindOf, readBounded } from '../engine/files';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'vendor', '.hg', '.svn']);
const MAX_GITIGNORE_BYTES = 1024 * 1024;

export interface FoundFile {
  path: string;
  /** Named on the command line (linted whatever its name) rather than found in a folder. */
  explicit: boolean;
}

/**
 * Expands the command line's paths: files as given, folders recursively (skipping `.git`,
 * `node_modules`, `vendor` and what `.gitignore` files ignore), keeping only files we lint.
 */
export function collectFiles(paths: string[], onMissing: (p: string) => void): FoundFile[] {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  const add = (p: string, explicit: boolean) => {
    const abs = path.resolve(p);
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ path: p, explicit });
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      onMissing(p);
      continue;
    }
    if (stat.isDirectory()) walk(p, gitignoresAbove(p), add);
    else add(p, true);
  }
  return out;
}

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

function readGitignore(dir: string): IgnoreLayer | undefined {
  const read = readBounded(path.join(dir, '.gitignore'), MAX_GITIGNORE_BYTES);
  return 'bytes' in read ? { dir, ig: ignore().add(read.bytes.toString('utf8')) } : undefined;
}

/** `.gitignore` files of the folders above a starting folder, up to the repository root. */
function gitignoresAbove(start: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let dir = path.resolve(start);
  for (;;) {
    const parent = path.dirname(dir);
    if (parent === dir || fs.existsSync(path.join(dir, '.git'))) break;
    dir = parent;
    const layer = readGitignore(dir);
    if (layer) layers.unshift(layer);
  }
  return layers;
}

function isIgnored(layers: IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const { dir, ig } of layers) {
    const rel = path.relative(dir, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function walk(dir: string, inherited: IgnoreLayer[], add: (p: string, explicit: boolean) => void): void {
  const own = readGitignore(path.resolve(dir));
  const layers = own ? [...inherited, own] : inherited;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    const abs = path.resolve(p);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || isIgnored(layers, abs, true)) continue;
      walk(p, layers, add);
    } else if (entry.isFile()) {
      if (!fileKindOf(p) || isIgnored(layers, abs, false)) continue;
      add(p, false);
    }
  }
}
