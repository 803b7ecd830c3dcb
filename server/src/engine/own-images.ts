import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseImageRef } from './dockerfile/image';
import { readBounded } from './files';
import { decodeUtf8 } from './text';

/**
 * Which images are the service's own (`ownImages:` in `.container-standard.yaml`, else found here):
 * the images its Makefiles and GitHub workflows build and push. `k8s-image-tag` holds only these to
 * the `<git-sha>-v<semver>` release scheme; a pinned third-party image (`redis:8.10.1-alpine`) is
 * tagged by its publisher, not by this service.
 *
 * Found from, in the file's folder and each folder above it up to the repository root (the folder
 * holding `.git`): `Makefile` / `GNUmakefile` / `*.mk` (`docker build -t X`, `docker push X`,
 * `--tag X`, with `$(VAR)` / `${VAR}` expanded from the Makefile's assignments), and at the root
 * `.github/workflows/*.y(a)ml` (`tags:` / `images:` of the Docker actions, `docker build -t` and
 * `docker push` in `run:` steps, `${{ env.X }}` expanded from `env:`). Names are returned without
 * tag or digest, registry-qualified as written (`ghcr.io/acme/payments-api`).
 */
export function discoverOwnImages(filePath: string): string[] {
  const files = candidateFiles(path.dirname(path.resolve(filePath)));
  const key = files.map((f) => `${f.path}\0${f.mtimeMs}`).join('\n');
  const cached = cache.get(key);
  if (cached) return cached;
  const names = new Set<string>();
  for (const f of files) for (const name of imagesIn(f.path, f.kind)) names.add(name);
  const result = [...names].sort();
  if (cache.size > 200) cache.clear();
  cache.set(key, result);
  return result;
}

const cache = new Map<string, string[]>();
const listings = new Map<string, { mtimeMs: number; names: string[] }>();
const MAX_BYTES = 512 * 1024;

interface Candidate {
  path: string;
  kind: 'make' | 'workflow';
  mtimeMs: number;
}

function candidateFiles(start: string): Candidate[] {
  const out: Candidate[] = [];
  const add = (p: string, kind: Candidate['kind']) => {
    try {
      const st = fs.statSync(p);
      if (st.isFile()) out.push({ path: p, kind, mtimeMs: st.mtimeMs });
    } catch {
      // absent
    }
  };
  const list = (dir: string): string[] => {
    try {
      // A folder's names change only with its mtime: large folders (a corpus of manifests) are read once.
      const mtimeMs = fs.statSync(dir).mtimeMs;
      const known = listings.get(dir);
      if (known && known.mtimeMs === mtimeMs) return known.names;
      const names = fs.readdirSync(dir).filter((n) => n === 'Makefile' || n === 'GNUmakefile' || n === 'makefile' || n.endsWith('.mk') || /\.ya?ml$/.test(n) || n === '.git' || n === '.github').sort();
      if (listings.size > 1000) listings.clear();
      listings.set(dir, { mtimeMs, names });
      return names;
    } catch {
      return [];
    }
  };
  for (let dir = start, depth = 0; depth < 12; depth++) {
    for (const name of list(dir)) if (name === 'Makefile' || name === 'GNUmakefile' || name === 'makefile' || name.endsWith('.mk')) add(path.join(dir, name), 'make');
    const names = list(dir);
    const root = names.includes('.git');
    if (root || names.includes('.github')) {
      const workflows = path.join(dir, '.github', 'workflows');
      for (const name of list(workflows)) if (/\.ya?ml$/.test(name)) add(path.join(workflows, name), 'workflow');
    }
    const parent = path.dirname(dir);
    if (root || parent === dir) break;
    dir = parent;
  }
  return out;
}

function imagesIn(file: string, kind: Candidate['kind']): string[] {
  const read = readBounded(file, MAX_BYTES);
  if (!('bytes' in read)) return [];
  const text = decodeUtf8(read.bytes).text;
  return kind === 'make' ? makefileImages(text) : workflowImages(text);
}

/** `docker build -t X`, `docker buildx build --tag=X`, `docker push X`, `docker tag A X`, with Makefile variables expanded. */
export function makefileImages(text: string): string[] {
  const vars = new Map<string, string>();
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const m of joined.matchAll(/^[ \t]*(?:export[ \t]+|override[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:\?=|:=|::=|=)[ \t]*(.*)$/gm)) {
    if (!vars.has(m[1])) vars.set(m[1], m[2].replace(/\s+#.*$/, '').trim());
  }
  const expand = (s: string, depth = 0): string =>
    depth > 5 ? s : s.replace(/\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g, (all, name: string) => (vars.has(name) ? expand(vars.get(name)!, depth + 1) : all));
  return pushedImages(joined, expand);
}

/** `tags:` / `images:` of docker/build-push-action and docker/metadata-action, and docker commands in `run:`, with `${{ env.X }}` expanded. */
export function workflowImages(text: string): string[] {
  const env = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]+([A-Za-z_][A-Za-z0-9_]*):[ \t]*['"]?([^'"\s#]+)['"]?[ \t]*(?:#.*)?$/gm)) if (!env.has(m[1])) env.set(m[1], m[2]);
  const expand = (s: string) => s.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (all, name: string) => env.get(name) ?? all).replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => env.get(name) ?? all);
  const out = new Set(pushedImages(text, expand));
  // `tags: X:tag` / `images: X` (one value, a flow list or a block of lines).
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([ \t]*)(?:tags|images):[ \t]*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const values: string[] = [];
    const inline = m[2].replace(/\s+#.*$/, '').trim();
    if (inline && !/^[|>]/.test(inline)) values.push(...inline.replace(/^\[|\]$/g, '').split(','));
    else {
      for (let j = i + 1; j < lines.length; j++) {
        const line = lines[j];
        if (line.trim() === '') continue;
        if (/^[ \t]*/.exec(line)![0].length <= m[1].length) break;
        values.push(line.trim().replace(/^-\s*/, ''));
      }
    }
    for (const v of values) {
      // metadata-action's `type=…` lines are tag rules, not images.
      const word = v.trim().replace(/^['"]|['"]$/g, '');
      if (!word || word.includes('type=') || word.includes('=')) continue;
      addName(out, expand(word));
    }
  }
  return [...out];
}

function pushedImages(text: string, expand: (s: string) => string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bdocker\b[^\n;&|]*?(?:\s(?:-t|--tag)(?:\s+|=)|\spush\s+(?:-\S+\s+)*)(\S+)/g)) addName(out, expand(m[1]));
  for (const m of text.matchAll(/\bdocker\s+tag\s+\S+\s+(\S+)/g)) addName(out, expand(m[1]));
  return [...out];
}

function addName(out: Set<string>, written: string): void {
  let word = written.trim().replace(/^['"]|['"]$/g, '');
  // A variable left in the tag (`$(IMAGE):$(TAG)`) leaves the name; one in the name leaves nothing to go by.
  const variable = word.search(/[$({}]/);
  if (variable !== -1) {
    const before = word.slice(0, variable);
    if (!before.endsWith(':')) return;
    word = before.slice(0, -1);
  }
  if (!word || word.startsWith('-')) return;
  const ref = parseImageRef(word);
  if (!ref.repository || !/^[a-z0-9][a-z0-9._/-]*$/.test(ref.repository)) return;
  out.add(ref.registry === 'docker.io' ? ref.repository : `${ref.registry}/${ref.repository}`);
}
