// The interactive scaffolding flow behind the editor commands, with the editor's UI behind an
// interface so it is tested without VS Code: ask for the main package when there are several,
// never overwrite without an explicit yes, report what was written.
import * as path from 'node:path';
import { classifyPlannedFile, needsGoMod, needsMainPackage, planScaffold } from './index';
import type { ScaffoldTarget } from './types';
import { inspectService, parseGoMod, resolveFacts } from './workspace';
import { toServiceName } from './index';
import { MIN_BUILDER_GO } from './goVersion';

export interface ScaffoldUi {
  /** Undefined when the user cancels. */
  pickMainPackage(candidates: string[]): Promise<string | undefined>;
  /** True only for an explicit "Overwrite". */
  confirmOverwrite(relativePath: string): Promise<boolean>;
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
  /** The user cancelled a question; nothing was written. */
  cancelled: boolean;
  /** A problem that stopped the flow before anything was written. */
  error?: string;
  wiringSuggestion?: { path: string; text: string };
  /** No go.mod was there: this module path was initialised (go.mod is among `written`). */
  initialisedModule?: string;
}

/** What `go mod init` would write for a folder, with the standard's minimum Go version. */
export function initialGoMod(serviceDir: string): { modulePath: string; text: string } {
  const modulePath = `example.com/${toServiceName(path.basename(path.resolve(serviceDir))) || 'service'}`;
  return { modulePath, text: `module ${modulePath}\n\ngo ${MIN_BUILDER_GO.major}.${MIN_BUILDER_GO.minor}\n` };
}

export async function runScaffoldFlow(target: ScaffoldTarget, serviceDir: string, ui: ScaffoldUi): Promise<FlowResult> {
  const result: FlowResult = { written: [], skipped: [], unchanged: [], cancelled: false };
  let inspection = inspectService(serviceDir);
  if (!inspection.goMod && needsGoMod(target)) {
    // A folder that is not a Go module yet: start one, as `go mod init` would, rather than refuse.
    const init = initialGoMod(serviceDir);
    const goModPath = path.join(serviceDir, 'go.mod');
    await ui.writeFile(goModPath, init.text);
    result.written.push(goModPath);
    result.initialisedModule = init.modulePath;
    inspection = { ...inspection, goMod: parseGoMod(init.text) };
  }
  let main: string | undefined;
  if (needsMainPackage(target) && inspection.mainPackages.length > 1) {
    main = await ui.pickMainPackage(inspection.mainPackages);
    if (main === undefined) return { ...result, cancelled: true };
  }
  const resolution = resolveFacts(inspection, { main, mainIrrelevant: !needsMainPackage(target) });
  if (!resolution.ok) return { ...result, error: resolution.message };
  const plan = planScaffold(target, resolution.facts);
  for (const file of plan.files) {
    const abs = path.resolve(serviceDir, file.path);
    const status = classifyPlannedFile(file, await ui.readFile(abs));
    if (status === 'unchanged') {
      result.unchanged.push(abs);
      continue;
    }
    if (status === 'conflict' && !(await ui.confirmOverwrite(file.path))) {
      result.skipped.push(abs);
      continue;
    }
    await ui.writeFile(abs, file.content);
    result.written.push(abs);
  }
  if (plan.wiringSuggestion) result.wiringSuggestion = { path: path.resolve(serviceDir, plan.wiringSuggestion.path), text: plan.wiringSuggestion.text };
  return result;
}
