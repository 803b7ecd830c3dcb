import type { Range, Severity, Target } from '../types';
import type { LineIndex } from '../text';
import type { LintRequest } from '../lint';
import { parseYamlFile } from './document';
import { allRules } from '../rules';
import { annotationSuppressions, buildK8sModel } from './k8s';
import { buildComposeModel } from './compose';
import { looksLikeManifestOrCompose } from '../files';

/**
 * Parses a YAML file once and hands each model (Kubernetes workloads, compose services) to
 * `run` with the rules of its target. A file that does not parse gets one parse-error finding
 * at the first error; an unrendered Helm template is skipped.
 */
export function lintYamlModels(
  request: LintRequest,
  _index: LineIndex,
  run: (target: Target, model: unknown, extraSuppressed?: (ruleId: string, range: Range) => boolean) => void,
  engineFinding: (ruleId: string, message: string, range: Range, severity?: Severity) => void,
): void {
  const file = parseYamlFile(request.text);
  // An unrendered Helm/Go template is not YAML yet: its rendered output is what to lint.
  if (file.isTemplate) return;
  if (file.error) {
    // YAML that is neither a manifest nor a compose file is not ours to report on.
    if (!(request.checkedYaml ?? looksLikeManifestOrCompose(request.text, request.filePath, request.languageId))) return;
    const { line, character } = file.error.range.start;
    engineFinding(
      'parse-error',
      `YAML error at line ${line + 1}, column ${character + 1}: ${file.error.message}. ${request.checkedYaml === undefined ? 'The file was not checked' : 'This document was not checked (the others were)'}; fix this to have it linted.`,
      file.error.range,
    );
    return;
  }
  const k8s = buildK8sModel(file, request);
  // Peers' annotations (kube-linter, Checkov, Polaris) in a workload's metadata silence our equivalents there.
  if (k8s) run('k8s', k8s, annotationSuppressions(k8s, allRules));
  const compose = buildComposeModel(file, request);
  if (compose) run('compose', compose);
}
