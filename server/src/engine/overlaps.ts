import type { Range } from './types';

/**
 * One finding per problem. When two rules report on the same token, the one that owns the problem
 * stays and the others stand down, so the editor shows one squiggle with one fix (one target image,
 * one Go version). Ownership is by rule, and applies only when the owner's finding is really there:
 * an owner that is switched off, suppressed or silent leaves the other rules' findings alone, and
 * an owner that offers no fix (its rewrite is blocked) leaves a finding that offers one.
 *
 * - `runtime-distroless-nonroot` owns the runtime stage's FROM image: its rewrite pins the image
 *   (`no-latest-tag`) and sets `USER nonroot:nonroot` (`runtime-nonroot-user`).
 * - `go-version-consistency` owns a builder whose Go is older than go.mod's `go` directive: its fix
 *   raises the tag to what go.mod needs, which also meets `builder-go-version`'s minimum whenever
 *   the two disagree (it stands down itself when the minimum already satisfies go.mod).
 */
export const OWNERS: Readonly<Record<string, readonly string[]>> = {
  'runtime-distroless-nonroot': ['no-latest-tag', 'runtime-nonroot-user'],
  'go-version-consistency': ['builder-go-version'],
};

export const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Whether `finding` stands down because one of `owners` (findings of the same file) reports the same token. */
export function isSuperseded(finding: Located, owners: readonly Located[]): boolean {
  return owners.some((o) => o !== finding && OWNERS[o.ruleId]?.includes(finding.ruleId) && sameRange(o.range, finding.range) && (o.fix !== undefined || finding.fix === undefined));
}

interface Located {
  ruleId: string;
  range: Range;
  fix?: unknown;
}

/** The findings of one file without those an owning rule's finding (from `owners`, default the same list) supersedes. */
export function withoutSuperseded<F extends Located>(findings: F[], owners: readonly Located[] = findings): F[] {
  if (!owners.some((o) => o.ruleId in OWNERS)) return findings;
  return findings.filter((f) => !isSuperseded(f, owners));
}

