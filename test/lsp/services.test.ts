import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SCAFFOLD_COMMANDS } from '../../server/src/protocol';
import { codes, editorCapabilities, LspClient } from './harness';

const DOCKERFILE = `FROM golang:1.24-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders ./cmd/orders

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
USER nonroot:nonroot
ENTRYPOINT ["/orders"]
`;

/** A Go service whose Dockerfile builds with Go 1.24 while go.mod says 1.25, without a .dockerignore. */
function makeWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-services-'));
  const svc = path.join(root, 'orders');
  fs.mkdirSync(path.join(svc, 'cmd', 'orders'), { recursive: true });
  fs.writeFileSync(path.join(svc, 'go.mod'), 'module example.com/orders\n\ngo 1.25\n');
  fs.writeFileSync(path.join(svc, 'cmd', 'orders', 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n');
  fs.writeFileSync(path.join(svc, 'Dockerfile'), DOCKERFILE);
  fs.mkdirSync(path.join(root, 'deploy'));
  return root;
}

describe('service-level rules in the editor', () => {
  let client: LspClient;
  let root: string;
  let dockerfileUri: string;

  /** The next diagnostics for `uri` published from now on that satisfy `predicate`. */
  const next = (uri: string, predicate: (p: PublishDiagnosticsParams) => boolean) => {
    const from = client.published.length;
    return client.diagnostics((p) => p.uri === uri && client.published.indexOf(p) >= from && predicate(p));
  };

  before(async () => {
    root = makeWorkspace();
    // As the VS Code client starts it: the scaffolding commands run in the client.
    ({ client } = await LspClient.start({ workspaceFolder: root, initializationOptions: { clientCommands: SCAFFOLD_COMMANDS.map((c) => c.id) } }));
    dockerfileUri = pathToFileURL(path.join(root, 'orders', 'Dockerfile')).href;
  });
  after(async () => {
    await client.stop();
  });

  it('adds the service findings of an opened Dockerfile to its diagnostics, for the open version', async () => {
    const withService = next(dockerfileUri, (p) => codes(p).includes('go-version-consistency'));
    await client.open(dockerfileUri, 'dockerfile', DOCKERFILE);
    const published = await withService;
    assert.equal(published.version, 1);
    assert.ok(codes(published).includes('dockerignore'), `${codes(published)}`);
    const d = published.diagnostics.find((x) => x.code === 'go-version-consistency')!;
    assert.equal(d.range.start.line, 0);
    assert.equal((d.data as { version: number }).version, 1, 'its fix fits the open text');
  });

  it('publishes findings attached to files no editor has open (go.mod, main.go)', async () => {
    const goMod = pathToFileURL(path.join(root, 'orders', 'go.mod')).href;
    const mainGo = pathToFileURL(path.join(root, 'orders', 'cmd', 'orders', 'main.go')).href;
    const modFindings = await client.diagnostics((p) => p.uri === goMod && p.diagnostics.length > 0);
    assert.ok(codes(modFindings).includes('health-endpoints'), `${codes(modFindings)}`);
    assert.equal(modFindings.version, undefined);
    const mainFindings = await client.diagnostics((p) => p.uri === mainGo && p.diagnostics.length > 0);
    assert.ok(codes(mainFindings).includes('graceful-shutdown'));
  });

  it('hands the VS Code client its own command for "Add /health and /ready handlers"', async () => {
    const goMod = pathToFileURL(path.join(root, 'orders', 'go.mod')).href;
    const published = await client.diagnostics((p) => p.uri === goMod && codes(p).includes('health-endpoints'));
    const d = published.diagnostics.find((x) => x.code === 'health-endpoints')!;
    await client.open(goMod, 'go.mod', fs.readFileSync(path.join(root, 'orders', 'go.mod'), 'utf8'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: goMod }, range: d.range, context: { diagnostics: [d] } });
    await client.notify('textDocument/didClose', { textDocument: { uri: goMod } });
    const add = actions.find((a) => a.title === 'Add /health and /ready handlers');
    assert.equal(add?.command?.command, 'goContainerStandard.addHealthEndpoints');
    assert.equal(add?.edit, undefined);
  });

  it('fixes go-version-consistency in the buffer; the finding goes after saving', async () => {
    const current = await client.diagnostics((p) => p.uri === dockerfileUri && p.version === client.documents.get(dockerfileUri)!.version && codes(p).includes('go-version-consistency'));
    const d = current.diagnostics.find((x) => x.code === 'go-version-consistency')!;
    const fix = (await client.codeActions(dockerfileUri, [d])).find((a) => !a.title.startsWith('Ignore'));
    assert.ok(fix?.edit, 'a quick fix');
    await client.applyEdit(fix.edit);
    assert.match(client.text(dockerfileUri), /^FROM golang:1\.25/);
    const gone = next(dockerfileUri, (p) => !codes(p).includes('go-version-consistency'));
    await client.notify('textDocument/didSave', { textDocument: { uri: dockerfileUri } });
    const after = await gone;
    assert.ok(codes(after).includes('dockerignore'), 'the other service finding stays');
  });

  it('creates the missing .dockerignore through a workspace edit, and the finding goes', async () => {
    const current = await client.diagnostics((p) => p.uri === dockerfileUri && p.version === client.documents.get(dockerfileUri)!.version && codes(p).includes('dockerignore'));
    const d = current.diagnostics.find((x) => x.code === 'dockerignore')!;
    const fix = (await client.codeActions(dockerfileUri, [d])).find((a) => !a.title.startsWith('Ignore'));
    assert.ok(fix?.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'), 'a file creation');
    const written = await client.applyEdit(fix!.edit!);
    const ignorePath = path.join(root, 'orders', '.dockerignore');
    assert.deepEqual(written.created, [ignorePath]);
    assert.match(fs.readFileSync(ignorePath, 'utf8'), /\.git/);
    const gone = next(dockerfileUri, (p) => !codes(p).includes('dockerignore'));
    await client.filesWritten(written);
    await gone;
  });

  it('checks a manifest outside the service folder against the services it names', async () => {
    const manifestUri = pathToFileURL(path.join(root, 'deploy', 'orders.yaml')).href;
    const manifest = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: orders',
      'spec:',
      '  containers:',
      '    - name: orders',
      '      image: registry.example.com/orders:0a1b2c3-v1.0.0',
      '      securityContext:',
      '        runAsNonRoot: true',
      '        runAsUser: 1000',
      '',
    ].join('\n');
    // Saved by the editor before it is opened again: the walk that found the services did not see it.
    fs.writeFileSync(path.join(root, 'deploy', 'orders.yaml'), manifest);
    const found = next(manifestUri, (p) => codes(p).includes('user-id-consistency'));
    await client.open(manifestUri, 'yaml', manifest);
    const published = await found;
    assert.equal(published.diagnostics.find((d) => d.code === 'user-id-consistency')!.range.start.line, 10);
  });

  it('turning a service rule off in the settings removes it', async () => {
    client.settings = () => ({ rules: { dockerignore: 'off', 'go-version-consistency': 'off', 'user-id-consistency': 'off' } });
    const manifestUri = pathToFileURL(path.join(root, 'deploy', 'orders.yaml')).href;
    const gone = next(manifestUri, (p) => !codes(p).includes('user-id-consistency'));
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await gone;
  });
});

describe('a client that pulls diagnostics but cannot be asked to pull again (Neovim 0.10+)', () => {
  /** Neovim 0.11.4's capabilities as far as this server reads them: textDocument.diagnostic, no workspace.diagnostics.refreshSupport. */
  const neovim011 = () => {
    const caps = editorCapabilities({ pull: true });
    caps.workspace!.diagnostics = undefined;
    caps.workspace!.didChangeWatchedFiles = { dynamicRegistration: false };
    caps.workspace!.workspaceEdit = { resourceOperations: ['rename', 'create', 'delete'] };
    return caps;
  };
  let client: LspClient;
  let root: string;
  before(async () => {
    root = makeWorkspace();
    ({ client } = await LspClient.start({ workspaceFolder: root, capabilities: neovim011() }));
  });
  after(async () => {
    await client.stop();
  });

  it('gets pushed diagnostics: the cross-file findings arrive after open, without an edit', async () => {
    const dockerfileUri = pathToFileURL(path.join(root, 'orders', 'Dockerfile')).href;
    const withService = client.diagnostics((p) => p.uri === dockerfileUri && codes(p).includes('go-version-consistency') && codes(p).includes('dockerignore'));
    await client.open(dockerfileUri, 'dockerfile', DOCKERFILE);
    const published = await withService;
    assert.equal(published.version, 1, 'for the opened version, without any edit');
    assert.equal(client.refreshRequests, 0);
  });

  it('offers "Create .dockerignore" (Neovim applies file creations without claiming documentChanges)', async () => {
    const dockerfileUri = pathToFileURL(path.join(root, 'orders', 'Dockerfile')).href;
    const published = await client.diagnostics((p) => p.uri === dockerfileUri && codes(p).includes('dockerignore'));
    const d = published.diagnostics.find((x) => x.code === 'dockerignore')!;
    const actions = await client.codeActions(dockerfileUri, [d]);
    const create = actions.find((a) => a.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'));
    assert.ok(create, actions.map((a) => a.title).join(' | '));
    assert.match(create.title, /\.dockerignore/);
  });

  it('gets "Add /health and /ready handlers" as a workspace edit, not a command only VS Code has', async () => {
    const goMod = pathToFileURL(path.join(root, 'orders', 'go.mod')).href;
    const published = await client.diagnostics((p) => p.uri === goMod && codes(p).includes('health-endpoints'));
    const d = published.diagnostics.find((x) => x.code === 'health-endpoints')!;
    await client.open(goMod, 'go.mod', fs.readFileSync(path.join(root, 'orders', 'go.mod'), 'utf8'));
    const actions = await client.codeActions(goMod, [d]);
    assert.ok(actions.every((a) => !a.command), 'no command the client cannot run');
    const add = actions.find((a) => a.title === 'Add /health and /ready handlers')!;
    assert.ok(add?.edit, actions.map((a) => a.title).join(' | '));
    const { created } = await client.applyEdit(add.edit);
    assert.ok(created.some((f) => f.endsWith(path.join('internal', 'health', 'health.go'))), created.join('\n'));
    assert.ok(fs.existsSync(path.join(root, 'orders', 'internal', 'health', 'health.go')));
    assert.equal(fs.readFileSync(path.join(root, 'orders', 'cmd', 'orders', 'main.go'), 'utf8').includes('health'), false, 'the existing main.go is never changed');
  });

  it('a pull right after open (a client that only pulls) already has the cross-file findings', async () => {
    const other = makeWorkspace();
    const { client: puller } = await LspClient.start({ workspaceFolder: other, capabilities: neovim011() });
    try {
      const uri = pathToFileURL(path.join(other, 'orders', 'Dockerfile')).href;
      await puller.open(uri, 'dockerfile', DOCKERFILE);
      const report = await puller.request<{ kind: string; items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri } });
      const pulled = report.items.map((d) => d.code);
      assert.ok(pulled.includes('dockerignore') && pulled.includes('go-version-consistency'), pulled.join(', '));
    } finally {
      await puller.stop();
    }
  });

  it('a settings change shows without an edit', async () => {
    const dockerfileUri = pathToFileURL(path.join(root, 'orders', 'Dockerfile')).href;
    client.settings = () => ({ rules: { dockerignore: 'off' } });
    const from = client.published.length;
    const gone = client.diagnostics((p) => client.published.indexOf(p) >= from && p.uri === dockerfileUri && codes(p).includes('go-version-consistency') && !codes(p).includes('dockerignore'));
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await gone;
  });
});
