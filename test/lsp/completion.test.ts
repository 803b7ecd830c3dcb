import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionItem, CompletionList, Position, TextEdit } from 'vscode-languageserver-protocol';
import { snippetToPlainText } from '../../server/src/lsp/snippetText';
import { codes, editorCapabilities, fileUri, LspClient } from './harness';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-completion-'));

async function complete(client: LspClient, uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]> {
  const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
    textDocument: { uri },
    position,
    context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
  });
  if (!result) return [];
  return Array.isArray(result) ? result : result.items;
}

function bySortText(items: CompletionItem[]): CompletionItem[] {
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}

/** Inserts a completion the way an editor that adjusts indentation does. */
function insertionOf(item: CompletionItem, lineText: string): TextEdit {
  const edit = item.textEdit as TextEdit;
  let text = snippetToPlainText(edit.newText);
  if (item.insertTextMode === 2) text = text.replace(/\n/g, `\n${/^\s*/.exec(lineText)![0]}`);
  return { range: edit.range, newText: text };
}

describe('completion', () => {
  let client: LspClient;

  before(async () => {
    ({ client } = await LspClient.start({ workspaceFolder: workspace }));
  });
  after(async () => {
    await client.stop();
  });

  it('suggests the distroless nonroot image first on a new FROM line, then golang builders, chainguard and scratch', async () => {
    const uri = fileUri('from/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm AS build\nRUN go build -o /out/app .\nFROM \n');
    const items = bySortText(await complete(client, uri, { line: 2, character: 5 }, ' '));
    const labels = items.map((i) => i.label);
    assert.equal(labels[0], 'gcr.io/distroless/static-debian12:nonroot');
    assert.equal(items[0].preselect, true);
    for (const expected of ['golang:1.24-bookworm', 'golang:1.25-bookworm', 'cgr.dev/chainguard/static', 'scratch', 'gcr.io/distroless/static:nonroot', '--platform=$BUILDPLATFORM']) {
      assert.ok(labels.includes(expected), `${expected} missing from ${labels}`);
    }
    assert.ok(!labels.some((l) => /^golang:1\.2[0-3]-/.test(l)), 'nothing older than minGoVersion');
    const doc = items[0].documentation as { kind: string; value: string };
    assert.equal(doc.kind, 'markdown');
    assert.match(doc.value, /CA certificates/);
    assert.match(doc.value, /65532/);
    const edit = items[0].textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 5 } });
  });

  it('replaces the partial image name and honours minGoVersion from the config file', async () => {
    fs.mkdirSync(path.join(workspace, 'go125'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'go125', '.container-standard.yaml'), 'minGoVersion: "1.25"\n');
    const uri = fileUri('go125/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM --platform=$BUILDPLATFORM gol\n');
    const items = await complete(client, uri, { line: 0, character: 34 });
    const golang = items.filter((i) => i.label.startsWith('golang:'));
    assert.deepEqual(golang.map((i) => i.label).slice(0, 1), ['golang:1.25-bookworm']);
    assert.ok(!items.some((i) => i.label === 'golang:1.24-bookworm'));
    assert.ok(!items.some((i) => i.label.startsWith('--platform')), 'the platform flag is already there');
    assert.deepEqual((golang[0].textEdit as TextEdit).range, { start: { line: 0, character: 31 }, end: { line: 0, character: 34 } });
  });

  it('suggests USER nonroot:nonroot and 65532:65532', async () => {
    const uri = fileUri('user/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER \n');
    const labels = bySortText(await complete(client, uri, { line: 1, character: 5 })).map((i) => i.label);
    assert.deepEqual(labels.slice(0, 2), ['nonroot:nonroot', '65532:65532']);
  });

  it('suggests go build flags inside RUN, leaving out those already given', async () => {
    const uri = fileUri('run/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm\nRUN apk add git && \\\n    CGO_ENABLED=0 go build -trimpath \n');
    const labels = (await complete(client, uri, { line: 2, character: 37 })).map((i) => i.label);
    assert.ok(labels.includes('-ldflags="-s -w"'), `${labels}`);
    assert.ok(labels.includes('-o /out/app'));
    assert.ok(!labels.includes('-trimpath'));
    const none = (await complete(client, uri, { line: 1, character: 12 })).map((i) => i.label);
    assert.ok(!none.includes('-ldflags="-s -w"'), 'not outside a go build');
  });

  it('keeps the generic Dockerfile completions (instruction keywords)', async () => {
    const uri = fileUri('keywords/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm\n\n');
    const items = await complete(client, uri, { line: 1, character: 0 });
    const labels = items.map((i) => i.label);
    const run = items.find((i) => i.label.startsWith('RUN'));
    assert.ok(run && labels.some((l) => l.startsWith('COPY')), `${labels.slice(0, 10)}`);
    assert.ok(!run.documentation, 'documentation comes with completionItem/resolve');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', run);
    assert.ok(resolved.documentation, 'resolved by dockerfile-language-service');
  });

  it('offers securityContext, resources and probes in a container, and the inserted Deployment lints clean', async () => {
    const uri = fileUri('k8s/deploy.yaml', workspace);
    const lines = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: api',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: api',
      '    spec:',
      '      securityContext:',
      '        runAsNonRoot: true',
      '        runAsUser: 65532',
      '        seccompProfile:',
      '          type: RuntimeDefault',
      '      containers:',
      '        - name: api',
      '          image: registry.example.com/api:0a1b2c3-v1.2.3',
      '          ports:',
      '            - name: http',
      '              containerPort: 9090',
      '          ',
    ];
    await client.open(uri, 'yaml', lines.join('\n') + '\n');
    const initial = await client.current(uri);
    assert.ok(codes(initial).includes('k8s-resources'));
    for (const key of ['securityContext', 'resources', 'livenessProbe', 'readinessProbe']) {
      const line = client.text(uri).split('\n').length - 2;
      const lineText = client.text(uri).split('\n')[line];
      const items = await complete(client, uri, { line, character: lineText.length });
      const item = items.find((i) => i.label === key);
      assert.ok(item, `${key} expected, got ${items.map((i) => i.label)}`);
      const edit = insertionOf(item, lineText);
      await client.edit(uri, [{ ...edit, newText: `${edit.newText}\n${lineText}` }]);
    }
    const text = client.text(uri);
    assert.match(text, /containerPort: 9090[\s\S]*livenessProbe:\n\s+httpGet:\n\s+path: \/health\n\s+port: 9090/);
    const after = await client.current(uri);
    const k8s = codes(after).filter((c) => c.startsWith('k8s-'));
    assert.deepEqual(k8s, [], `findings left after inserting every snippet:\n${text}`);
    // Keys already present are not offered again.
    const lastLine = text.split('\n').length - 2;
    const again = (await complete(client, uri, { line: lastLine, character: 10 })).map((i) => i.label);
    assert.ok(!again.includes('securityContext') && !again.includes('resources'), `${again}`);
  });

  it('offers compose hardening keys in a service and nothing at the top level', async () => {
    const uri = fileUri('compose/compose.yaml', workspace);
    await client.open(uri, 'yaml', 'services:\n  api:\n    image: registry.example.com/api:0a1b2c3-v1.2.3\n    \n');
    const labels = (await complete(client, uri, { line: 3, character: 4 })).map((i) => i.label);
    for (const key of ['read_only', 'security_opt', 'cap_drop', 'deploy']) assert.ok(labels.includes(key), `${key} missing from ${labels}`);
    const top = await complete(client, uri, { line: 4, character: 0 });
    assert.deepEqual(top, []);
  });

  it('sends one line per item to clients without snippets (Neovim 0.7 omnifunc cannot insert line breaks), then completes inside', async () => {
    const { client: plain } = await LspClient.start({ workspaceFolder: workspace, capabilities: editorCapabilities({ snippets: false, adjustIndentation: false }) });
    try {
      const uri = fileUri('plain/deploy.yaml', workspace);
      await plain.open(uri, 'yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    \n');
      const items = await complete(plain, uri, { line: 5, character: 4 });
      assert.ok(items.length >= 4);
      for (const item of items) {
        assert.equal(item.insertTextFormat, 1, item.label);
        assert.ok(!(item.textEdit as TextEdit).newText.includes('\n'), `${item.label}: ${JSON.stringify((item.textEdit as TextEdit).newText)}`);
        assert.equal(item.insertTextMode, undefined);
      }
      assert.equal((items.find((i) => i.label === 'resources')!.textEdit as TextEdit).newText, 'resources:');
      // Inside the key just typed, the keys the standard wants, line by line.
      await plain.replaceAll(uri, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      requests:\n        \n');
      const inner = (await complete(plain, uri, { line: 7, character: 8 })).map((i) => (i.textEdit as TextEdit).newText);
      assert.deepEqual(inner, ['cpu: 100m', 'memory: 128Mi']);
      const compose = fileUri('plain/compose.yaml', workspace);
      await plain.open(compose, 'yaml', 'services:\n  api:\n    image: a:1\n    \n');
      const composeTexts = (await complete(plain, compose, { line: 3, character: 4 })).map((i) => (i.textEdit as TextEdit).newText);
      assert.ok(composeTexts.includes('security_opt: [no-new-privileges:true]') && composeTexts.includes('cap_drop: [ALL]'), composeTexts.join(' | '));
    } finally {
      await plain.stop();
    }
  });

  it('sends blocks as snippets without pre-indentation to snippet clients that cannot say how they indent (Neovim 0.11)', async () => {
    const { client: neovim } = await LspClient.start({ workspaceFolder: workspace, capabilities: editorCapabilities({ snippets: true, adjustIndentation: false }) });
    try {
      const uri = fileUri('nvim011/deploy.yaml', workspace);
      await neovim.open(uri, 'yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      \n');
      const items = await complete(neovim, uri, { line: 5, character: 6 });
      const sc = items.find((i) => i.label === 'securityContext')!;
      assert.equal(sc.insertTextFormat, 2);
      // vim.snippet re-indents every line to the cursor line: the server adds nothing of its own.
      assert.match((sc.textEdit as TextEdit).newText, /^securityContext:\n  runAsNonRoot: true\n/);
    } finally {
      await neovim.stop();
    }
  });

  it('completes keys and values inside securityContext, capabilities, seccompProfile, resources and probes', async () => {
    const uri = fileUri('nested/deploy.yaml', workspace);
    const base = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', '        - name: api', '          image: registry.example.com/api:0a1b2c3-v1.2.3', '          ports:', '            - containerPort: 9090'];
    const at = async (extra: string[]) => {
      const lines = [...base, ...extra];
      if (client.documents.has(uri)) await client.replaceAll(uri, lines.join('\n') + '\n');
      else await client.open(uri, 'yaml', lines.join('\n') + '\n');
      const last = lines[lines.length - 1];
      return (await complete(client, uri, { line: lines.length - 1, character: last.length })).map((i) => snippetToPlainText((i.textEdit as TextEdit).newText).split('\n')[0]);
    };
    const sc = await at(['          securityContext:', '            readOnlyRootFilesystem: true', '            ']);
    for (const k of ['runAsNonRoot: true', 'runAsUser: 65532', 'allowPrivilegeEscalation: false', 'capabilities:', 'seccompProfile:']) assert.ok(sc.includes(k), `${k} in ${sc}`);
    assert.ok(!sc.includes('readOnlyRootFilesystem: true'), 'present keys are not offered again');
    assert.deepEqual(await at(['          securityContext:', '            capabilities:', '              ']), ['drop: [ALL]']);
    assert.deepEqual(await at(['          securityContext:', '            seccompProfile:', '              ']), ['type: RuntimeDefault']);
    assert.deepEqual(await at(['          resources:', '            ']), ['requests:', 'limits:']);
    assert.deepEqual(await at(['          resources:', '            limits:', '              ']), ['cpu: 500m', 'memory: 512Mi']);
    const probe = await at(['          readinessProbe:', '            ']);
    assert.ok(probe.includes('httpGet:') && probe.includes('periodSeconds: 10'), `${probe}`);
    // The port the container declares, not a name it does not have (k8s-probe-port).
    assert.deepEqual(await at(['          readinessProbe:', '            httpGet:', '              ']), ['path: /ready', 'port: 9090']);
    assert.deepEqual(await at(['          livenessProbe:', '            httpGet:', '              path: /health', '              ']), ['port: 9090']);
    const pod = await at(['      securityContext:', '        ']);
    assert.deepEqual(pod, ['runAsNonRoot: true', 'runAsUser: 65532', 'runAsGroup: 65532', 'seccompProfile:']);
  });

  it('offers the service\'s own Dockerfile in an empty Dockerfile: the real main package, and it lints clean there', async () => {
    const svc = path.join(workspace, 'payments');
    fs.mkdirSync(path.join(svc, 'cmd', 'payments-api'), { recursive: true });
    fs.writeFileSync(path.join(svc, 'go.mod'), 'module example.com/payments\n\ngo 1.24\n');
    fs.writeFileSync(path.join(svc, 'cmd', 'payments-api', 'main.go'), 'package main\n\nfunc main() {}\n');
    const uri = fileUri('payments/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', '');
    const items = await complete(client, uri, { line: 0, character: 0 });
    const item = items.find((i) => i.label === 'go-dockerfile ./cmd/payments-api');
    assert.ok(item, items.map((i) => i.label).slice(0, 8).join(', '));
    const text = (item.textEdit as TextEdit).newText;
    assert.match(text, /go build .*\.\/cmd\/payments-api/);
    assert.ok(!/COPY go\.mod go\.sum \.\//.test(text), 'no go.sum in this module: no COPY that needs it');
    fs.writeFileSync(path.join(svc, 'Dockerfile'), text);
    await client.replaceAll(uri, text);
    const published = await client.diagnostics((p) => p.uri === uri && p.version === client.documents.get(uri)!.version);
    assert.deepEqual(codes(published).filter((c) => c !== 'dockerignore'), [], published.diagnostics.map((d) => d.message).join('\n'));
    assert.deepEqual(await complete(client, uri, { line: 0, character: 0 }).then((i) => i.filter((x) => x.label.startsWith('go-dockerfile'))), [], 'not once there is a FROM');
  });

  it('offers the compose-service snippet in compose files VS Code sees as yaml, not in dockercompose ones (the contributed snippet is there) nor in manifests', async () => {
    const asYaml = fileUri('cs/compose.yaml', workspace);
    await client.open(asYaml, 'yaml', 'services:\n  \n');
    const labels = (await complete(client, asYaml, { line: 1, character: 2 })).map((i) => i.label);
    assert.deepEqual(labels, ['go-compose-service']);
    const asCompose = fileUri('cs2/compose.yaml', workspace);
    await client.open(asCompose, 'dockercompose', 'services:\n  \n');
    assert.deepEqual(await complete(client, asCompose, { line: 1, character: 2 }), []);
    const manifest = fileUri('cs3/pod.yaml', workspace);
    await client.open(manifest, 'yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      \n');
    const k8s = (await complete(client, manifest, { line: 5, character: 6 })).map((i) => i.label);
    assert.ok(!k8s.some((l) => /compose|read_only|security_opt|cap_drop/.test(l)), `${k8s}`);
  });
});
