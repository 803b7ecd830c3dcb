/**
 * Baselines: a file of known findings that `lint --baseline` leaves out, so a large repository can
 * adopt the linter (or a new version of it) and fail only on what is new (Checkov's `--baseline`,
 * ESLint's bulk suppressions). A finding is matched by rule, file and a fingerprint of the text it
 * points at, never by line number, so edits above it do not bring it back; several identical
 * findings in one file are matched by count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, Range } from '../engine/types';
import { ENGINE_DIAGNOSTICS } from '../engine/diagnostics';
import { readBounded } from '../engine/files';
import type { FileReport } from './report';

export const BASELINE_VERSION = 1;
/** Room for ~100,000 findings. */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface BaselineEntry {
  rule: string;
  /** Relative to the baseline file's folder, with `/` separators. */
  file: string;
  fingerprint: string;
  /** For people reading the file; not used in matching. */
  line?: number;
  message?: string;
}

export interface Baseline {
  /** Absolute path of the baseline file. */
  path: string;
  entries: BaselineEntry[];
}

/** The text of a file a finding is attached to, by its path as reported (undefined when unreadable). */
export type TextOf = (file: string) => string | undefined;

/** Findings a baseline can hold: rule findings; the engine's own diagnostics (parse errors, bad config) always show. */
export function isBaselinable(f: Finding): boolean {
  return !(f.ruleId in ENGINE_DIAGNOSTICS);
}

function lineTexts(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** What a finding points at: its range's text with whitespace collapsed, or the whole line for an empty range. */
export function findingText(range: Range, text: string | undefined): string {
  if (text === undefined) return '';
  const lines = lineTexts(text);
  const { start, end } = range;
  const picked: string[] = [];
  for (let l = start.line; l <= end.line && l < lines.length; l++) {
    const line = lines[l];
    picked.push(line.slice(l === start.line ? start.character : 0, l === end.line ? end.character : line.length));
  }
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  const own = collapse(picked.join('\n'));
  return own || collapse(lines[start.line] ?? '');
}

/** A short hash of the rule and the text a finding points at; independent of its line number. */
export function findingFingerprint(f: Finding, text: string | undefined): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(`${f.ruleId}\0${findingText(f.range, text)}`).digest('hex').slice(0, 16);
}

const toPosix = (p: string) => p.split(path.sep).join('/');

function keyOf(rule: string, file: string, fingerprint: string): string {
  return `${rule}\0${file}\0${fingerprint}`;
}

/** Reads a baseline file; a message saying what is wrong when it cannot be used. */
export function readBaseline(file: string): Baseline | { problem: string } {
  if (!fs.existsSync(file)) return { problem: `baseline file '${file}' does not exist (write one with --write-baseline)` };
  // Bounded, and regular files only: a repository's config can name it (a FIFO or /dev/zero must not hang the run).
  const read = readBounded(file, MAX_BASELINE_BYTES);
  if (!('bytes' in read)) return { problem: `baseline file '${file}' was not read: ${read.message}` };
  let data: unknown;
  try {
    data = JSON.parse(read.bytes.toString('utf8'));
  } catch (e) {
    return { problem: `baseline file '${file}' is not JSON: ${(e as Error).message}` };
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  const valid = (e: unknown): e is BaselineEntry =>
    typeof e === 'object' && e !== null && ['rule', 'file', 'fingerprint'].every((k) => typeof (e as Record<string, unknown>)[k] === 'string');
  if ((data as { version?: unknown } | null)?.version !== BASELINE_VERSION || !Array.isArray(findings) || !findings.every(valid)) {
    return { problem: `baseline file '${file}' is not a go-container-standard baseline (version ${BASELINE_VERSION}); write it again with --write-baseline` };
  }
  return { path: path.resolve(file), entries: findings };
}

/** The baseline entries of these findings, with paths relative to the baseline file's folder. */
export function baselineEntries(reports: FileReport[], baselineFile: string, cwd: string, textOf: TextOf): BaselineEntry[] {
  const dir = path.dirname(path.resolve(cwd, baselineFile));
  const entries: BaselineEntry[] = [];
  for (const report of reports) {
    const file = toPosix(path.relative(dir, path.resolve(cwd, report.file)));
    const text = textOf(report.file);
    for (const f of report.findings.filter(isBaselinable)) {
      entries.push({ rule: f.ruleId, file, fingerprint: findingFingerprint(f, text), line: f.range.start.line + 1, message: f.message });
    }
  }
  return entries.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule));
}

export function formatBaseline(entries: BaselineEntry[]): string {
  return JSON.stringify({ version: BASELINE_VERSION, tool: 'go-container-standard', findings: entries }, null, 2) + '\n';
}

export interface BaselineResult {
  /** Findings left out because a baseline knows them. */
  hidden: number;
  /** Baseline entries of the files linted that matched nothing (fixed since, or their text changed). */
  unmatched: number;
}

/**
 * Removes from `reports` (in place) the findings that the baseline chosen for their file knows.
 * `baselineFor` gets the absolute path of a file and returns its baseline, if any.
 */
export function applyBaselines(reports: FileReport[], baselineFor: (absFile: string) => Baseline | undefined, cwd: string, textOf: TextOf): BaselineResult {
  const remaining = new Map<Baseline, Map<string, number>>();
  const countsOf = (baseline: Baseline): Map<string, number> => {
    let counts = remaining.get(baseline);
    if (!counts) {
      counts = new Map();
      for (const e of baseline.entries) counts.set(keyOf(e.rule, e.file, e.fingerprint), (counts.get(keyOf(e.rule, e.file, e.fingerprint)) ?? 0) + 1);
      remaining.set(baseline, counts);
    }
    return counts;
  };
  let hidden = 0;
  const linted = new Map<Baseline, Set<string>>();
  for (const report of reports) {
    const abs = path.resolve(cwd, report.file);
    const baseline = baselineFor(abs);
    if (!baseline) continue;
    const counts = countsOf(baseline);
    const file = toPosix(path.relative(path.dirname(baseline.path), abs));
    if (!linted.has(baseline)) linted.set(baseline, new Set());
    linted.get(baseline)!.add(file);
    const text = textOf(report.file);
    report.findings = report.findings.filter((f) => {
      if (!isBaselinable(f)) return true;
      const key = keyOf(f.ruleId, file, findingFingerprint(f, text));
      const left = counts.get(key) ?? 0;
      if (left === 0) return true;
      counts.set(key, left - 1);
      hidden++;
      return false;
    });
  }
  let unmatched = 0;
  for (const [baseline, counts] of remaining) {
    const files = linted.get(baseline)!;
    for (const [key, n] of counts) if (files.has(key.split('\0')[1])) unmatched += n;
  }
  return { hidden, unmatched };
}
