import type { Finding, LintRequest, Range, Rule } from './types';
import { LineIndex } from './text';
import { fileKindOf, skipReason, type FileKind } from './files';
import { buildDockerfileModel } from './dockerfile/model';
import { isSuppressed, type SuppressionTable } from './suppress';
import { compareFindings, engineFinding } from './diagnostics';
import { withoutSuperseded } from './overlaps';
import { rulesFor } from './rules';
import { dockerfileSuppressions, KNOWN_RULE_IDS, runRule, yamlSuppressions, type FindingSink } from './run';
import { lintYamlModels } from './yaml/language';
import { isParseError, lintPerDocument } from './yaml/incremental';
import { copiesPrebuiltBinary, goreleaserFor } from './recipes/goreleaser';
import { GO_BUILD_RULES } from './recipes/recipe';

export type { LintRequest } from './types';
export { KNOWN_RULE_IDS, skipReason };

export interface LintResult {
  kind: FileKind | undefined;
  findings: Finding[];
}

export const DEFAULT_BUDGET_MS = 3000;

/** Lints one file's text: parse, build the model, run the rules. Never throws: failures become findings. */
export function lintText(request: LintRequest): LintResult {
  const { filePath, text } = request;
  const startedAt = Date.now();
  const kind = fileKindOf(filePath, request.languageId);
  if (!kind || kind === 'config') return { kind, findings: [] };
  const skipped = skipReason(text);
  if (skipped) return { kind, findings: [engineFinding('file-skipped', filePath, skipped)] };
  const index = new LineIndex(text);
  const findings: Finding[] = [];
  try {
    if (kind === 'dockerfile') {
      lintDockerfile(request, index, findings, startedAt);
    } else {
      const perDocument = lintPerDocument(request, index, lintDocument);
      if (perDocument) return { kind, findings: perDocument };
      lintYaml(request, index, findings, startedAt);
      // One broken document of several: the others keep their findings, so the Problems panel does not jump while typing.
      if (findings.some(isParseError) && request.splitDocuments !== 'never') {
        const documents = lintPerDocument({ ...request, splitDocuments: 'always' }, index, lintDocument);
        if (documents) return { kind, findings: documents };
      }
    }
  } catch (e) {
    findings.push(engineFinding('internal-error', filePath, `Internal error while linting this file: ${(e as Error).message}. The file was not checked; please report this.`));
  }
  return { kind, findings: findings.sort(compareFindings) };
}

const lintDocument = (request: LintRequest) => lintText(request).findings;

function lintDockerfile(request: LintRequest, index: LineIndex, findings: Finding[], startedAt: number): void {
  const model = buildDockerfileModel(request.text);
  const table = dockerfileSuppressions(index, model, { buildkit: true });
  // A Dockerfile goreleaser builds from (or that copies a binary goreleaser built beside it) holds a prebuilt Go binary: the runtime rules apply, the build rules have nothing to judge.
  const goreleaser = model.isGo ? undefined : goreleaserFor(request.absolutePath ?? request.filePath);
  const prebuiltGo = !!goreleaser && (goreleaser.named || copiesPrebuiltBinary(model, goreleaser.binaries));
  const rules = rulesFor('dockerfile').filter((r) => r.meta.scope !== 'go' || model.isGo || (prebuiltGo && !GO_BUILD_RULES.has(r.id)));
  const own: Finding[] = [];
  runRules(rules, model, request, table, own, undefined, startedAt);
  findings.push(...withoutSuperseded(own));
  reportUnknownSuppressions(table, request.filePath, findings);
}

function lintYaml(request: LintRequest, index: LineIndex, findings: Finding[], startedAt: number): void {
  const table = yamlSuppressions(index);
  lintYamlModels(
    request,
    (rules, model, extraSuppressed) => runRules(rules, model, request, table, findings, extraSuppressed, startedAt),
    (id, message, range) => findings.push(engineFinding(id, request.filePath, message, range)),
  );
  reportUnknownSuppressions(table, request.filePath, findings);
}

function reportUnknownSuppressions(table: SuppressionTable, file: string, findings: Finding[]): void {
  for (const u of table.unknown) {
    findings.push(engineFinding('suppression-unknown-rule', file, `Unknown rule id '${u.id}' in a suppression comment; it silences nothing. Check the spelling against the rule table.`, u.range));
  }
}

/** Runs a file's rules on its model (`runRule`) until the time budget is spent. */
function runRules<M>(
  rules: readonly Rule<M>[],
  model: M,
  request: LintRequest,
  table: SuppressionTable,
  findings: Finding[],
  extraSuppressed: ((ruleId: string, range: Range) => boolean) | undefined,
  startedAt: number,
): void {
  const budget = request.budgetMs ?? DEFAULT_BUDGET_MS;
  const sink: FindingSink = {
    file: request.filePath,
    subject: 'file',
    findings,
    setting: (ruleId) => request.config.rules[ruleId],
    suppressed: (ruleId, _file, range) => isSuppressed(table, ruleId, range) || !!extraSuppressed?.(ruleId, range),
  };
  const ctx = { model, text: request.text, filePath: request.filePath, config: request.config };
  for (const [i, rule] of rules.entries()) {
    if (request.only && !request.only.has(rule.id)) continue;
    if (Date.now() - startedAt > budget) {
      const skipped = rules.slice(i).filter((r) => !request.only || request.only.has(r.id)).map((r) => r.id);
      findings.push(engineFinding('time-budget-exceeded', request.filePath, `Linting this file took longer than ${budget} ms, so these rules did not run: ${skipped.join(', ')}.`));
      return;
    }
    runRule(rule, ctx, sink);
  }
}
