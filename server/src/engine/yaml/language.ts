import type { LintRequest, Range, Rule } from '../types';
import type { EngineDiagnosticId } from '../diagnostics';
import { parseYamlFile } from './document';
import { allRules, rulesFor } from '../rules';
import { buildK8sModel } from './k8s';
import { annotationSuppressions } from '../peer-annotations';
import { buildComposeModel } from './compose';
import { recipeRules } from '../recipes/recipe';
import { buildKoModel, isKoConfigName } from '../recipes/ko';
import { buildGoreleaserModel, isGoreleaserConfigName } from '../recipes/goreleaser';
import { buildKustomizationModel, isKustomizationName, kustomizationRules } from '../kustomize';
import { looksLikeManifestOrCompose } from '../files';

/** Runs `rules` on `model`; `extraSuppressed` adds silencing beyond suppression comments (peer annotations). */
export type RunRules = <M>(rules: readonly Rule<M>[], model: M, extraSuppressed?: (ruleId: string, range: Range) => boolean) => void;

/**
 * Parses a YAML file once and hands each model (Kubernetes workloads, compose services) to
 * `run` with the rules that judge it. A file that does not parse gets one parse-error finding
 * at the first error; an unrendered Helm template is skipped.
 */
export function lintYamlModels(request: LintRequest, run: RunRules, engineFinding: (id: EngineDiagnosticId, message: string, range: Range) => void): void {
  const file = parseYamlFile(request.text);
  // An unrendered Helm/Go template is not YAML yet: its rendered output is what to lint.
  if (file.isTemplate) return;
  if (file.error) {
    // YAML that is neither a manifest nor a compose file is not ours to report on.
    // ko's, goreleaser's and kustomize's files are ours too: their syntax errors are reported.
    const ownFile = isBuildToolYaml(request.filePath);
    if (!ownFile && !(request.checkedYaml ?? looksLikeManifestOrCompose(request.text, request.filePath, request.languageId))) return;
    const { line, character } = file.error.range.start;
    engineFinding(
      'parse-error',
      `YAML error at line ${line + 1}, column ${character + 1}: ${file.error.message}. ${request.checkedYaml === undefined ? 'The file was not checked' : 'This document was not checked (the others were)'}; fix this to have it linted.`,
      file.error.range,
    );
    return;
  }
  // ko's and goreleaser's files hold a Go build: the Dockerfile build and runtime rules judge them there.
  const recipe = isKoConfigName(request.filePath) ? buildKoModel(file) : isGoreleaserConfigName(request.filePath) ? buildGoreleaserModel(file) : undefined;
  if (recipe) {
    run(recipeRules, recipe);
    return;
  }
  // A kustomization's `images:` entries set the tags that get deployed: judged at their own line.
  const kustomization = isKustomizationName(request.filePath) ? buildKustomizationModel(file) : undefined;
  if (kustomization) run(kustomizationRules, kustomization);
  if (kustomization?.helmCharts) {
    engineFinding(
      'chart-not-rendered',
      "This kustomization's helmCharts are inflated only by `kustomize build --enable-helm`, so the charts' manifests were not checked here. Lint each chart's folder (with helm on PATH), or pipe the rendered output to `go-container-standard lint --stdin --stdin-filename rendered.yaml`.",
      kustomization.editor.rangeOf(kustomization.helmCharts),
    );
  }
  const k8s = buildK8sModel(file, request);
  // Peers' annotations (kube-linter, Checkov, Polaris) in a workload's metadata silence our equivalents there.
  if (k8s) run(rulesFor('k8s'), k8s, annotationSuppressions(k8s, allRules));
  const compose = buildComposeModel(file, request);
  if (compose) run(rulesFor('compose'), compose);
}

/** ko's, goreleaser's and kustomize's own files: YAML the engine checks whatever their top level holds. */
export function isBuildToolYaml(filePath: string): boolean {
  return isKoConfigName(filePath) || isGoreleaserConfigName(filePath) || isKustomizationName(filePath);
}
