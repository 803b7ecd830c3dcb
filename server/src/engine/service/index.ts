// Service-level checks: the API the CLI and the language server call.
//
//   await prepareServiceChecks();                 // once: loads the Go parser (WebAssembly)
//   const ws = discoverServices([rootDir]);       // folders with go.mod, Dockerfiles, YAML
//   const findings = checkServices(ws, { readFile, configFor });
//
// `readFile` lets the editor pass unsaved buffers; findings carry absolute paths.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, Fix, TextEdit } from '../types';
import type { ResolvedConfig } from '../config';
import { isApplicable, selectNonOverlappingFixes, type FixOptions } from '../fix';
import { applyEdits, decodeUtf8 } from '../text';
import { compareFindings } from '../diagnostics';
import { withoutSuperseded } from '../overlaps';
import { MAX_FILE_BYTES, readBounded } from '../files';
import { discoverServices, isInside, type DiscoverOptions } from './discover';
import { checkServices } from './check';
import { loadGoParser } from './go-parser';
import type { FileReader } from './model';

export { discoverServices, nearestService, type Service, type ServiceWorkspace, type DiscoverOptions } from './discover';
export { checkServices, checkService, type ServiceCheckOptions } from './check';
export { loadGoParser, loadedGoParser } from './go-parser';
export type { ServiceModel, FileReader } from './model';

/** Loads the Go parser; resolves even when loading fails (the checks then report why Go code was not read). */
export async function prepareServiceChecks(): Promise<void> {
  await loadGoParser().catch(() => undefined);
}

/** Reads a file as the CLI does: UTF-8, a leading BOM dropped; undefined when it cannot be read, is not a regular file or is above the size limit. */
export function readTextFile(absPath: string): string | undefined {
  const read = readBounded(absPath, MAX_FILE_BYTES);
  return 'bytes' in read ? decodeUtf8(read.bytes).text : undefined;
}

export interface ServicePassOptions {
  configFor: (absPath: string) => ResolvedConfig;
  only?: ReadonlySet<string>;
  readFile?: FileReader;
  discover?: DiscoverOptions;
}

/** Discovers the services under the folders and checks them. */
export function lintServiceRoots(roots: string[], options: ServicePassOptions): Finding[] {
  const workspace = discoverServices(roots, options.discover);
  if (workspace.services.length === 0) return [];
  return checkServices(workspace, { readFile: options.readFile ?? readTextFile, configFor: options.configFor, only: options.only });
}

/**
 * The service findings attached to files named one by one (`lint frontend/Dockerfile`), as the
 * editor shows them: the services are found from the repository (the folder above holding
 * `.git`), else from `cwd` when it holds the file, else from the file's own folder.
 */
export function serviceFindingsOfFiles(files: string[], cwd: string, options: ServicePassOptions): Finding[] {
  const wanted = new Set(files.map((f) => path.resolve(cwd, f)));
  const roots = new Set<string>();
  for (const file of wanted) roots.add(repositoryRoot(file) ?? (isInside(path.resolve(cwd), file) ? path.resolve(cwd) : path.dirname(file)));
  const out: Finding[] = [];
  for (const root of roots) {
    const findings = lintServiceRoots([root], options);
    out.push(...findings.filter((f) => wanted.has(path.resolve(f.file))));
  }
  return out;
}

function repositoryRoot(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export const MAX_SERVICE_FIX_PASSES = 3;

/**
 * `--fix` for the service rules: applies their applicable fixes (safe ones, unless `fixOptions.unsafe`)
 * to the files they name (edits that overlap an earlier fix wait for the next pass), creates files
 * that do not exist yet, and repeats until nothing changes. Returns the number of files written or created.
 */
export function fixServiceRoots(roots: string[], options: ServicePassOptions, fixOptions: FixOptions = {}): number {
  let written = 0;
  for (let pass = 0; pass < MAX_SERVICE_FIX_PASSES; pass++) {
    const fixes = lintServiceRoots(roots, options).flatMap((f) => (f.fix && isApplicable(f.fix, fixOptions) ? [{ file: f.file, fix: f.fix }] : []));
    const changed = applyServiceFixes(fixes);
    written += changed;
    if (changed === 0) break;
  }
  return written;
}

/** Writes the fixes to disk; a file to create is written only when absent. Returns the files changed. */
export function applyServiceFixes(fixes: { file: string; fix: Fix }[]): number {
  const byFile = new Map<string, Fix[]>();
  const add = (file: string, fix: Fix, edits: TextEdit[]) => {
    const abs = path.resolve(file);
    if (!byFile.has(abs)) byFile.set(abs, []);
    byFile.get(abs)!.push({ title: fix.title, edits, safety: fix.safety });
  };
  const creations = new Map<string, string>();
  for (const { file, fix } of fixes) {
    if (fix.edits.length) add(file, fix, fix.edits);
    for (const other of fix.otherFiles ?? []) add(other.file, fix, other.edits);
    for (const c of fix.createFiles ?? []) if (!creations.has(path.resolve(c.path))) creations.set(path.resolve(c.path), c.content);
  }
  let changed = 0;
  for (const [file, fileFixes] of byFile) {
    let decoded: ReturnType<typeof decodeUtf8>;
    try {
      decoded = decodeUtf8(fs.readFileSync(file));
    } catch {
      continue;
    }
    const { text, bom, exact } = decoded;
    // Not UTF-8: writing the text back would change bytes the fixes do not touch.
    if (!exact) continue;
    const chosen = selectNonOverlappingFixes(text, fileFixes);
    const next = applyEdits(text, chosen.flatMap((f) => f.edits)).text;
    if (next === text) continue;
    fs.writeFileSync(file, (bom ? '\ufeff' : '') + next);
    changed++;
  }
  for (const [file, content] of creations) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, { flag: 'wx' });
      changed++;
    } catch {
      // Exists already (or cannot be written): never overwrite.
    }
  }
  return changed;
}

/**
 * Adds service findings to per-file reports (`file` relative to `cwd`, as the CLI shows it),
 * creating a report for files the per-file pass did not lint (go.mod, main.go).
 */
export function mergeServiceFindings(reports: { file: string; findings: Finding[] }[], findings: Finding[], cwd: string): void {
  const display = (p: string) => path.relative(cwd, p) || p;
  for (const finding of findings) {
    const file = display(finding.file);
    const shown: Finding = { ...finding, file, ...(finding.related ? { related: finding.related.map((r) => ({ ...r, file: display(r.file) })) } : {}) };
    if (finding.fix) {
      shown.fix = {
        ...finding.fix,
        ...(finding.fix.otherFiles ? { otherFiles: finding.fix.otherFiles.map((o) => ({ ...o, file: display(o.file) })) } : {}),
        ...(finding.fix.createFiles ? { createFiles: finding.fix.createFiles.map((c) => ({ ...c, path: display(c.path) })) } : {}),
      };
    }
    let report = reports.find((r) => r.file === file || path.resolve(cwd, r.file) === finding.file);
    if (!report) {
      report = { file, findings: [] };
      reports.push(report);
    }
    report.findings.push(shown);
  }
  for (const report of reports) {
    report.findings = withoutSuperseded(report.findings);
    report.findings.sort(compareFindings);
  }
}
