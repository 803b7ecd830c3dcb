import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CONFIG_FILES_GLOB, SERVICE_FILES_GLOB } from '../../server/src/protocol';
import { SETTINGS_PULL_TIMEOUT_MS } from '../../server/src/lsp/settings';
import { codes, editorCapabilities, fileUri, LspClient } from './harness';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-settings-'));

/** The next diagnostics for `uri` published after this moment that satisfy `predicate`. */
function nextPublished(client: LspClient, uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  const from = client.published.length;
  return client.diagnostics((p) => p.uri === uri && client.published.indexOf(p) >= from && predicate(p));
}

describe('settings and config files', () => {
  let client: LspClient;
  let settings: Record<string, Record<string, unknown>> = {};

  before(async () => {
    ({ client } = await LspClient.start({
      workspaceFolder: workspace,
      settings: (scopeUri) => {
        const folder = Object.keys(settings).find((f) => scopeUri?.includes(`/${f}/`));
        return folder ? settings[folder] : {};
      },
    }));
  });
  after(async () => {
    await client.stop();
  });

  it('pulls settings per document and registers for configuration changes and config-file events', async () => {
    const uri = fileUri('pull/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    await client.current(uri);
    assert.ok(client.configurationRequests.some((r) => r.scopeUri === uri && r.section === 'goContainerStandard'));
    const methods = client.registrations.map((r) => r.method);
    assert.ok(methods.includes('workspace/didChangeConfiguration'));
    const watcher = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual((watcher?.registerOptions as { watchers: unknown[] }).watchers, [{ globPattern: CONFIG_FILES_GLOB }, { globPattern: SERVICE_FILES_GLOB }]);
    assert.equal(CONFIG_FILES_GLOB, '**/.container-standard.{yaml,yml}');
  });

  it('warns visibly about an unknown rule id in the rules setting, with the near miss', async () => {
    settings = { typo: { rules: { 'no-latest-tags': 'off' } } };
    const uri = fileUri('typo/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    const published = await client.current(uri);
    assert.ok(codes(published).includes('no-latest-tag'), 'the typo turns nothing off');
    const warning = await client.message((m) => m.includes("'no-latest-tags'"));
    assert.match(warning, /did you mean 'no-latest-tag'/);
    settings = {};
  });

  it('applies a rules setting without a reload: off, then a different severity', async () => {
    const uri = fileUri('rules/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    const first = await client.current(uri);
    assert.equal(first.diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 1);

    settings = { rules: { rules: { 'no-latest-tag': 'off' } } };
    let next = nextPublished(client, uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.ok(!codes(await next).includes('no-latest-tag'), 'turned off');

    settings = { rules: { rules: { 'no-latest-tag': 'info' } } };
    next = nextPublished(client, uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const info = await next;
    assert.equal(info.diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 3);
    assert.equal(info.version, 1, 'republished for the same open version');
  });

  it('applies settings per resource: disabled in one folder only', async () => {
    const off = fileUri('disabled/Dockerfile', workspace);
    const on = fileUri('enabled/Dockerfile', workspace);
    settings = { disabled: { enable: false } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.open(off, 'dockerfile', 'FROM ubuntu\n');
    await client.open(on, 'dockerfile', 'FROM ubuntu\n');
    assert.deepEqual((await client.current(off)).diagnostics, []);
    assert.ok(codes(await client.current(on)).includes('no-latest-tag'));
  });

  it('turns syntax diagnostics off by setting, and off in auto mode while a Docker extension is active', async () => {
    const uri = fileUri('syntax/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm\nFOO bar\n');
    assert.ok((await client.current(uri)).diagnostics.some((d) => d.source === 'dockerfile-utils'));
    for (const value of [{ syntaxDiagnostics: 'off' }, { syntaxDiagnostics: 'auto', dockerExtensionActive: true }]) {
      settings = { syntax: value };
      const next = nextPublished(client, uri);
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      assert.ok(!(await next).diagnostics.some((d) => d.source === 'dockerfile-utils'), JSON.stringify(value));
    }
    settings = { syntax: { syntaxDiagnostics: 'on', dockerExtensionActive: true } };
    const next = nextPublished(client, uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.ok((await next).diagnostics.some((d) => d.source === 'dockerfile-utils'));
  });

  it('re-lints open documents when the repository config file changes', async () => {
    const dir = path.join(workspace, 'repo');
    fs.mkdirSync(dir, { recursive: true });
    const uri = fileUri('repo/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    assert.ok(codes(await client.current(uri)).includes('no-latest-tag'));
    const configPath = path.join(dir, '.container-standard.yaml');
    fs.writeFileSync(configPath, 'rules:\n  no-latest-tag: warning\n');
    let next = nextPublished(client, uri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri('repo/.container-standard.yaml', workspace), type: 1 }] });
    assert.equal((await next).diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 2);

    // The editor setting wins over the repository config.
    settings = { repo: { rules: { 'no-latest-tag': 'error' } } };
    next = nextPublished(client, uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.equal((await next).diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 1);

    settings = {};
    next = nextPublished(client, uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.equal((await next).diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 2, 'back to the repository config');
    fs.writeFileSync(configPath, 'rules:\n  no-latest-tag: "off"\n');
    next = nextPublished(client, uri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri('repo/.container-standard.yaml', workspace), type: 2 }] });
    assert.ok(!codes(await next).includes('no-latest-tag'));
  });

  it('uses the config file named by goContainerStandard.configFile, relative to the workspace folder', async () => {
    fs.mkdirSync(path.join(workspace, 'ci'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'ci', 'standard.yaml'), 'rules:\n  no-latest-tag: info\n');
    settings = { custom: { configFile: 'ci/standard.yaml' } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const uri = fileUri('custom/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    assert.equal((await client.current(uri)).diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 3);
  });
});

describe('settings for clients without workspace/configuration', () => {
  it('takes settings from initializationOptions and from didChangeConfiguration', async () => {
    const capabilities = editorCapabilities();
    delete capabilities.workspace!.configuration;
    const { client } = await LspClient.start({
      workspaceFolder: workspace,
      capabilities,
      initializationOptions: { settings: { rules: { 'no-latest-tag': 'warning' } } },
    });
    try {
      const uri = fileUri('push/Dockerfile', workspace);
      await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
      assert.equal((await client.current(uri)).diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 2);
      assert.equal(client.configurationRequests.length, 0);
      const next = nextPublished(client, uri);
      await client.notify('workspace/didChangeConfiguration', { settings: { goContainerStandard: { rules: { 'no-latest-tag': 'off' } } } });
      assert.ok(!codes(await next).includes('no-latest-tag'));
    } finally {
      await client.stop();
    }
  });
});

describe('settings from a client that declares workspace/configuration but answers late', () => {
  it('lints with the start-up settings after the timeout, then again with the answer when it comes', async () => {
    let answer!: (raw: unknown) => void;
    const late = new Promise<unknown>((resolve) => (answer = resolve));
    const { client } = await LspClient.start({
      workspaceFolder: workspace,
      initializationOptions: { settings: { rules: { 'no-latest-tag': 'warning' } } },
      settings: () => late,
    });
    try {
      const uri = fileUri('silent/Dockerfile', workspace);
      const opened = Date.now();
      await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
      const first = await client.current(uri);
      assert.ok(Date.now() - opened >= SETTINGS_PULL_TIMEOUT_MS - 100, 'waited for the client first');
      assert.equal(first.diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 2);
      assert.match(client.logged.join('\n'), /did not answer workspace\/configuration/);
      const next = nextPublished(client, uri);
      answer({ rules: { 'no-latest-tag': 'info' } });
      assert.equal((await next).diagnostics.find((d) => d.code === 'no-latest-tag')?.severity, 3);
    } finally {
      await client.stop();
    }
  });
});

describe('settings with pull diagnostics', () => {
  it('asks the client to refresh diagnostics after a change', async () => {
    const { client } = await LspClient.start({ workspaceFolder: workspace, capabilities: editorCapabilities({ pull: true }) });
    try {
      const uri = fileUri('pull-refresh/Dockerfile', workspace);
      await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
      const first = await client.request<{ kind: string; resultId: string }>('textDocument/diagnostic', { textDocument: { uri } });
      client.settings = () => ({ rules: { 'no-latest-tag': 'off' } });
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      // The refresh request arrives before the answer to a request sent after the notification.
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.equal(client.refreshRequests, 1);
      const second = await client.request<{ kind: string; items: { code: string }[]; resultId: string }>('textDocument/diagnostic', {
        textDocument: { uri },
        previousResultId: first.resultId,
      });
      assert.equal(second.kind, 'full');
      assert.ok(!second.items.some((d) => d.code === 'no-latest-tag'));
    } finally {
      await client.stop();
    }
  });
});
