import type { Diagnostic } from 'vscode-languageserver/node';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import { lintText, KNOWN_RULE_IDS, type LintRequest } from '../engine/lint';
import { adoptPerDocumentFindings, perDocumentFindings, uncachedYamlChars } from '../engine/yaml/incremental';
import { parseConfig, type ResolvedConfig } from '../engine/config';
import { engineFinding } from '../engine/diagnostics';
import { fixAll } from '../engine/fix';
import { fixAllInScope, type ScopeFixResult } from '../engine/scopeFix';
import { shareParses } from '../engine/dockerfile/ast-memo';
import type { FileKind } from '../engine/files';
import type { Finding, Position } from '../engine/types';
import { toSyntaxDiagnostic } from './diagnostics';
import { installValidatorCache } from './validatorCache';

/** Work the engine does for the server; plain data both ways, so it can run in a worker thread. */
export type LintJob =
  | {
      type: 'lint';
      filePath: string;
      text: string;
      config: ResolvedConfig;
      languageId?: string;
      syntax: boolean;
      /** Set for a worker: also return the per-document findings, for the main thread's cache (`adoptWorkerResult`). */
      returnDocuments?: boolean;
    }
  | { type: 'fixAll'; filePath: string; text: string; config: ResolvedConfig; languageId?: string; unsafeFixes?: boolean }
  /** The safe fixes of the container or compose service at `position`. */
  | { type: 'fixScope'; filePath: string; text: string; config: ResolvedConfig; languageId?: string; position: Position };

export interface LintOutcome {
  kind: FileKind | undefined;
  findings: Finding[];
  /** dockerfile-language-service's syntax diagnostics, when asked for. */
  syntax: Diagnostic[];
  /** With `returnDocuments`: a multi-document YAML file's findings, document by document. */
  documents?: Finding[][];
}

let dockerfileService: DockerfileLanguageService | undefined;

/** dockerfile-language-service, loaded for the first Dockerfile that gets syntax diagnostics. */
function syntaxValidator(): DockerfileLanguageService {
  installValidatorCache();
  dockerfileService ??= (require('dockerfile-language-service') as typeof import('dockerfile-language-service')).DockerfileLanguageServiceFactory.createLanguageService();
  return dockerfileService;
}

export function runLintJob(job: LintJob): LintOutcome | ScopeFixResult | string | undefined {
  return shareParses(() => runJob(job));
}

function runJob(job: LintJob): LintOutcome | ScopeFixResult | string | undefined {
  if (job.type === 'fixScope') return fixAllInScope(lintRequestOf(job), job.position);
  if (job.type === 'fixAll') {
    const lint = (text: string) => lintText({ filePath: job.filePath, text, config: job.config, languageId: job.languageId }).findings;
    const fixed = fixAll(job.text, lint, { unsafe: job.unsafeFixes === true }).text;
    return fixed === job.text ? undefined : fixed;
  }
  const request = lintRequestOf(job);
  const result = lintText(request);
  if (result.kind === 'config') return { kind: 'config', findings: configProblems(job.text, job.filePath), syntax: [] };
  const skipped = result.findings.some((f) => f.ruleId === 'file-skipped');
  const syntax = job.syntax && result.kind === 'dockerfile' && !skipped ? syntaxDiagnosticsOf(job.text) : [];
  const documents = job.returnDocuments ? perDocumentFindings(request) : undefined;
  return { kind: result.kind, findings: result.findings, syntax, ...(documents ? { documents } : {}) };
}

function lintRequestOf(job: LintJob): LintRequest {
  return { filePath: job.filePath, text: job.text, config: job.config, languageId: job.languageId };
}

/**
 * What linting `job` on this thread would cost, in characters of text checked afresh: the whole
 * text, except for a multi-document YAML file whose documents' findings this thread already holds
 * (an edit in one of 300 documents costs that document).
 */
export function inlineCost(job: LintJob): number {
  if (job.type !== 'lint') return job.text.length;
  return uncachedYamlChars(lintRequestOf(job)) ?? job.text.length;
}

/** A worker's result for `job`, as the caller gets it; the per-document findings it brought are cached here, so the next edit can be linted on this thread. */
export function adoptWorkerResult(job: LintJob, result: LintOutcome | ScopeFixResult | string | undefined): LintOutcome | ScopeFixResult | string | undefined {
  if (!result || typeof result === 'string' || !('documents' in result) || !result.documents) return result;
  const { documents, ...outcome } = result;
  adoptPerDocumentFindings(lintRequestOf(job), documents);
  return outcome;
}

/** dockerfile-language-service's diagnostics for a Dockerfile's text (none when it fails). */
export function syntaxDiagnosticsOf(text: string): Diagnostic[] {
  try {
    return syntaxValidator().validate(text).map(toSyntaxDiagnostic);
  } catch {
    return [];
  }
}

/** An open `.container-standard.yaml` shows its own problems. */
function configProblems(text: string, filePath: string): Finding[] {
  return parseConfig(text, filePath, KNOWN_RULE_IDS).problems.map((p) => engineFinding('config-invalid', filePath, p.message, p.range));
}
