import type { Finding, Fix, TextEdit } from './types';
import { applyEdits, LineIndex } from './text';

export const MAX_FIX_PASSES = 10;

/**
 * Picks fixes whose edits overlap no fix picked before (each fix whole or not at all),
 * preferring earlier findings. Touching insertions at the same point count as overlapping.
 */
export function selectNonOverlappingFixes(text: string, fixes: Fix[]): Fix[] {
  const index = new LineIndex(text);
  const taken: [number, number][] = [];
  const chosen: Fix[] = [];
  const overlaps = (s: number, e: number) => taken.some(([ts, te]) => spansConflict(s, e, ts, te));
  for (const fix of fixes) {
    const spans = fix.edits.map((edit) => [index.offsetAt(edit.range.start), index.offsetAt(edit.range.end)] as [number, number]);
    if (spans.some(([s, e]) => overlaps(s, e))) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  return chosen;
}

export interface FixOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`, `goContainerStandard.fixAll.unsafeFixes`); default: safe fixes only. */
  unsafe?: boolean;
}

/** Whether a fix may be applied without review under these options (Ruff's applicability). */
export function isApplicable(fix: Pick<Fix, 'safety'>, options: FixOptions = {}): boolean {
  return fix.safety === 'safe' || options.unsafe === true;
}

/**
 * Applies the applicable fixes (safe ones only, unless `options.unsafe`) in passes until nothing
 * changes (at most MAX_FIX_PASSES); line endings are kept.
 */
export function fixAll(text: string, lint: (text: string) => Finding[], options: FixOptions = {}): { text: string; passes: number; applied: number } {
  let current = text;
  let applied = 0;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const fixes = lint(current).flatMap((f) => (f.fix && isApplicable(f.fix, options) ? [f.fix] : []));
    if (fixes.length === 0) break;
    const chosen = selectNonOverlappingFixes(current, fixes);
    const edits: TextEdit[] = chosen.flatMap((f) => f.edits);
    const next = applyEdits(current, edits).text;
    passes++;
    if (next === current) break;
    applied += chosen.length;
    current = next;
  }
  return { text: current, passes, applied };
}

function spansConflict(s: number, e: number, ts: number, te: number): boolean {
  if (s < te && ts < e) return true;
  if (s === e && ts === te) return s === ts;
  if (s === e) return s > ts && s < te;
  if (ts === te) return ts > s && ts < e;
  return false;
}
