import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../engine/types';
import { ruleDocsUrl } from '../engine/types';
import { allRules } from '../engine/rules';
import { ENGINE_DIAGNOSTICS } from '../engine/diagnostics';

export interface FileReport {
  file: string;
  findings: Finding[];
}

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

export function totals(reports: FileReport[]): Totals {
  const t: Totals = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
  for (const f of reports.flatMap((r) => r.findings)) {
    if (f.severity === 'error') t.errors++;
    else if (f.severity === 'warning') t.warnings++;
    else t.infos++;
    if (f.fix) t.fixable++;
  }
  return t;
}

export function formatStylish(reports: FileReport[], color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const label: Record<Severity, string> = { error: c('31', 'error'), warning: c('33', 'warning'), info: c('36', 'info') };
  const lines: string[] = [];
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    lines.push('', c('4', report.file));
    const pos = report.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);
    const width = Math.max(...pos.map((p) => p.length));
    report.findings.forEach((f, i) => {
      const sev = label[f.severity] + ' '.repeat(7 - f.severity.length);
      lines.push(`  ${pos[i].padEnd(width)}  ${sev}  ${f.message}  ${c('2', f.ruleId)}`);
    });
  }
  const t = totals(reports);
  const problems = t.errors + t.warnings + t.infos;
  if (problems === 0) return '';
  lines.push('');
  const summary = `✖ ${problems} problem${problems === 1 ? '' : 's'} (${t.errors} error${t.errors === 1 ? '' : 's'}, ${t.warnings} warning${t.warnings === 1 ? '' : 's'}, ${t.infos} info)`;
  lines.push(c(t.errors ? '31;1' : '33;1', summary));
  if (t.fixable) lines.push(`  ${t.fixable} of them can be fixed with the \`--fix\` option.`);
  return lines.join('\n') + '\n';
}

export function formatJson(reports: FileReport[]): string {
  return JSON.stringify(
    reports.map((r) => ({
      filePath: r.file,
      errorCount: r.findings.filter((f) => f.severity === 'error').length,
      warningCount: r.findings.filter((f) => f.severity === 'warning').length,
      infoCount: r.findings.filter((f) => f.severity === 'info').length,
      messages: r.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        ...(f.fix ? { fix: f.fix } : {}),
        ...(f.related?.length ? { related: f.related.map((r) => ({ filePath: r.file, line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })) } : {}),
      })),
    })),
    null,
    2,
  );
}

const SARIF_LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

function artifactUri(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  // A relative URI reference: each segment percent-encoded, so `#`, `?`, `%` and spaces in names survive resolution.
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).map(encodeURIComponent).join('/');
  return pathToFileURL(abs).href;
}

export function formatSarif(reports: FileReport[], version: string, cwd: string): string {
  const rules: Sarif.ReportingDescriptor[] = [
    ...allRules.map((rule) => ({
      id: rule.id,
      shortDescription: { text: rule.meta.description },
      fullDescription: { text: rule.meta.rationale },
      helpUri: ruleDocsUrl(rule.id),
      help: { text: rule.meta.rationale },
      defaultConfiguration: { level: SARIF_LEVEL[rule.meta.defaultSeverity] },
      properties: { target: rule.target, scope: rule.meta.scope ?? 'all', fixable: rule.meta.fixable, tags: [rule.target] },
    })),
    ...Object.entries(ENGINE_DIAGNOSTICS).map(([id, d]) => ({
      id,
      shortDescription: { text: d.description },
      helpUri: ruleDocsUrl(id),
      defaultConfiguration: { level: SARIF_LEVEL[d.severity] },
    })),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const region = (r: Finding['range']): Sarif.Region => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const results: Sarif.Result[] = [];
  for (const report of reports) {
    const uri = artifactUri(report.file, cwd);
    for (const f of report.findings) {
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: uri.startsWith('file:') ? undefined : '%SRCROOT%' }, region: region(f.range) } }],
      };
      if (f.related?.length) {
        result.relatedLocations = f.related.map((r, id) => {
          const u = artifactUri(r.file, cwd);
          return { id, message: { text: r.message }, physicalLocation: { artifactLocation: { uri: u, uriBaseId: u.startsWith('file:') ? undefined : '%SRCROOT%' }, region: region(r.range) } };
        });
      }
      if (f.fix) {
        const change = (file: string, edits: { range: Finding['range']; newText: string }[]): Sarif.ArtifactChange => {
          const u = artifactUri(file, cwd);
          return {
            artifactLocation: { uri: u, uriBaseId: u.startsWith('file:') ? undefined : '%SRCROOT%' },
            replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
          };
        };
        // Service-level fixes may edit other files or create one (an insertion at the start of an empty file).
        const empty = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const artifactChanges = [
          change(report.file, f.fix.edits),
          ...(f.fix.otherFiles ?? []).map((o) => change(o.file, o.edits)),
          ...(f.fix.createFiles ?? []).map((c) => change(c.path, [{ range: empty, newText: c.content }])),
        ].filter((c) => c.replacements.length > 0);
        if (artifactChanges.length) result.fixes = [{ description: { text: f.fix.title }, artifactChanges }];
      }
      results.push(result);
    }
  }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'go-container-standard',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/go-container-standard/go-container-standard',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        // Lines are counted as in LSP and editors: a lone CR ends a line too (SARIF's default is CRLF and LF only).
        newlineSequences: ['\r\n', '\n', '\r'],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
