import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/types';
import { ruleDocsUrl } from '../engine/types';
import { DIAGNOSTIC_SOURCE, SYNTAX_DIAGNOSTIC_SOURCE, type DiagnosticData } from '../protocol';

/** The one place engine severities become LSP severities. */
export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    default:
      return DiagnosticSeverity.Information;
  }
}

export function toDiagnostic(finding: Finding, version: number, inlineFixes = true): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    version,
    ...(inlineFixes ? { fixes: finding.fix ? [finding.fix] : [] } : {}),
    ...(finding.command ? { command: finding.command } : {}),
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
  return data as DiagnosticData;
}

/** Syntax diagnostics of dockerfile-language-service, under their own source and without its private fields. */
export function toSyntaxDiagnostic(d: Diagnostic): Diagnostic {
  const { range, severity, code, message, tags } = d;
  return { range, severity, code, message, source: SYNTAX_DIAGNOSTIC_SOURCE, ...(tags ? { tags } : {}) };
}
