// The extension through the VS Code API, inside a real extension host: diagnostics, code actions,
// fix-all, settings and a scaffolding command, without touching the UI.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from '../runner';

const EXTENSION_ID = 'go-container-standard.go-container-standard';
const WAIT = 30_000;

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeout = WAIT): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const diagnosticsOf = (uri: vscode.Uri, id: string) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === id);

async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

function listFilesRecursively(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFilesRecursively(p) : [p];
  });
}

suite('Go Container Standard through the VS Code API', () => {
  let root = '';
  const uriOf = (relative: string) => vscode.Uri.file(join(root, relative));

  suiteSetup(() => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    root = folder.uri.fsPath;
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is installed`);
  });

  test('opening a Dockerfile activates the extension and reports runtime-distroless-nonroot', async () => {
    const document = await vscode.workspace.openTextDocument(uriOf('orders/Dockerfile'));
    await vscode.window.showTextDocument(document);
    const [finding] = await waitFor(() => diagnosticsOf(document.uri, 'runtime-distroless-nonroot').length > 0 && diagnosticsOf(document.uri, 'runtime-distroless-nonroot'), 'the diagnostic');
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(finding.range.start.line, 7, 'on the runtime FROM line');
    assert.equal(finding.source, 'go-container-standard');
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive);
  });

  test('the code action provider offers the distroless fix; applying it rewrites the stage and clears the problem', async () => {
    const uri = uriOf('orders/Dockerfile');
    const [finding] = diagnosticsOf(uri, 'runtime-distroless-nonroot');
    assert.ok(finding, 'the diagnostic is still there');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => /distroless/i.test(a.title));
    assert.ok(fix, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    await apply(fix);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(document.getText(), /^FROM gcr\.io\/distroless\/static-debian12:nonroot/m);
    assert.doesNotMatch(document.getText(), /apk add/);
    await waitFor(() => diagnosticsOf(uri, 'runtime-distroless-nonroot').length === 0, 'the problem to go');
    assert.ok(await document.save());
  });

  test('fix-all (source.fixAll.goContainerStandard) on a manifest clears the fixable k8s problems and keeps the others', async () => {
    const uri = uriOf('orders/deploy/deployment.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const fixable = ['k8s-resources', 'k8s-read-only-root-fs', 'k8s-no-privilege-escalation', 'k8s-run-as-non-root'];
    await waitFor(() => fixable.every((id) => diagnosticsOf(uri, id).length > 0) && diagnosticsOf(uri, 'k8s-image-tag').length > 0, 'the k8s problems');
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.goContainerStandard');
    assert.equal(actions.length, 1, `one fix-all action; got ${actions.map((a) => a.title).join(' | ')}`);
    await apply(actions[0]);
    assert.match(document.getText(), /readOnlyRootFilesystem:\s*true/);
    await waitFor(() => fixable.every((id) => diagnosticsOf(uri, id).length === 0), 'the fixable problems to go');
    assert.ok(diagnosticsOf(uri, 'k8s-image-tag').length > 0, 'k8s-image-tag has no automatic fix and stays');
    assert.ok(await document.save());
  });

  test('turning a rule off in the settings removes its diagnostics', async () => {
    const uri = uriOf('orders/deploy/deployment.yaml');
    await waitFor(() => diagnosticsOf(uri, 'k8s-image-tag').length > 0, 'k8s-image-tag');
    const config = vscode.workspace.getConfiguration('goContainerStandard', uri);
    await config.update('rules', { 'k8s-image-tag': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => diagnosticsOf(uri, 'k8s-image-tag').length === 0, 'k8s-image-tag to go');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => diagnosticsOf(uri, 'k8s-image-tag').length > 0, 'k8s-image-tag to come back once the setting is removed');
  });

  test('"Add Health Endpoints" writes a Go file that serves /ready', async () => {
    const commands: Array<{ command: string; title: string }> = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands;
    const add = commands.find((c) => /Add Health Endpoints/.test(c.title));
    assert.ok(add, 'the command is contributed');
    const service = join(root, 'orders');
    const before = new Set(listFilesRecursively(service));
    // Opening a file of the service tells the command which service is meant.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf('orders/go.mod')));
    await vscode.commands.executeCommand(add.command);
    const created = await waitFor(() => {
      const files = listFilesRecursively(service).filter((f) => !before.has(f) && f.endsWith('.go'));
      return files.some((f) => readFileSync(f, 'utf8').includes('/ready')) && files;
    }, 'a Go file serving /ready');
    assert.ok(created.every((f) => existsSync(f)));
  });
});
