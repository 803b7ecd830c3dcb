import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileKindOf } from '../engine/files';

/** Folders of the workspace, as file paths, to resolve untitled documents and relative settings. */
export class WorkspaceFolders {
  private roots: string[] = [];

  set(uris: string[]): void {
    this.roots = uris.flatMap((u) => {
      const p = filePathOfUri(u);
      return p ? [p] : [];
    });
  }

  add(uris: string[]): void {
    this.set([...this.roots.map((r) => pathToFileURL(r).toString()), ...uris]);
  }

  remove(uris: string[]): void {
    const gone = new Set(uris.map((u) => filePathOfUri(u)));
    this.roots = this.roots.filter((r) => !gone.has(r));
  }

  /** The innermost folder containing the file, else the first folder, else the current directory. */
  folderOf(filePath: string): string {
    const containing = this.roots
      .filter((r) => filePath === r || filePath.startsWith(r.endsWith(path.sep) ? r : r + path.sep))
      .sort((a, b) => b.length - a.length)[0];
    return containing ?? this.roots[0] ?? process.cwd();
  }

  all(): string[] {
    return [...this.roots];
  }

  get first(): string | undefined {
    return this.roots[0];
  }
}

export function filePathOfUri(uri: string): string | undefined {
  // Clients are not always right: a uri may arrive as something other than a string.
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const UNTITLED_NAMES: Record<string, string> = {
  dockerfile: 'Dockerfile',
  dockercompose: 'compose.yaml',
  yaml: 'untitled.yaml',
};

/**
 * The path the engine sees for a document: the real one for `file:` URIs; for untitled and other
 * schemes a name in the workspace folder that keeps the kind (`Dockerfile`, `compose.yaml`), so
 * the nearest config file still applies.
 */
export function lintPathOf(uri: string, languageId: string, folders: WorkspaceFolders): string {
  const real = filePathOfUri(uri);
  if (real) return real;
  const lastSegment = decodeURIComponent(uri.replace(/[?#].*$/, '').split(/[/:]/).pop() ?? '');
  const name = lastSegment && fileKindOf(lastSegment, languageId) && fileKindOf(lastSegment) ? lastSegment : UNTITLED_NAMES[languageId] ?? 'untitled.yaml';
  return path.join(folders.first ?? process.cwd(), name);
}
