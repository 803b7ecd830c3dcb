import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readBounded } from './files';

/** The rules of one `.gitignore` and the folder they are relative to. */
export interface GitignoreLayer {
  dir: string;
  ig: Ignore;
}

const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** The folder's `.gitignore`, read bounded (one above a root may be a symlink to a device). */
export function readGitignore(dir: string): GitignoreLayer | undefined {
  const read = readBounded(path.join(dir, '.gitignore'), MAX_GITIGNORE_BYTES);
  return 'bytes' in read ? { dir, ig: ignore().add(read.bytes.toString('utf8')) } : undefined;
}

/** `.gitignore` files of the folders above a starting folder, up to the repository root (the folder with `.git`). */
export function gitignoresAbove(start: string): GitignoreLayer[] {
  const layers: GitignoreLayer[] = [];
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

export function isGitignored(layers: GitignoreLayer[], abs: string, isDir: boolean): boolean {
  for (const { dir, ig } of layers) {
    const rel = path.relative(dir, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}
