// Set-up shared by the tests that work on real folders: a temp folder removed after the test, files
// written into it, and the lint CLI run in-process with its output captured.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLint, type CliIo } from '../../server/src/cli/lint';

/**
 * A fresh folder under the system temp dir (outside any git repository), removed after the test
 * (a test's `t`), or after the suite when given node:test's `after` (`tempDir({ after })` in a
 * describe body).
 */
export function tempDir(t: { after(fn: () => void): void }, prefix = 'gcs-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes each file (a path relative to `dir`, folders made as needed). */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

/** The CLI's I/O, collecting what it writes (`out`, `err`); no stdin, no colour. */
export function captureIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
    readStdin: () => '',
    cwd,
    color: false,
    version: '0.0.0-test',
  };
  return io;
}

/** One file's entry in `lint --format json`. */
export interface JsonReport {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; message: string }[];
}

/** Runs `lint --format json <args>` in `cwd`: the exit code, the parsed reports and what went to stderr. */
export function lintJson(cwd: string, args: string[] = ['.']): { code: number; reports: JsonReport[]; stderr: string } {
  const io = captureIo(cwd);
  const code = runLint(['--format', 'json', ...args], io);
  return { code, reports: JSON.parse(io.out) as JsonReport[], stderr: io.err };
}

/** The report for `filePath`; fails the test when the lint did not look at that file. */
export function reportOf(reports: JsonReport[], filePath: string): JsonReport {
  const report = reports.find((r) => r.filePath === filePath);
  assert.ok(report, `no report for ${filePath}; linted: ${reports.map((r) => r.filePath).join(', ')}`);
  return report;
}

/** The rule ids reported for `filePath` (which the lint must have looked at). */
export function ruleIdsOf(reports: JsonReport[], filePath: string): string[] {
  return reportOf(reports, filePath).messages.map((m) => m.ruleId);
}
