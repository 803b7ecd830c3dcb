import * as path from 'node:path';
import type { Finding, FindingAction, Range, Report, Rule, RuleContext, ServiceRule, ServiceRuleContext, SeveritySetting } from './types';
import type { DockerfileModel } from './dockerfile/model';
import { LineIndex } from './text';
import { engineFinding } from './diagnostics';
import { buildkitCheckSkips, goCommentsAsSuppressions, PeerIdMap, readSuppressions, yamlExtentAt, type SuppressionTable } from './suppress';
import { allRules } from './rules';

/**
 * Runs one rule (per file or per service) and turns its reports into findings, the one way every
 * caller does: the user's severity setting, then the report's, then the rule's default; suppression
 * comments and annotations; a rule that throws, or that reports a fix without `meta.fixable`
 * (ESLint's linter throws there), becomes one `internal-error` finding and loses its findings.
 *
 *   runRule(rule, { model, text, filePath, config }, sink);
 */
export function runRule<M>(rule: Rule<M>, ctx: Omit<RuleContext<M>, 'report'>, sink: FindingSink): void;
export function runRule<M>(rule: ServiceRule<M>, ctx: Omit<ServiceRuleContext<M>, 'report'>, sink: FindingSink): void;
export function runRule(rule: Rule | ServiceRule, ctx: Omit<RuleContext<unknown>, 'report'> | Omit<ServiceRuleContext<unknown>, 'report'>, sink: FindingSink): void {
  if (sink.setting(rule.id, sink.file) === 'off') return;
  const reports: RuleReport[] = [];
  const report = (r: RuleReport) => void reports.push(r);
  try {
    // The overloads pair each kind of rule with its own context.
    rule.check({ ...ctx, report } as RuleContext<unknown> & ServiceRuleContext<unknown>);
  } catch (e) {
    sink.findings.push(ruleFailure(rule.id, sink, (e as Error).message));
    return;
  }
  if (!rule.meta.fixable && reports.some((r) => r.fix)) {
    sink.findings.push(ruleFailure(rule.id, sink, 'it reported a fix but is not marked fixable'));
    return;
  }
  for (const r of reports) {
    const file = r.file === undefined ? sink.file : path.resolve(r.file);
    const setting = sink.setting(rule.id, file);
    if (setting === 'off' || sink.suppressed(rule.id, file, r.range)) continue;
    sink.findings.push({
      ruleId: rule.id,
      severity: setting ?? r.severity ?? rule.meta.defaultSeverity,
      message: r.message,
      range: r.range,
      file,
      ...(r.fix ? { fix: r.fix } : {}),
      ...(r.action ? { action: r.action } : {}),
    });
  }
}

/** Where a rule's findings go, and what turns them off or silences them. */
export interface FindingSink {
  /** The file a report attaches to unless it names its own (service reports do); a failing rule is reported here. */
  readonly file: string;
  /** What the rule judged, for the internal-error message. */
  readonly subject: 'file' | 'service';
  /** The user's setting for the rule where a finding lands; undefined: the severity the rule gives. */
  setting(ruleId: string, file: string): SeveritySetting | undefined;
  /** A suppression comment, peer annotation or ignore pattern silences this finding. */
  suppressed(ruleId: string, file: string, range: Range): boolean;
  readonly findings: Finding[];
}

type RuleReport = Report & { file?: string; action?: FindingAction };

function ruleFailure(ruleId: string, sink: FindingSink, reason: string): Finding {
  return engineFinding('internal-error', sink.file, `Rule '${ruleId}' failed on this ${sink.subject} (${reason}); its findings are missing, the other rules ran. Please report this.`);
}

export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(allRules.map((r) => r.id));
const peers = new PeerIdMap(allRules);
const BUILDKIT_RULES = allRules.filter((r) => (r.meta.equivalents?.buildkit ?? []).length > 0).map((r) => r.id);

/**
 * A Dockerfile's suppression comments: `next`-scoped ones cover the whole next instruction
 * (continuation lines included); with `buildkit`, `# check=skip=` directives silence our equivalents.
 */
export function dockerfileSuppressions(index: LineIndex, model: DockerfileModel, options: { buildkit: boolean }): SuppressionTable {
  const extents = new Map<number, { fromLine: number; toLine: number }>();
  for (const instruction of model.ast.getInstructions()) {
    const r = instruction.getRange();
    extents.set(r.start.line, { fromLine: r.start.line, toLine: r.end.line });
  }
  const table = readSuppressions(index, KNOWN_RULE_IDS, peers, (line) => extents.get(line));
  if (options.buildkit) table.suppressions.push(...buildkitCheckSkips(index, peers, BUILDKIT_RULES));
  return table;
}

/** A YAML file's suppression comments (`next` covers the next node; Checkov's skip comment too). */
export function yamlSuppressions(index: LineIndex): SuppressionTable {
  return readSuppressions(index, KNOWN_RULE_IDS, peers, (line) => yamlExtentAt(index, line), { checkov: 'next' });
}

/** A YAML file's `ignore-file` comments only, which apply to every document wherever they are written. */
export function yamlFileSuppressions(index: LineIndex): SuppressionTable {
  const table = readSuppressions(index, KNOWN_RULE_IDS, peers, () => undefined, { checkov: 'next' });
  return { suppressions: table.suppressions.filter((s) => s.scope === 'file'), unknown: [] };
}

/** Suppression comments in Go code and go.mod: `// container-standard …`, read as `# container-standard …`. */
export function goSuppressions(text: string): SuppressionTable {
  return readSuppressions(new LineIndex(goCommentsAsSuppressions(text)), KNOWN_RULE_IDS, peers, (line) => ({ fromLine: line, toLine: line }));
}
