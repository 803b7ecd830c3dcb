import type { Severity } from './types';

/** Findings the engine itself reports (not rules): they cannot be configured or suppressed. */
export const ENGINE_DIAGNOSTICS: Record<string, { severity: Severity; description: string }> = {
  'parse-error': { severity: 'error', description: 'The file (or one document of a multi-document YAML file) could not be parsed; rules did not run on it. YAML that is neither a manifest nor a compose file gets none.' },
  'internal-error': { severity: 'error', description: 'A rule failed on this file; the other rules still ran. Please report it.' },
  'config-invalid': { severity: 'error', description: 'The .container-standard.yaml file has an unknown key, rule id or an invalid value.' },
  'suppression-unknown-rule': { severity: 'info', description: 'A suppression comment names a rule id that does not exist.' },
  'time-budget-exceeded': { severity: 'info', description: 'Linting one file took longer than its time budget; the rules not yet run were skipped.' },
  'chart-not-rendered': { severity: 'info', description: "A Helm chart was not rendered (no helm binary, or a restricted workspace), so its templates and values were not checked; also on a kustomization's `helmCharts:`, which kustomize inflates only with --enable-helm." },
  'chart-render-error': { severity: 'warning', description: '`helm template` failed on a Helm chart; the error is shown at the file and line helm names, and the chart was not checked.' },
  'file-skipped': { severity: 'info', description: 'The file was not linted: it is too large, binary, or an unrendered template.' },
};
