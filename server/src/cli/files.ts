import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../engine/files';
import { gitignoresAbove, isGitignored, readGitignore, type GitignoreLayer } from '../engine/gitignore';
import { compareFileNames } from '../engine/text';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'vendor', '.hg', '.svn']);

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

function walk(dir: string, inherited: GitignoreLayer[], add: (p: string, explicit: boolean) => void): void {
  const own = readGitignore(path.resolve(dir));
  const layers = own ? [...inherited, own] : inherited;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => compareFileNames(a.name, b.name));
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    const abs = path.resolve(p);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || isGitignored(layers, abs, true)) continue;
      walk(p, layers, add);
    } else if (entry.isFile()) {
      if (!fileKindOf(p) || isGitignored(layers, abs, false)) continue;
      add(p, false);
    }
  }
}
