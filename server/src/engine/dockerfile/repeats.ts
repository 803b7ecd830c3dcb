import type { Fix, Report, TextEdit } from '../types';
import type { Stage } from './model';

/**
 * Advice that repeats (the same hint on each `go build` of a stage) is said once per stage: the
 * first place keeps the finding, its message names the other lines, and its fix makes every edit
 * (identical edits once; an edit overlapping an earlier one waits for the next fix pass). The fix
 * is safe as the fixes it merges are (fixes of different safety are not merged). With `mergeFixes: false` the fix is the first place's
 * only (a fix that declares something the later places then see, like `ARG TARGETARCH`): after it
 * is applied, the next place becomes the finding.
 */
export function oncePerStage(found: { stage: Stage; report: Report; kind?: string }[], options: { mergeFixes?: boolean } = {}): Report[] {
  // Different advice (kind) in one stage stays apart, and so do fixes of different safety: a safe
  // fix merged into an unsafe one would no longer be applied by \`--fix\`.
  const byStage = new Map<Stage, Map<string, Report[]>>();
  for (const { stage, report, kind = '' } of found) {
    const kinds = byStage.get(stage) ?? new Map<string, Report[]>();
    byStage.set(stage, kinds);
    const key = `${kind}\0${report.fix?.safety ?? 'none'}`;
    if (!kinds.has(key)) kinds.set(key, []);
    kinds.get(key)!.push(report);
  }
  const out: Report[] = [];
  for (const reports of [...byStage.values()].flatMap((kinds) => [...kinds.values()])) {
    const [first, ...rest] = reports;
    if (rest.length === 0) {
      out.push(first);
      continue;
    }
    const lines = [...new Set(rest.map((r) => r.range.start.line + 1).filter((l) => l !== first.range.start.line + 1))];
    const more = lines.length ? ` The same applies in this stage on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}.` : ` The same applies ${rest.length} more time${rest.length > 1 ? 's' : ''} on this line.`;
    out.push({ ...first, message: first.message + more, fix: options.mergeFixes === false ? first.fix : mergeFixes(reports.flatMap((r) => (r.fix ? [r.fix] : []))) });
  }
  return out;
}

function mergeFixes(fixes: Fix[]): Fix | undefined {
  if (fixes.length <= 1) return fixes[0];
  const edits: TextEdit[] = [];
  const key = (e: TextEdit) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}\0${e.newText}`;
  const seen = new Set<string>();
  for (const edit of fixes.flatMap((f) => f.edits)) {
    if (seen.has(key(edit)) || edits.some((e) => overlaps(e, edit))) continue;
    seen.add(key(edit));
    edits.push(edit);
  }
  return {
    title: `${fixes[0].title} (${fixes.length} places in this stage)`,
    edits,
    safety: fixes.every((f) => f.safety === 'safe') ? 'safe' : 'unsafe',
  };
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** Two edits change the same text, or insert at the same point (their order would be arbitrary). Adjacent edits do not overlap. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (isEmpty(a) && isEmpty(b)) return same(a.range.start, b.range.start);
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}

const isEmpty = (e: TextEdit) => same(e.range.start, e.range.end);
const same = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line === b.line && a.character === b.character;
