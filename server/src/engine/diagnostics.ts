import type { Finding, Range, Severity } from './types';
import { compareCodeUnits } from './text';

interface EngineDiagnostic {
  severity: Severity;
  description: string;
}

const TABLE = {
  'parse-error': { severity: 'error', description: 'The file (or one document of a multi-document YAML file) could not be parsed; rules did not run on it. YAML that is neither a manifest nor a compose file gets none.' },
  'internal-error': { severity: 'error', description: 'A rule failed on this file (it threw, or reported a fix without being marked fixable); the other rules still ran. Please report it.' },
  'config-invalid': { severity: 'error', description: 'The .container-standard.yaml file has an unknown key, rule id or an invalid value.' },
  'suppression-unknown-rule': { severity: 'info', description: 'A suppression comment names a rule id that does not exist.' },
  'time-budget-exceeded': { severity: 'info', description: 'Linting one file took longer than its time budget; the rules not yet run were skipped.' },
  'chart-not-rendered': { severity: 'info', description: "A Helm chart was not rendered (no helm binary, or a restricted workspace), so its templates and values were not checked; also on a kustomization's `helmCharts:`, which kustomize inflates only with --enable-helm." },
  'chart-render-error': { severity: 'warning', description: '`helm template` failed on a Helm chart; the error is shown at the file and line helm names, and the chart was not checked.' },
  'file-skipped': { severity: 'info', description: 'The file was not linted: it is too large, binary, or an unrendered template.' },
  'file-unreadable': { severity: 'error', description: 'A file named on the command line could not be read (missing, not a regular file, no permission), so it was not linted.' },
  'fix-not-written': { severity: 'error', description: '`--fix` could not write the fixed text (the write failed, or the file is not valid UTF-8 and writing it would change bytes the fixes do not touch); the file is left as it was and keeps its findings.' },
} satisfies Record<string, EngineDiagnostic>;

export type EngineDiagnosticId = keyof typeof TABLE;

/** Findings the engine itself reports (not rules): they cannot be configured or suppressed. */
export const ENGINE_DIAGNOSTICS: Readonly<Record<string, EngineDiagnostic>> = TABLE;

/** Where a finding about a whole file goes: its first character (a new object each time, as findings may be moved). */
export function fileStart(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** A finding of the engine itself, with the severity its table gives. */
export function engineFinding(id: EngineDiagnosticId, file: string, message: string, range: Range = fileStart()): Finding {
  return { ruleId: id, severity: TABLE[id].severity, message, range, file };
}

/** The order findings are shown in: by position, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareCodeUnits(a.ruleId, b.ruleId);
}
