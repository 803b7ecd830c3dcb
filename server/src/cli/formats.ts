import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../engine/types';
import { ruleDocsUrl, ruleExplanation } from '../engine/types';
import { allRules } from '../engine/rules';
import { ENGINE_DIAGNOSTICS } from '../engine/diagnostics';
import { findingFingerprint, type TextOf } from './baseline';
import type { FileReport } from './report';

export type { FileReport } from './report';

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** Findings with a safe fix (applied by `--fix`). */
  fixable: number;
  /** Findings with an unsafe fix (applied only with `--fix --unsafe-fixes`). */
  unsafeFixable: number;
}

export function totals(reports: FileReport[]): Totals {
  const t: Totals = { errors: 0, warnings: 0, infos: 0, hints: 0, fixable: 0, unsafeFixable: 0 };
  for (const f of reports.flatMap((r) => r.findings)) {
    if (f.severity === 'error') t.errors++;
    else if (f.severity === 'warning') t.warnings++;
    else if (f.severity === 'hint') t.hints++;
    else t.infos++;
    if (f.fix?.safety === 'unsafe') t.unsafeFixable++;
    else if (f.fix) t.fixable++;
  }
  return t;
}

/** What the summary (and `--stdin --fix`, on standard error) says about unsafe fixes left unapplied. */
export function unsafeNotApplied(count: number): string {
  const fixes = count === 1 ? '1 unsafe fix was' : `${count} unsafe fixes were`;
  return `${fixes} available and not applied (they may change behaviour: review them, then apply them with \`--fix --unsafe-fixes\`).`;
}

export interface StylishOptions {
  /** The run applied fixes (`--fix`). */
  fixed?: boolean;
  /** `--unsafe-fixes`: unsafe fixes count as applicable. */
  unsafeFixes?: boolean;
}

export function formatStylish(reports: FileReport[], color: boolean, options: StylishOptions = {}): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const label: Record<Severity, string> = { error: c('31', 'error'), warning: c('33', 'warning'), info: c('36', 'info'), hint: c('90', 'hint') };
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
  const problems = t.errors + t.warnings + t.infos + t.hints;
  if (problems === 0) return '';
  lines.push('');
  const hints = t.hints ? `, ${t.hints} hint${t.hints === 1 ? '' : 's'}` : '';
  const summary = `✖ ${problems} problem${problems === 1 ? '' : 's'} (${t.errors} error${t.errors === 1 ? '' : 's'}, ${t.warnings} warning${t.warnings === 1 ? '' : 's'}, ${t.infos} info${hints})`;
  lines.push(c(t.errors ? '31;1' : '33;1', summary));
  if (options.unsafeFixes) {
    const all = t.fixable + t.unsafeFixable;
    if (all) lines.push(`  ${all} of them can be fixed with the \`--fix --unsafe-fixes\` option (${t.unsafeFixable} of those fixes unsafe: review them).`);
  } else {
    if (t.fixable) lines.push(`  ${t.fixable} of them can be fixed with the \`--fix\` option.`);
    if (t.unsafeFixable) {
      lines.push(
        options.fixed
          ? `  ${unsafeNotApplied(t.unsafeFixable)}`
          : `  ${t.unsafeFixable} more ${t.unsafeFixable === 1 ? 'has an unsafe fix' : 'have unsafe fixes'}, hidden from \`--fix\`: ${t.unsafeFixable === 1 ? 'it' : 'they'} may change behaviour; review, then apply with \`--fix --unsafe-fixes\`.`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function formatJson(reports: FileReport[]): string {
  return JSON.stringify(
    reports.map((r) => ({
      filePath: r.file,
      errorCount: r.findings.filter((f) => f.severity === 'error').length,
      warningCount: r.findings.filter((f) => f.severity === 'warning').length,
      infoCount: r.findings.filter((f) => f.severity === 'info').length,
      hintCount: r.findings.filter((f) => f.severity === 'hint').length,
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

const SARIF_LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

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
      fullDescription: { text: ruleExplanation(rule.meta) },
      helpUri: ruleDocsUrl(rule.id),
      help: { text: ruleExplanation(rule.meta) },
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
        // SARIF has no fix applicability: a property says whether `--fix` applies it (safe) or only `--fix --unsafe-fixes`.
        if (artifactChanges.length) result.fixes = [{ description: { text: f.fix.title }, artifactChanges, properties: { safety: f.fix.safety } }];
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

const toPosix = (p: string) => p.split(path.sep).join('/');

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** Escapes a workflow command's message (GitHub's `escapeData`: `%`, CR and LF). */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (`escapeProperty`: also `:` and `,`). */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): each finding
 * becomes an annotation on the pull request, without code scanning (which private repositories may
 * not have). Paths are relative to the working folder, which in a workflow is the checkout.
 */
export function formatGithub(reports: FileReport[], cwd: string): string {
  const lines: string[] = [];
  for (const report of reports) {
    const file = toPosix(path.relative(cwd, path.resolve(cwd, report.file)));
    for (const f of report.findings) {
      const props = [
        `file=${escapeGithubProperty(file)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        ...(f.range.end.line === f.range.start.line ? [`endColumn=${f.range.end.character + 1}`] : []),
        `title=${escapeGithubProperty(`${f.ruleId} (go-container-standard)`)}`,
      ];
      lines.push(`::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeGithubData(`${f.message} See ${ruleDocsUrl(f.ruleId)}`)}`);
    }
  }
  const t = totals(reports);
  const problems = t.errors + t.warnings + t.infos + t.hints;
  const hints = t.hints ? `, ${t.hints} hint${t.hints === 1 ? '' : 's'}` : '';
  if (problems) lines.push(`${problems} problem${problems === 1 ? '' : 's'} (${t.errors} error${t.errors === 1 ? '' : 's'}, ${t.warnings} warning${t.warnings === 1 ? '' : 's'}, ${t.infos} info${hints})`);
  return lines.length ? lines.join('\n') + '\n' : '';
}

const GITLAB_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'info', hint: 'info' };

/**
 * GitLab Code Quality (a subset of the Code Climate spec): `check_name`, `description`,
 * `fingerprint`, `severity`, `location.path`, `location.lines.begin`. The fingerprint is the
 * baseline's (rule, file, text pointed at) plus an occurrence number, so it stays the same across
 * runs and across edits elsewhere in the file, and is unique within a report as GitLab requires.
 */
export function formatGitlab(reports: FileReport[], cwd: string, textOf: TextOf): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const seen = new Map<string, number>();
  const issues = reports.flatMap((report) => {
    const file = toPosix(path.relative(cwd, path.resolve(cwd, report.file)));
    const text = textOf(report.file);
    return report.findings.map((f) => {
      const key = `${f.ruleId}\0${file}\0${findingFingerprint(f, text)}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      return {
        type: 'issue',
        check_name: f.ruleId,
        description: f.message,
        severity: GITLAB_SEVERITY[f.severity],
        fingerprint: createHash('md5').update(`${key}\0${occurrence}`).digest('hex'),
        location: { path: file, lines: { begin: f.range.start.line + 1, end: f.range.end.line + 1 } },
      };
    });
  });
  return JSON.stringify(issues, null, 2);
}

function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five specials are escaped.
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * JUnit XML, as Jenkins, GitLab and Azure read it: a test suite per file, a failing test case per
 * finding, and one passing test case for a file without findings (ESLint's junit formatter).
 */
export function formatJunit(reports: FileReport[]): string {
  const a = (s: string) => xmlEscape(s);
  const total = reports.reduce((n, r) => n + Math.max(1, r.findings.length), 0);
  const failures = reports.reduce((n, r) => n + r.findings.length, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="go-container-standard" tests="${total}" failures="${failures}" errors="0">`];
  for (const report of reports) {
    const file = a(toPosix(report.file));
    out.push(`  <testsuite name="${file}" tests="${Math.max(1, report.findings.length)}" failures="${report.findings.length}" errors="0" skipped="0">`);
    if (report.findings.length === 0) out.push(`    <testcase classname="${file}" name="go-container-standard" time="0"/>`);
    for (const f of report.findings) {
      const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      out.push(`    <testcase classname="${file}" name="${a(`${f.ruleId} at ${where}`)}" file="${file}" line="${f.range.start.line + 1}" time="0">`);
      out.push(`      <failure type="${f.severity}" message="${a(f.message)}">${a(`${report.file}:${where} ${f.severity} ${f.message} (${f.ruleId}) ${ruleDocsUrl(f.ruleId)}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
