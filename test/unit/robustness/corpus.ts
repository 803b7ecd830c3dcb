import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Finding } from '../../../server/src/engine/types';
import { LineIndex } from '../../../server/src/engine/text';
import { CORPUS as CORPUS_ROOT } from '../../corpusPath';

export const CORPUS = CORPUS_ROOT;

export interface CorpusFile {
  /** Relative to the corpus folder, e.g. `dockerfiles/x__Dockerfile`. */
  name: string;
  /** A path the engine will classify like the original file. */
  lintPath: string;
  text: string;
}

/** Every corpus file, with a lint path that keeps its kind (the corpus flattens repo paths with `__`). */
export function corpusFiles(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const folder of ['dockerfiles', 'k8s', 'k8s-helm', 'compose']) {
    const dir = path.join(CORPUS, folder);
    for (const file of fs.readdirSync(dir).sort()) {
      const base = file.split('__').pop()!;
      out.push({ name: `${folder}/${file}`, lintPath: base, text: fs.readFileSync(path.join(dir, file), 'utf8') });
    }
  }
  return out;
}

/** Problems with findings' ranges: each must lie inside the document, start before end. */
export function rangeProblems(text: string, findings: Finding[]): string[] {
  const index = new LineIndex(text);
  const problems: string[] = [];
  for (const f of findings) {
    for (const [label, p] of [['start', f.range.start], ['end', f.range.end]] as const) {
      if (p.line < 0 || p.line >= index.lineCount) problems.push(`${f.ruleId}: ${label} line ${p.line} outside 0..${index.lineCount - 1}`);
      else if (p.character < 0 || p.character > index.lineText(p.line).length)
        problems.push(`${f.ruleId}: ${label} ${p.line}:${p.character} past the end of the line (${index.lineText(p.line).length})`);
    }
    const s = f.range.start;
    const e = f.range.end;
    if (e.line < s.line || (e.line === s.line && e.character < s.character)) problems.push(`${f.ruleId}: range ends before it starts`);
  }
  return problems;
}

export function yamlParses(text: string): boolean {
  try {
    return parseAllDocuments(text).every((d) => d.errors.length === 0);
  } catch {
    return false;
  }
}

/** Comment lines of a file (trimmed), to check that fixes keep them. */
export function commentLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith('#'));
}

/** Seeded mutations of real files: what half-typed or damaged files look like. */
export interface Rng {
  nextInt(min: number, max: number): number;
}

/** mulberry32: a small seeded generator so every mutant can be reproduced from its seed. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { nextInt: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

export function mutate(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const pick = () => rng.nextInt(0, Math.max(0, lines.length - 1));
  switch (rng.nextInt(0, 8)) {
    case 0:
      return text.slice(0, rng.nextInt(0, text.length));
    case 1: {
      const at = rng.nextInt(0, text.length);
      const junk = Array.from({ length: rng.nextInt(1, 12) }, () => String.fromCharCode(rng.nextInt(1, 0xffff))).join('');
      return text.slice(0, at) + junk + text.slice(at);
    }
    case 2:
      lines.splice(pick(), rng.nextInt(1, 4));
      return lines.join('\n');
    case 3: {
      const i = pick();
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 4: {
      const a = pick();
      const b = pick();
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 5: {
      const i = pick();
      lines[i] = (lines[i] ?? '').replace(/^ +/, '\t');
      return lines.join('\n');
    }
    case 6: {
      const at = rng.nextInt(0, text.length);
      return text.slice(0, at) + ['[', ']', '{', '}', '"', "'", '\\', '`', '<<EOF', '&&', '*a', '&a', ': '][rng.nextInt(0, 12)] + text.slice(at);
    }
    case 7:
      return text.replace(/\n/g, '\r\n');
    default:
      return text.toLowerCase();
  }
}

