import type { Diagnostic } from 'vscode-languageserver/node';
import { isSuperseded, sameRange, withoutSuperseded } from '../engine/overlaps';
import type { Finding } from '../engine/types';
import type { Analysis } from './analysis';
import { toDiagnostic } from './diagnostics';

/** A document's findings from checks across files (service rules, Helm charts). */
export interface CrossFileFindings {
  findings: Finding[];
  /** Their fixes were computed on the document's current text. */
  fit: boolean;
}

/** What a cross-file check keeps per file. */
export interface CrossFileSource {
  findingsFor(filePath: string): Finding[];
  fixesFit(filePath: string, text: string): boolean;
}

/** The service findings of a file, then the chart findings, and whether all their fixes fit its text. */
export function crossFileFindingsOf(services: CrossFileSource, charts: CrossFileSource, absPath: string | undefined, text: string): CrossFileFindings {
  if (!absPath) return { findings: [], fit: false };
  const findings = services.findingsFor(absPath);
  const chartFindings = charts.findingsFor(absPath);
  const fit = findings.length > 0 && services.fixesFit(absPath, text);
  if (chartFindings.length === 0) return { findings, fit };
  return { findings: [...findings, ...chartFindings], fit: (findings.length === 0 || fit) && charts.fixesFit(absPath, text) };
}

/** Per-file diagnostics plus the cross-file ones attached to this document (`version`: its current one). */
export function withCrossFileDiagnostics(analysis: Analysis, crossFile: CrossFileFindings, version: number): Diagnostic[] {
  const { findings, fit } = crossFile;
  if (findings.length === 0) return analysis.diagnostics;
  // A service finding that owns a token (go-version-consistency) replaces the per-file one there.
  const superseded = analysis.findings.filter((f) => isSuperseded(f, findings));
  const own = superseded.length ? analysis.diagnostics.filter((d) => !superseded.some((f) => f.ruleId === d.code && sameRange(f.range, d.range))) : analysis.diagnostics;
  return [...own, ...findings.map((f) => toDiagnostic(f, fit ? version : -1))];
}

/** The findings valid for the document's current text, for code actions: cross-file ones only when their fixes fit. */
export function currentFindings(analysis: Analysis, crossFile: CrossFileFindings): Finding[] {
  const own = withoutSuperseded(analysis.findings, crossFile.findings);
  return crossFile.fit ? [...own, ...crossFile.findings] : own;
}
