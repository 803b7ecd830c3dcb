import * as path from 'node:path';
import picomatch from 'picomatch';

export interface DockerignorePattern {
  pattern: string;
  negated: boolean;
  line: number;
}

/** Parses a .dockerignore the way BuildKit does: `#` comment lines, `!` exceptions, patterns cleaned and relative to the context. */
export function parseDockerignore(text: string): DockerignorePattern[] {
  const patterns: DockerignorePattern[] = [];
  text.split(/\r?\n/).forEach((raw, line) => {
    if (raw.startsWith('#')) return;
    let pattern = raw.trim();
    if (!pattern) return;
    const negated = pattern.startsWith('!');
    if (negated) pattern = pattern.slice(1).trim();
    pattern = path.posix.normalize(pattern.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
    if (!pattern || pattern === '.') return;
    patterns.push({ pattern, negated, line });
  });
  return patterns;
}

/**
 * True when the context-relative path is left out of the build context: the last pattern that
 * matches it, or one of its parent folders, decides.
 */
export function isExcludedFromContext(patterns: DockerignorePattern[], relPath: string): boolean {
  const parts = relPath.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const p of patterns) {
    const matches = picomatch(p.pattern, { dot: true });
    if (prefixes.some((prefix) => matches(prefix))) excluded = !p.negated;
  }
  return excluded;
}
