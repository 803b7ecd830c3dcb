import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDockerfileName, isYamlName } from '../files';
import { gitignoresAbove, isGitignored, readGitignore, type GitignoreLayer } from '../gitignore';
import { compareFileNames } from '../text';

/**
 * A Go service: a folder with go.mod. Its Go files are those of the module (nested modules are
 * services of their own); its Dockerfiles are assigned in `model.ts` (the nearest go.mod above
 * the Dockerfile, or the one a compose `build.context` names).
 */
export interface Service {
  /** Absolute folder holding go.mod. */
  root: string;
  goMod: string;
  /** The folder's name. */
  name: string;
  /** Go files of the module (nested modules, vendor, testdata and `_`/`.` folders excluded). */
  goFiles: string[];
}

export interface ServiceWorkspace {
  roots: string[];
  services: Service[];
  dockerfiles: string[];
  yamlFiles: string[];
  /** Every file seen (absolute paths), to answer "does this exist" without touching the disk again. */
  files: Set<string>;
  /** The walk stopped at `maxFiles`. */
  truncated: boolean;
}

export interface DiscoverOptions {
  /** Stop after this many files (default 50,000). */
  maxFiles?: number;
  /** Folder names never entered (default: .git, node_modules, vendor, .hg, .svn, testdata). */
  skipDirs?: ReadonlySet<string>;
  /** Extra filter, e.g. the editor's exclude settings. */
  isIgnored?: (absPath: string, isDir: boolean) => boolean;
  /** Skip what `.gitignore` files ignore, as the CLI's file walk does (default true). */
  respectGitignore?: boolean;
}

export const DEFAULT_SKIP_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', 'vendor', '.hg', '.svn', 'testdata']);
export const DEFAULT_MAX_FILES = 50_000;

/** Walks the roots (folders) and finds the services, Dockerfiles and YAML files under them. */
export function discoverServices(roots: string[], options: DiscoverOptions = {}): ServiceWorkspace {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const skipDirs = options.skipDirs ?? DEFAULT_SKIP_DIRS;
  const workspace: ServiceWorkspace = { roots: [], services: [], dockerfiles: [], yamlFiles: [], files: new Set(), truncated: false };
  const goFiles: string[] = [];
  const visited = new Set<string>();
  const useGitignore = options.respectGitignore ?? true;
  const walk = (dir: string, inherited: GitignoreLayer[]): void => {
    if (visited.has(dir) || workspace.truncated) return;
    visited.add(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const own = useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile()) ? readGitignore(dir) : undefined;
    const layers = own ? [...inherited, own] : inherited;
    entries.sort((a, b) => compareFileNames(a.name, b.name));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Go ignores `_x` and `.x` folders; the rest are skipped for size and noise.
        if (skipDirs.has(entry.name) || /^[._]/.test(entry.name) || options.isIgnored?.(abs, true) || isGitignored(layers, abs, true)) continue;
        walk(abs, layers);
        if (workspace.truncated) return;
      } else if (entry.isFile()) {
        if (options.isIgnored?.(abs, false) || isGitignored(layers, abs, false)) continue;
        if (workspace.files.size >= maxFiles) {
          workspace.truncated = true;
          return;
        }
        workspace.files.add(abs);
        if (entry.name === 'go.mod') workspace.services.push({ root: dir, goMod: abs, name: path.basename(dir), goFiles: [] });
        else if (entry.name.endsWith('.go')) goFiles.push(abs);
        else if (isDockerfileName(abs)) workspace.dockerfiles.push(abs);
        else if (isYamlName(abs)) workspace.yamlFiles.push(abs);
      }
    }
  };
  for (const root of roots) {
    const abs = path.resolve(root);
    workspace.roots.push(abs);
    walk(abs, useGitignore ? gitignoresAbove(abs) : []);
  }
  for (const file of goFiles) {
    const owner = nearestService(workspace.services, file);
    if (owner) owner.goFiles.push(file);
  }
  return workspace;
}

/** The service whose folder is the deepest one containing `file`. */
export function nearestService(services: Service[], file: string): Service | undefined {
  let best: Service | undefined;
  for (const s of services) {
    if (isInside(s.root, file) && (!best || s.root.length > best.root.length)) best = s;
  }
  return best;
}

export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
