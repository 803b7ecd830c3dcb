import type { Range, Severity, Target } from '../types';
import type { LineIndex } from '../text';
import type { LintRequest } from '../lint';
import { isComposeName } from '../files';
import { parseYamlFile, type YamlFile } from './document';

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
  if (file.error) {
    if (file.isTemplate) return;
    engineFinding('parse-error', `YAML syntax error: ${file.error.message}. Fix it to have this file checked.`, file.error.range);
    return;
  }
  if (isK8s(file)) run('k8s', file);
  if (isCompose(file, request.filePath, request.languageId)) run('compose', file);
}

function isK8s(file: YamlFile): boolean {
  return file.docs.some((d) => {
    const js = d.contents as { get?(k: string): unknown } | null;
    return !!js?.get?.('apiVersion') && !!js?.get?.('kind');
  });
}

function isCompose(file: YamlFile, filePath: string, languageId?: string): boolean {
  if (isComposeName(filePath) || languageId === 'dockercompose') return true;
  return file.docs.some((d) => !!(d.contents as { get?(k: string): unknown } | null)?.get?.('services'));
}
