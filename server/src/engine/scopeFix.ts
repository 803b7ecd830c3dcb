import type { Finding, Fix, Position } from './types';
import { lintText, type LintRequest } from './lint';
import { applyEdits } from './text';
import { MAX_FIX_PASSES, selectNonOverlappingFixes } from './fix';
import { fileKindOf } from './files';
import { parseYamlFile, offsetToPosition } from './yaml/document';
import { buildK8sModel } from './yaml/k8s';
import { buildComposeModel } from './yaml/compose';

/** A Kubernetes container or a compose service: the lines it spans, for "fix all problems of this container". */
export interface FixScope {
  kind: 'container' | 'service';
  name?: string;
  fromLine: number;
  toLine: number;
}

/** The containers and compose services of a YAML text, in file order. */
export function fixScopes(request: LintRequest): FixScope[] {
  if (fileKindOf(request.filePath, request.languageId) !== 'yaml') return [];
  const file = parseYamlFile(request.text);
  if (file.error || file.isTemplate) return [];
  const lineOf = (offset: number) => offsetToPosition(file.lineCounter, offset).line;
  // A block collection's end is past its last line break: its last line is that of the character before.
  const lastLineOf = (range: [number, number, number]) => lineOf(Math.max(range[0], range[1] - 1));
  const scopes: FixScope[] = [];
  for (const workload of buildK8sModel(file, request)?.workloads ?? []) {
    for (const container of workload.containers) {
      const range = container.map.range;
      if (range && lineOf(range[0]) >= container.nameRange.start.line - 1) scopes.push({ kind: 'container', name: container.name, fromLine: Math.min(container.nameRange.start.line, lineOf(range[0])), toLine: lastLineOf(range) });
    }
  }
  for (const service of buildComposeModel(file, request)?.services ?? []) {
    const keyLine = service.keyRange.start.line;
    const range = service.map?.range;
    // A service given as an alias (`api: *defaults`) spans its key's line only.
    const own = range && lineOf(range[0]) >= keyLine;
    scopes.push({ kind: 'service', name: service.name, fromLine: keyLine, toLine: own ? lastLineOf(range) : keyLine });
  }
  return scopes;
}

/** The innermost scope containing the position's line. */
function scopeIndexAt(scopes: FixScope[], position: Position): number {
  let best = -1;
  scopes.forEach((s, i) => {
    if (s.fromLine > position.line || position.line > s.toLine) return;
    if (best < 0 || s.toLine - s.fromLine < scopes[best].toLine - scopes[best].fromLine) best = i;
  });
  return best;
}

/** A fix applied without asking: `safety` is 'safe' (a fix without one counts as unsafe). */
export function isSafeFix(fix: Fix | undefined): fix is Fix {
  return fix?.safety === 'safe';
}

export interface ScopeFixResult {
  scope: FixScope;
  text: string;
  /** How many findings the first pass found with safe fixes in the scope. */
  findings: number;
}

/**
 * Applies the safe fixes of every finding inside the container (or compose service) at
 * `position`, in passes like fix-all (a fix can make room for the next), and only while the
 * scope is still the same one. Undefined when no scope is there or fewer than `minFindings`
 * findings of it have a safe fix.
 */
export function fixAllInScope(
  request: LintRequest,
  position: Position,
  minFindings = 1,
  lint: (request: LintRequest) => Finding[] = (r) => lintText(r).findings,
): ScopeFixResult | undefined {
  const scopes = fixScopes(request);
  const at = scopeIndexAt(scopes, position);
  if (at < 0) return undefined;
  const scope = scopes[at];
  let current = request.text;
  let firstCount = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const now = pass === 0 ? scope : fixScopes({ ...request, text: current })[at];
    if (!now || now.kind !== scope.kind || now.name !== scope.name) break;
    const fixes = lint({ ...request, text: current })
      .filter((f) => isSafeFix(f.fix) && f.range.start.line >= now.fromLine && f.range.start.line <= now.toLine)
      .map((f) => f.fix!);
    if (pass === 0) {
      firstCount = fixes.length;
      if (firstCount < minFindings) return undefined;
    }
    if (fixes.length === 0) break;
    const chosen = selectNonOverlappingFixes(current, fixes);
    const next = applyEdits(current, chosen.flatMap((f) => f.edits)).text;
    if (next === current) break;
    current = next;
  }
  return current === request.text ? undefined : { scope, text: current, findings: firstCount };
}
