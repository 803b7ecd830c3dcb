import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionList, Hover, InitializeResult } from 'vscode-languageserver-protocol';
import * as rpc from 'vscode-jsonrpc/node';
import { CLI, codes, ensureBuilt, fileUri, LspClient } from './harness';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-life-'));

function containers(n: number): string {
  const lines = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: big', 'spec:', '  template:', '    spec:', '      containers:'];
  for (let i = 0; i < n; i++) {
    lines.push(`        - name: c${i}`, `          image: registry.example.com/c${i}:0a1b2c3-v1.0.${i}`, '          ports:', `            - containerPort: ${8000 + i}`);
  }
  return lines.join('\n') + '\n';
}

describe('lifecycle and robustness', () => {
  it('announces its capabilities: incremental sync, completion, hover, code actions with fix-all', async () => {
    const { client, result } = await LspClient.start({ workspaceFolder: workspace });
    try {
      const caps = result.capabilities;
      assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
      assert.ok(caps.completionProvider?.resolveProvider);
      assert.equal(caps.hoverProvider, true);
      assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.goContainerStandard']);
      assert.equal(caps.diagnosticProvider, undefined, 'no pull diagnostics for a client without them');
      assert.equal(result.serverInfo?.name, 'go-container-standard');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it('exits with code 0 after shutdown and exit', async () => {
    const { client } = await LspClient.start({ workspaceFolder: workspace });
    const uri = fileUri('a/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    await client.current(uri);
    assert.equal(await client.request('shutdown', null), null);
    await client.notify('exit', null);
    assert.equal(await client.exited, 0);
  });

  it('exits with code 1 on exit without shutdown, as the protocol says', async () => {
    const { client } = await LspClient.start({ workspaceFolder: workspace });
    await client.notify('exit', null);
    assert.equal(await client.exited, 1);
  });

  it('keeps answering after garbage documents, bad parameters and malformed messages', async () => {
    const { client } = await LspClient.start({ workspaceFolder: workspace });
    try {
      const garbage: [string, string, string][] = [
        ['bin/Dockerfile', 'dockerfile', '\u0000\u0001\u0002\uffff'.repeat(100)],
        ['noise/Dockerfile', 'dockerfile', Array.from({ length: 2000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 9000))).join('')],
        ['half/Dockerfile', 'dockerfile', 'FROM \\\n\\\n--platform=\nRUN <<EOF\n'],
        ['bad/deploy.yaml', 'yaml', 'apiVersion: v1\nkind: Pod\nspec: [\n  {{ .Values }}\n: : :\n\t- x'],
        ['anchors/deploy.yaml', 'yaml', 'a: &a [*a]\nb: *nope\n'],
        ['huge/Dockerfile', 'dockerfile', `FROM ${'x'.repeat(200_000)}\n`],
      ];
      for (const [name, languageId, text] of garbage) {
        const uri = fileUri(name, workspace);
        await client.open(uri, languageId, text);
        const published = await client.current(uri);
        assert.ok(Array.isArray(published.diagnostics), name);
        for (const d of published.diagnostics) assert.ok(d.range.start.line >= 0 && d.range.end.line <= text.split('\n').length, `${name}: range inside the document`);
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
        await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 } });
        await client.request('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: published.diagnostics } });
      }
      // Unknown documents, nonsense positions, unknown methods, malformed params.
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere/Dockerfile' }, position: { line: 0, character: 0 } }), null);
      await client.request('textDocument/hover', { textDocument: { uri: fileUri('half/Dockerfile', workspace) }, position: { line: 9999, character: -4 } });
      await assert.rejects(client.request('goContainerStandard/noSuchMethod', {}), /Unhandled method|not found/i);
      await assert.rejects(client.request('textDocument/hover', { nonsense: true }));
      await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never-opened/Dockerfile', version: 3 }, contentChanges: [{ text: 'x' }] });
      await client.notify('textDocument/didOpen', { textDocument: { uri: 42 } });
      await client.codeActions(fileUri('half/Dockerfile', workspace), [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'go-container-standard', code: 'no-latest-tag', data: { ruleId: 7, fixes: 'x' } }]);
      // A frame that is not JSON at all.
      const body = '{this is not json';
      client.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const uri = fileUri('after/Dockerfile', workspace);
      await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
      assert.ok(codes(await client.current(uri)).includes('no-latest-tag'), 'still linting');
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } });
      assert.ok(hover, 'still answering');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it('honours cancellation: a cancelled request is answered and the server carries on', async () => {
    const { client } = await LspClient.start({ workspaceFolder: workspace });
    try {
      const uri = fileUri('cancel/Dockerfile', workspace);
      await client.open(uri, 'dockerfile', 'FROM \n');
      const source = new rpc.CancellationTokenSource();
      const pending = client.connection.sendRequest<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 } }, source.token);
      source.cancel();
      await pending.then(
        (result) => assert.ok(result === null || Array.isArray(result.items)),
        (error: rpc.ResponseError<unknown>) => assert.equal(error.code, -32800),
      );
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 } });
      assert.ok(list.items.length > 0);
    } finally {
      await client.stop();
    }
  });

  it('re-lints a 300-container manifest after each edit and publishes for the latest version', async () => {
    const { client } = await LspClient.start({ workspaceFolder: workspace });
    try {
      const uri = fileUri('big/deploy.yaml', workspace);
      const text = containers(300);
      await client.open(uri, 'yaml', text);
      const first = await client.current(uri);
      assert.equal(first.diagnostics.filter((d) => d.code === 'k8s-resources').length, 300);
      // A burst of edits: the last version's diagnostics arrive, none for a later-superseded state claims the latest version.
      for (let i = 0; i < 5; i++) {
        await client.edit(uri, [{ range: { start: { line: 8, character: 18 }, end: { line: 8, character: 18 } }, newText: 'x' }]);
      }
      const latest = await client.current(uri);
      assert.equal(latest.version, 6);
      assert.equal(latest.diagnostics.filter((d) => d.code === 'k8s-resources').length, 300);
      assert.ok(client.text(uri).startsWith(text.slice(0, 200).replace('- name: c0', '- name: c0xxxxx')));
      // So many diagnostics travel without their fixes; the quick fix is still there.
      const resources = latest.diagnostics.find((d) => d.code === 'k8s-resources')!;
      assert.equal((resources.data as { fixes?: unknown }).fixes, undefined);
      const actions = await client.codeActions(uri, [resources]);
      const fix = actions.find((a) => !a.title.startsWith('Ignore'));
      assert.ok(fix?.edit, `a quick fix expected, got ${actions.map((a) => a.title)}`);
    } finally {
      await client.stop();
    }
  });

  it('runs through the CLI entry only with --stdio', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [CLI, 'lsp'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /--stdio/);
  });

  it('serves an editor that sends no capabilities at all', async () => {
    const { client, result } = await LspClient.start({ workspaceFolder: workspace, capabilities: {} });
    try {
      assert.ok((result as InitializeResult).capabilities.documentFormattingProvider, 'static registration when dynamic is not supported');
      const uri = fileUri('bare/Dockerfile', workspace);
      await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
      const published = await client.current(uri);
      assert.ok(codes(published).includes('no-latest-tag'));
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
