// The interactive scaffolding flow behind the editor commands, with the editor's UI behind an
// interface so it is tested without VS Code: ask for the module path when there is no go.mod and
// for the main package when there are several, ask about every existing file that differs (one
// answer may apply to the rest), and only then write, so that "Cancel" at any question writes
// nothing. Report what was written, skipped and refused.
import * as path from 'node:path';
import { classifyPlannedFile, needsGoMod, needsMainPackage, planScaffold } from './index';
import type { ScaffoldTarget } from './types';
import { inspectService, parseGoMod, resolveFacts, withoutConflictingPackages, type PackageConflict } from './workspace';
import { toServiceName } from './index';
import { MIN_BUILDER_GO } from './goVersion';

/** The answer to "X already exists. Overwrite it?"; the `-all` answers apply to the remaining files too. */
export type OverwriteAnswer = 'skip' | 'overwrite' | 'skip-all' | 'overwrite-all';

export interface ScaffoldUi {
  /** Undefined when the user cancels. */
  pickMainPackage(candidates: string[]): Promise<string | undefined>;
  /**
   * Asked for each existing file that differs, in plan order; `remaining` is how many more will be
   * asked about after this one. Undefined when the user cancels: then nothing at all is written.
   */
  confirmOverwrite(relativePath: string, remaining: number): Promise<OverwriteAnswer | undefined>;
  /** There is no go.mod: the module path to start it with (undefined: cancel). Optional: without it, `suggested` is used. */
  askModulePath?(suggested: string): Promise<string | undefined>;
  /** Undefined when the file does not exist. */
  readFile(absolutePath: string): Promise<string | undefined>;
  /** Creates missing parent folders. */
  writeFile(absolutePath: string, content: string): Promise<void>;
}

export interface FlowResult {
  /** Absolute paths, in plan order. */
  written: string[];
  skipped: string[];
  unchanged: string[];
  /** Generated Go files not written because a package of the module would no longer compile. */
  refused: string[];
  conflicts: PackageConflict[];
  /** The user cancelled a question; nothing was written. */
  cancelled: boolean;
  /** A problem that stopped the flow before anything was written. */
  error?: string;
  wiringSuggestion?: { path: string; text: string };
  /** The main package's own /health and /ready handlers were kept. */
  reusedHandlers?: boolean;
  /** No go.mod was there: this module path was initialised (go.mod is among `written`). */
  initialisedModule?: string;
}

/** What `go mod init` would write for a folder, with the standard's minimum Go version. */
export function initialGoMod(serviceDir: string, modulePath = suggestedModulePath(serviceDir)): { modulePath: string; text: string } {
  return { modulePath, text: `module ${modulePath}\n\ngo ${MIN_BUILDER_GO.major}.${MIN_BUILDER_GO.minor}\n` };
}

export function suggestedModulePath(serviceDir: string): string {
  return `example.com/${toServiceName(path.basename(path.resolve(serviceDir))) || 'service'}`;
}

/** Undefined when `modulePath` can be a Go module path, else why not (for the input box). */
export function modulePathProblem(modulePath: string): string | undefined {
  const p = modulePath.trim();
  if (p === '') return 'Enter a module path, such as github.com/acme/orders.';
  if (/\s/.test(p)) return 'A module path has no spaces.';
  if (p.startsWith('/') || p.endsWith('/') || p.includes('//') || p.split('/').some((e) => e === '.' || e === '..')) return 'Path elements are separated by single slashes, without . or .. elements.';
  if (!/^[A-Za-z0-9._~/+-]+$/.test(p)) return 'Use letters, digits and . _ ~ - + / only.';
  const first = p.split('/')[0];
  if (p.includes('/') && !first.includes('.')) return `The first element (${first}) should be a domain, such as github.com.`;
  return undefined;
}

export async function runScaffoldFlow(target: ScaffoldTarget, serviceDir: string, ui: ScaffoldUi): Promise<FlowResult> {
  const result: FlowResult = { written: [], skipped: [], unchanged: [], refused: [], conflicts: [], cancelled: false };
  const cancelled = (): FlowResult => ({ written: [], skipped: [], unchanged: [], refused: [], conflicts: [], cancelled: true });
  let inspection = inspectService(serviceDir);
  let goModToWrite: { path: string; text: string } | undefined;
  if (!inspection.goMod && needsGoMod(target)) {
    // A folder that is not a Go module yet: start one, as `go mod init` would, with the path the
    // user gives (the generated imports use it, so renaming it later means editing them too).
    const suggested = suggestedModulePath(serviceDir);
    const answer = ui.askModulePath ? await ui.askModulePath(suggested) : suggested;
    if (answer === undefined) return cancelled();
    const problem = modulePathProblem(answer);
    if (problem) return { ...result, error: `'${answer}' is not a module path: ${problem}` };
    const init = initialGoMod(serviceDir, answer.trim());
    goModToWrite = { path: path.join(serviceDir, 'go.mod'), text: init.text };
    result.initialisedModule = init.modulePath;
    inspection = { ...inspection, goMod: parseGoMod(init.text) };
  }
  let main: string | undefined;
  if (needsMainPackage(target) && inspection.mainPackages.length > 1) {
    main = await ui.pickMainPackage(inspection.mainPackages);
    if (main === undefined) return cancelled();
  }
  const resolution = resolveFacts(inspection, { main, mainIrrelevant: !needsMainPackage(target) });
  if (!resolution.ok) return { ...result, error: resolution.message };
  const { plan, conflicts, refused } = withoutConflictingPackages(serviceDir, planScaffold(target, resolution.facts));
  result.conflicts = conflicts;
  result.refused = refused.map((f) => path.resolve(serviceDir, f.path));

  // Decide everything first: a cancel at any question leaves the folder as it was.
  const statuses: { abs: string; content: string; status: 'new' | 'unchanged' | 'conflict' }[] = [];
  for (const file of plan.files) {
    const abs = path.resolve(serviceDir, file.path);
    statuses.push({ abs, content: file.content, status: classifyPlannedFile(file, await ui.readFile(abs)) });
  }
  const toWrite: { abs: string; content: string }[] = [];
  let forAll: 'skip' | 'overwrite' | undefined;
  const conflicting = statuses.filter((s) => s.status === 'conflict');
  for (const s of statuses) {
    if (s.status === 'unchanged') {
      result.unchanged.push(s.abs);
      continue;
    }
    if (s.status === 'conflict') {
      let decision = forAll;
      if (!decision) {
        const remaining = conflicting.length - conflicting.indexOf(s) - 1;
        const answer = await ui.confirmOverwrite(path.relative(serviceDir, s.abs).split(path.sep).join('/'), remaining);
        if (answer === undefined) return cancelled();
        decision = answer === 'overwrite' || answer === 'overwrite-all' ? 'overwrite' : 'skip';
        if (answer.endsWith('-all')) forAll = decision;
      }
      if (decision === 'skip') {
        result.skipped.push(s.abs);
        continue;
      }
    }
    toWrite.push(s);
  }
  // Second look, now that the answers are known: a generated Go file kept with other content
  // leaves the files that depend on it unable to compile.
  const kept = new Set(result.skipped.map((abs) => path.relative(serviceDir, abs).split(path.sep).join('/')));
  const second = withoutConflictingPackages(serviceDir, plan, kept);
  if (second.refused.length > 0) {
    const refusedAbs = new Set(second.refused.map((f) => path.resolve(serviceDir, f.path)));
    const dropped = toWrite.filter((f) => refusedAbs.has(f.abs));
    if (dropped.length > 0) {
      result.conflicts = second.conflicts;
      result.refused = dropped.map((f) => f.abs);
      toWrite.splice(0, toWrite.length, ...toWrite.filter((f) => !refusedAbs.has(f.abs)));
    }
  }
  if (goModToWrite) {
    await ui.writeFile(goModToWrite.path, goModToWrite.text);
    result.written.push(goModToWrite.path);
  }
  for (const f of toWrite) {
    await ui.writeFile(f.abs, f.content);
    result.written.push(f.abs);
  }
  if (plan.wiringSuggestion && result.refused.length === 0) result.wiringSuggestion = { path: path.resolve(serviceDir, plan.wiringSuggestion.path), text: plan.wiringSuggestion.text };
  result.reusedHandlers = plan.reusedHandlers;
  return result;
}
