import { lint, type LintOptions } from './helpers';

/** The safety of each finding's fix for one rule, in report order: 'safe', 'unsafe', or 'none' when no fix is offered. */
export function fixSafetyOf(ruleId: string, code: string, options: Omit<LintOptions, 'rules'> = {}): string[] {
  return lint(code, { ...options, rules: [ruleId] })
    .filter((f) => f.ruleId === ruleId)
    .map((f) => (f.fix ? (f.fix.safety ?? 'unclassified') : 'none'));
}
