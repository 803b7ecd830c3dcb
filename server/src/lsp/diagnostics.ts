import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, FindingAction, Severity } from '../engine/types';
import { ruleDocsUrl } from '../engine/types';
import { DIAGNOSTIC_SOURCE, SYNTAX_DIAGNOSTIC_SOURCE, type DiagnosticData } from '../protocol';

/** The one place engine severities become LSP severities. */
export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'hint':
      return DiagnosticSeverity.Hint;
    default:
      return DiagnosticSeverity.Information;
  }
}

export function toDiagnostic(finding: Finding, version: number, inlineFixes = true): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    version,
    ...(inlineFixes ? { fixes: finding.fix ? [finding.fix] : [] } : {}),
    ...(finding.action ? { action: finding.action } : {}),
  };
  return {
    range: finding.range,
    severity: toLspSeverity(finding.severity),
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
    ...(finding.related?.length
      ? { relatedInformation: finding.related.map((r) => ({ location: { uri: pathToFileURL(path.resolve(r.file)).href, range: r.range }, message: r.message })) }
      : {}),
  };
}

export function isOurDiagnostic(d: Diagnostic): boolean {
  return d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string';
}

/** `data` as the client sent it back, when it has the shape we put there. */
export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data !== 'object' || typeof data.ruleId !== 'string') return undefined;
  if (data.fixes !== undefined && !Array.isArray(data.fixes)) return undefined;
  if (typeof data.version !== 'number') return undefined;
  // An action the client garbled is dropped, not carried out.
  if (data.action !== undefined && !isFindingAction(data.action)) return { ...(data as DiagnosticData), action: undefined };
  return data as DiagnosticData;
}

function isFindingAction(value: unknown): value is FindingAction {
  const a = value as Partial<FindingAction> | null;
  return !!a && typeof a === 'object' && a.kind === 'scaffold' && a.target === 'health' && typeof a.serviceRoot === 'string' && typeof a.title === 'string';
}

/** Syntax diagnostics of dockerfile-language-service, under their own source and without its private fields. */
export function toSyntaxDiagnostic(d: Diagnostic): Diagnostic {
  const { range, severity, message, tags } = d;
  const { code, href } = syntaxCode(d.code);
  return { range, severity, code, ...(href ? { codeDescription: { href } } : {}), message, source: SYNTAX_DIAGNOSTIC_SOURCE, ...(tags ? { tags } : {}) };
}

/** Docker's build checks that say the same as a dockerfile-utils code; the others link to the Dockerfile reference. */
const BUILD_CHECKS: Record<string, string> = {
  'casing-instruction': 'consistent-instruction-casing',
  'deprecated-maintainer': 'maintainer-deprecated',
  'duplicate-build-stage-name': 'duplicate-stage-name',
  'empty-continuation-line': 'no-empty-continuation',
  'invalid-as': 'from-as-casing',
  'multiple-instructions': 'multiple-instructions-disallowed',
  'invalid-build-stage-name': 'stage-name-casing',
};

/**
 * dockerfile-utils numbers its codes (`dockerfile-utils(45)` in the Problems panel, which says
 * nothing): the name of its `ValidationCode` (`deprecated-maintainer`), linked to Docker's build
 * check or the Dockerfile reference (ux-review item 8).
 */
export function syntaxCode(code: Diagnostic['code']): { code: Diagnostic['code']; href?: string } {
  if (typeof code !== 'number') return { code };
  const { ValidationCode } = require('dockerfile-utils') as { ValidationCode: Record<number, string> };
  const name = ValidationCode[code];
  if (typeof name !== 'string') return { code };
  const kebab = name.toLowerCase().replace(/_/g, '-');
  const check = BUILD_CHECKS[kebab];
  return { code: kebab, href: check ? `https://docs.docker.com/reference/build-checks/${check}/` : 'https://docs.docker.com/reference/dockerfile/' };
}
