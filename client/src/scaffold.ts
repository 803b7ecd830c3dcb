import * as path from 'node:path';
import * as vscode from 'vscode';
import { SCAFFOLD_COMMANDS } from '../../server/src/protocol';
import { modulePathProblem, runScaffoldFlow, type OverwriteAnswer, type ScaffoldUi } from '../../server/src/scaffold/flow';
import type { ScaffoldTarget } from '../../server/src/scaffold/types';

const EXCLUDED = '**/{vendor,node_modules,.git,testdata}/**';

/** The read-only document the suggested wiring is shown in: one, reused by every run. */
export const WIRING_SCHEME = 'go-container-standard-wiring';
const wiringUri = (): vscode.Uri => vscode.Uri.from({ scheme: WIRING_SCHEME, path: '/Suggested wiring.go' });

class WiringDocuments implements vscode.TextDocumentContentProvider {
  private text = '';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  provideTextDocumentContent(): string {
    return this.text;
  }
  set(text: string): void {
    this.text = text;
    this.changed.fire(wiringUri());
  }
}
let wiringDocuments: WiringDocuments | undefined;

/** The overwrite dialog's buttons, first the default: Enter keeps the user's file. */
const SKIP = 'Skip';
const SKIP_ALL = 'Skip All';
const OVERWRITE = 'Overwrite';
const OVERWRITE_ALL = 'Overwrite All';

/**
 * Registers the scaffolding commands. Each may get the service: a resource (explorer menu) or
 * `{ serviceRoot }`, the folder with go.mod, from a service rule's code action.
 */
export function registerScaffoldCommands(context: vscode.ExtensionContext): void {
  wiringDocuments = new WiringDocuments();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(WIRING_SCHEME, wiringDocuments));
  for (const command of SCAFFOLD_COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command.id, async (argument?: unknown) => {
        try {
          await scaffold(command.target, command.title, serviceArgument(argument));
        } catch (e) {
          void vscode.window.showErrorMessage(`${command.title} failed: ${(e as Error).message}`);
        }
      }),
    );
  }
}

function serviceArgument(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  const root = (argument as { serviceRoot?: unknown } | undefined)?.serviceRoot;
  return typeof root === 'string' && path.isAbsolute(root) ? vscode.Uri.file(root) : undefined;
}

async function scaffold(target: ScaffoldTarget, title: string, resource: vscode.Uri | undefined): Promise<void> {
  const serviceDir = resource?.scheme === 'file' ? await serviceDirOf(resource) : await pickServiceDir();
  if (!serviceDir) return;
  const ui: ScaffoldUi = {
    pickMainPackage: async (candidates) =>
      vscode.window.showQuickPick(candidates, { title, placeHolder: 'Several main packages: which one does this service build?', ignoreFocusOut: true }),
    confirmOverwrite: async (relativePath, remaining): Promise<OverwriteAnswer | undefined> => {
      const buttons = remaining > 0 ? [SKIP, SKIP_ALL, OVERWRITE, OVERWRITE_ALL] : [SKIP, OVERWRITE];
      const more = remaining > 0 ? ` ${remaining} more existing file(s) differ: "… All" answers for them too.` : '';
      const answer = await vscode.window.showWarningMessage(
        `${relativePath} already exists. Overwrite it?`,
        { modal: true, detail: `Skip keeps your file as it is; Cancel stops without writing anything.${more}` },
        ...buttons,
      );
      switch (answer) {
        case SKIP:
          return 'skip';
        case SKIP_ALL:
          return 'skip-all';
        case OVERWRITE:
          return 'overwrite';
        case OVERWRITE_ALL:
          return 'overwrite-all';
        default:
          return undefined;
      }
    },
    askModulePath: async (suggested) =>
      vscode.window.showInputBox({
        title,
        prompt: 'There is no go.mod here. Module path of the new Go module (the generated imports use it):',
        value: suggested,
        valueSelection: [0, suggested.length],
        ignoreFocusOut: true,
        validateInput: (v) => modulePathProblem(v),
      }),
    readFile: async (absolutePath) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(absolutePath)));
      } catch {
        return undefined;
      }
    },
    writeFile: async (absolutePath, content) => {
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(absolutePath)));
      await vscode.workspace.fs.writeFile(vscode.Uri.file(absolutePath), new TextEncoder().encode(content));
    },
  };
  const result = await runScaffoldFlow(target, serviceDir, ui);
  if (result.cancelled) return;
  if (result.error) {
    void vscode.window.showErrorMessage(result.error);
    return;
  }
  // Written files open as tabs of the active group; the wiring in one reused read-only preview beside it.
  for (const [i, file] of result.written.entries()) {
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false, preserveFocus: i > 0, viewColumn: vscode.ViewColumn.Active });
  }
  if (result.wiringSuggestion) await showWiring(result.wiringSuggestion.text);
  const rel = (f: string) => path.relative(serviceDir, f).split(path.sep).join('/');
  const parts = [
    result.written.length ? `wrote ${result.written.length} file(s)` : '',
    result.unchanged.length ? `${result.unchanged.length} already up to date` : '',
    result.skipped.length ? `skipped ${result.skipped.map(rel).join(', ')}` : '',
    result.refused.length ? `did not write the Go packages (${result.conflicts.map((c) => `${c.dir}: ${c.reason}`).join('; ')}; they would no longer compile)` : '',
  ].filter(Boolean);
  const initialised = result.initialisedModule ? ` There was no go.mod, so one was created for module ${result.initialisedModule}.` : '';
  const handlers = result.reusedHandlers ? ' It already serves /health and /ready: those handlers are kept.' : '';
  const wiring = result.wiringSuggestion ? ` ${rel(result.wiringSuggestion.path)} was not changed: review the suggested wiring beside it.` : '';
  const message = `${title}: ${parts.join('; ') || 'nothing to do'}.${initialised}${handlers}${wiring}`;
  if (result.refused.length) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}

/** Shows the wiring in the one "Suggested wiring.go" preview, reusing its tab when it is open. */
async function showWiring(text: string): Promise<void> {
  wiringDocuments?.set(text);
  const uri = wiringUri();
  const open = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((tab) => ({ g, tab }))).find(({ tab }) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'go') await vscode.languages.setTextDocumentLanguage(doc, 'go').then(undefined, () => undefined);
  await vscode.window.showTextDocument(doc, { viewColumn: open ? open.g.viewColumn : vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

/**
 * The nearest folder with go.mod at or above the resource, inside its workspace folder; else the
 * resource's own folder (a new service: the flow asks for its module path).
 */
async function serviceDirOf(resource: vscode.Uri): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(resource);
  let dir = resource.fsPath;
  try {
    if ((await vscode.workspace.fs.stat(resource)).type !== vscode.FileType.Directory) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  const top = folder?.uri.fsPath ?? dir;
  for (let d = dir; d.startsWith(top); d = path.dirname(d)) {
    if (await exists(path.join(d, 'go.mod'))) return d;
    if (d === top || path.dirname(d) === d) break;
  }
  return dir;
}

/** Asks for the workspace folder when there are several, then for the Go module when the folder has several. */
async function pickServiceDir(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Go Container Standard: open the folder of a Go service first.');
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Scaffold into which workspace folder?' });
  if (!folder) return undefined;
  const goMods = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/go.mod'), EXCLUDED, 200);
  const dirs = [...new Set(goMods.map((u) => path.dirname(u.fsPath)))].sort((a, b) => a.length - b.length || a.localeCompare(b));
  if (dirs.length <= 1) return dirs[0] ?? folder.uri.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const containing = active ? dirs.filter((d) => active.startsWith(d + path.sep)).sort((a, b) => b.length - a.length)[0] : undefined;
  const items = dirs.map((d) => ({ label: path.relative(folder.uri.fsPath, d) || '.', description: d === containing ? 'active editor' : undefined, dir: d }));
  if (containing) items.sort((a, b) => Number(b.dir === containing) - Number(a.dir === containing));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Several Go modules: which service?', ignoreFocusOut: true });
  return picked?.dir;
}

async function exists(file: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(file));
    return true;
  } catch {
    return false;
  }
}
