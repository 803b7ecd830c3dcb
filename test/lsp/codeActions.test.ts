import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { FIX_ALL_KIND } from '../../server/src/protocol';
import { codes, fileUri, LspClient, ROOT } from './harness';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-actions-'));

const ALPINE_RUNTIME = `FROM golang:1.24-bookworm AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app

FROM alpine:3.20
RUN apk add --no-cache ca-certificates tzdata && adduser -D -u 10001 app
COPY --from=build /out/app /app
USER app
ENTRYPOINT ["/app"]
`;

describe('code actions', () => {
  let client: LspClient;

  before(async () => {
    // Documents under `unsafe-opt-in/` opt in to unsafe fixes on fix-all, read per resource.
    ({ client } = await LspClient.start({ workspaceFolder: workspace, settings: (scopeUri) => (scopeUri?.includes('/unsafe-opt-in/') ? { fixAll: { unsafeFixes: true } } : {}) }));
  });
  after(async () => {
    await client.stop();
  });

  async function diagnosticOf(uri: string, rule: string): Promise<Diagnostic> {
    const published = await client.current(uri);
    const d = published.diagnostics.find((x) => x.code === rule);
    assert.ok(d, `${rule} expected, got ${codes(published)}`);
    return d;
  }

  it('offers the quick fix carried by the diagnostic as a versioned edit; applying it removes the finding', async () => {
    const uri = fileUri('pin/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang AS build\nRUN go build -o /out/app .\n');
    const d = await diagnosticOf(uri, 'no-latest-tag');
    const actions = await client.codeActions(uri, [d]);
    const fix = actions.find((a) => !a.title.startsWith('Ignore'));
    assert.ok(fix, `a pin fix expected among ${actions.map((a) => a.title)}`);
    assert.match(fix.title, /golang:1\.24-bookworm.* \(review: may change behaviour\)$/, 'pinning golang is unsafe, and the title says so');
    assert.equal(fix.isPreferred, undefined, 'an unsafe fix is never preferred');
    assert.equal(fix.kind, 'quickfix');
    assert.deepEqual(fix.diagnostics, [d]);
    const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.deepEqual(fix.edit!.changes![uri], change.edits, 'the same edits for clients without versioned edits');
    await client.applyEdit(fix.edit!);
    assert.equal(client.text(uri), 'FROM golang:1.24-bookworm AS build\nRUN go build -o /out/app .\n');
    const after = await client.current(uri);
    assert.ok(!codes(after).includes('no-latest-tag'));
  });

  it('offers the distroless rewrite as an unsafe quick fix: titled for review, not preferred', async () => {
    const uri = fileUri('alpine/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', ALPINE_RUNTIME);
    const d = await diagnosticOf(uri, 'runtime-distroless-nonroot');
    const actions = await client.codeActions(uri, [d]);
    const fixes = actions.filter((a) => !a.title.startsWith('Ignore'));
    assert.equal(fixes.length, 1, `one quick fix expected, got ${actions.map((a) => a.title)}`);
    assert.ok(fixes[0].title.endsWith(' (review: may change behaviour)'), fixes[0].title);
    assert.equal(fixes[0].isPreferred, undefined);
    await client.applyEdit(fixes[0].edit!);
    const text = client.text(uri);
    assert.match(text, /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    assert.match(text, /^USER nonroot:nonroot$/m);
    assert.doesNotMatch(text, /^RUN apk add/m);
    const after = await client.current(uri);
    assert.ok(!codes(after).includes('runtime-distroless-nonroot'), `still reported: ${codes(after)}`);
  });

  it('lists safe (preferred) fixes first, then unsafe ones, then the ignore actions', async () => {
    const uri = fileUri('alpine-all/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', ALPINE_RUNTIME.replace('-trimpath ', ''));
    const published = await client.current(uri);
    assert.ok(published.diagnostics.length > 1);
    // The whole document selected: every diagnostic is under the cursor.
    const range = { start: { line: 0, character: 0 }, end: { line: ALPINE_RUNTIME.split('\n').length, character: 0 } };
    const actions = (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: published.diagnostics } })) ?? [];
    const ignores = actions.filter((a) => a.title.startsWith('Ignore'));
    const fixes = actions.slice(0, actions.length - ignores.length);
    assert.deepEqual(actions.slice(actions.length - ignores.length), ignores, 'ignore actions come after the fixes');
    const safe = fixes.filter((a) => a.isPreferred);
    assert.ok(safe.length > 0 && safe.length < fixes.length, `both kinds expected: ${fixes.map((a) => a.title)}`);
    assert.deepEqual(fixes.slice(0, safe.length), safe, 'preferred fixes lead');
    for (const a of safe) assert.ok(!a.title.endsWith('(review: may change behaviour)'), a.title);
    for (const a of fixes.slice(safe.length).filter((x) => x.edit)) assert.ok(a.title.endsWith(' (review: may change behaviour)'), a.title);
  });

  it('ignores a rule on one instruction, above its first line, keeping the indentation', async () => {
    const uri = fileUri('ignore-line/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm AS build\n  FROM ubuntu \\\n    AS runtime\n');
    const d = await diagnosticOf(uri, 'no-latest-tag');
    const actions = await client.codeActions(uri, [d]);
    const ignore = actions.find((a) => a.title === 'Ignore no-latest-tag on this line');
    assert.ok(ignore);
    await client.applyEdit(ignore.edit!);
    assert.equal(client.text(uri), 'FROM golang:1.24-bookworm AS build\n  # container-standard ignore=no-latest-tag\n  FROM ubuntu \\\n    AS runtime\n');
    const after = await client.current(uri);
    assert.ok(!codes(after).includes('no-latest-tag'));
  });

  it('adds a rule to an existing ignore comment instead of stacking a second one', async () => {
    const uri = fileUri('ignore-merge/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm AS build\n# container-standard ignore=no-secrets-in-image\nFROM ubuntu\n');
    const d = await diagnosticOf(uri, 'no-latest-tag');
    const ignore = (await client.codeActions(uri, [d])).find((a) => a.title === 'Ignore no-latest-tag on this line');
    await client.applyEdit(ignore!.edit!);
    assert.equal(client.text(uri), 'FROM golang:1.24-bookworm AS build\n# container-standard ignore=no-secrets-in-image,no-latest-tag\nFROM ubuntu\n');
    assert.ok(!codes(await client.current(uri)).includes('no-latest-tag'));
  });

  it('ignores a rule in the whole file after the parser directives, with CRLF line endings kept', async () => {
    const uri = fileUri('ignore-file/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', '# syntax=docker/dockerfile:1\r\n# escape=\\\r\nFROM ubuntu\r\nFROM debian\r\n');
    const d = await diagnosticOf(uri, 'no-latest-tag');
    const ignore = (await client.codeActions(uri, [d])).find((a) => a.title === 'Ignore no-latest-tag in this file');
    assert.ok(ignore);
    await client.applyEdit(ignore.edit!);
    assert.equal(client.text(uri), '# syntax=docker/dockerfile:1\r\n# escape=\\\r\n# container-standard ignore-file=no-latest-tag\r\nFROM ubuntu\r\nFROM debian\r\n');
    assert.ok(!codes(await client.current(uri)).includes('no-latest-tag'));
  });

  it('ignores a YAML finding above the list item, at the item indentation', async () => {
    const uri = fileUri('k8s/deploy.yaml', workspace);
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: registry.example.com/app:0a1b2c3-v1.0.0',
      '',
    ].join('\n');
    await client.open(uri, 'yaml', text);
    const d = await diagnosticOf(uri, 'k8s-resources');
    const ignore = (await client.codeActions(uri, [d])).find((a) => a.title === 'Ignore k8s-resources on this line');
    assert.ok(ignore);
    await client.applyEdit(ignore.edit!);
    const lines = client.text(uri).split('\n');
    const at = lines.indexOf('    # container-standard ignore=k8s-resources');
    assert.ok(at > 0, client.text(uri));
    assert.ok(!codes(await client.current(uri)).includes('k8s-resources'));
  });

  it('applies the k8s-resources quick fix and the finding goes away', async () => {
    const uri = fileUri('k8s/resources.yaml', workspace);
    await client.open(uri, 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:0a1b2c3-v1.0.0\n');
    const d = await diagnosticOf(uri, 'k8s-resources');
    const fix = (await client.codeActions(uri, [d])).find((a) => !a.title.startsWith('Ignore') && !a.title.startsWith('Fix all problems'));
    assert.ok(fix, 'k8s-resources is fixable');
    await client.applyEdit(fix.edit!);
    assert.match(client.text(uri), /memory: 128Mi/);
    assert.ok(!codes(await client.current(uri)).includes('k8s-resources'));
  });

  it('source.fixAll applies safe fixes only by default: the unsafe pin stays', async () => {
    const uri = fileUri('fix-all-safe/Dockerfile', workspace);
    const text = 'FROM golang AS build\nRUN go build -o /out/app .\n';
    await client.open(uri, 'dockerfile', text);
    await client.current(uri);
    const actions: CodeAction[] = await client.codeActions(uri, [], [FIX_ALL_KIND]);
    const fixAll = actions.find((a) => a.kind === FIX_ALL_KIND);
    assert.ok(fixAll, 'the safe fixes (-s -w, cache mounts) still make a fix-all');
    await client.applyEdit(fixAll.edit!);
    assert.match(client.text(uri), /^FROM golang AS build\n/, 'pinning golang is unsafe');
    assert.match(client.text(uri), /-ldflags="-s -w"/, 'the safe strip-debug-symbols fix is applied');
    const after = await client.current(uri);
    assert.ok(codes(after).includes('no-latest-tag'));
  });

  it('source.fixAll with goContainerStandard.fixAll.unsafeFixes applies every fix, in one minimal edit', async () => {
    const uri = fileUri('unsafe-opt-in/Dockerfile', workspace);
    const text = '# a comment that must not move\nFROM golang AS build\nRUN go build -o /out/app .\nFROM golang:latest AS other\n';
    await client.open(uri, 'dockerfile', text);
    const published = await client.current(uri);
    assert.equal(published.diagnostics.filter((d) => d.code === 'no-latest-tag').length, 2);
    const actions: CodeAction[] = await client.codeActions(uri, [], [FIX_ALL_KIND]);
    const fixAll = actions.find((a) => a.kind === FIX_ALL_KIND);
    assert.ok(fixAll, 'a fix-all action');
    const edits = (fixAll.edit!.documentChanges![0] as TextDocumentEdit).edits;
    assert.equal(edits.length, 1);
    assert.ok(edits[0].range.start.line >= 1, 'the edit starts after the untouched first line');
    await client.applyEdit(fixAll.edit!);
    const after = await client.current(uri);
    assert.ok(!codes(after).includes('no-latest-tag'), `left: ${codes(after)}`);
    assert.ok(after.diagnostics.every((d) => !(d.data as { fixes: unknown[] })?.fixes?.length), `fixable findings left: ${codes(after)}`);
    // Nothing more to fix: no action.
    const again = await client.codeActions(uri, [], [FIX_ALL_KIND]);
    assert.equal(again.length, 0);
  });

  it('source.fixAll on a clean file and codeActionsOnSave-style requests return nothing', async () => {
    const uri = fileUri('clean/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM node:22-alpine\nUSER node\nCMD ["node", "x.js"]\n');
    await client.current(uri);
    assert.deepEqual(await client.codeActions(uri, [], ['source.fixAll']), []);
  });

  it('offers no stale fix for a diagnostic of an older version, and ignore actions still work', async () => {
    const uri = fileUri('stale/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    const d = await diagnosticOf(uri, 'no-latest-tag');
    await client.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '\n' }]);
    const actions = await client.codeActions(uri, [d]);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Ignore no-latest-tag on this line', 'Ignore no-latest-tag in this file'],
    );
  });

  it('keeps Ctrl+. on a container with eight findings short: its fixes, one container fix, one ignore entry', async () => {
    const uri = fileUri('container/deployment.yaml', workspace);
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'payments-api', 'deploy', 'deployment.yaml'), 'utf8');
    await client.open(uri, 'yaml', text);
    const published = await client.current(uri);
    const line = text.split('\n').findIndex((l) => l.includes('- name: payments-api'));
    const atName = published.diagnostics.filter((d) => d.range.start.line === line);
    assert.ok(atName.length >= 8, `${atName.length} findings on the container`);
    const cursor = { line, character: atName[0].range.start.character + 3 };
    // Every diagnostic of the document, as a client may send: only those under the cursor count.
    const actions = (await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: cursor, end: cursor },
      context: { diagnostics: published.diagnostics, triggerKind: 1 },
    })) ?? [];
    const titles = actions.map((a) => a.title);
    const ignores = actions.filter((a) => a.title.startsWith('Ignore'));
    assert.deepEqual(ignores.map((a) => a.title), [`Ignore these ${atName.length} rules on this line`], titles.join('\n'));
    assert.ok(!titles.some((t) => /secret|image|latest/i.test(t) && !t.startsWith('Fix all')), `nothing for findings off the cursor: ${titles.join(' | ')}`);
    const fixable = atName.filter((d) => ((d.data as { fixes?: unknown[] })?.fixes ?? []).length > 0).length;
    const safeCount = published.diagnostics.filter((d) => d.range.start.line >= line && ((d.data as { fixes?: { safety?: string }[] })?.fixes ?? []).some((f) => f.safety === 'safe')).length;
    const containerFix = actions.find((a) => a.title === 'Fix all problems of this container');
    // Offered once the rules mark any of the container's fixes safe (issue 17).
    assert.equal(!!containerFix, safeCount >= 1, `container fix ${containerFix ? 'offered' : 'missing'} with ${safeCount} safe fixes`);
    assert.equal(actions.length, fixable + (containerFix ? 1 : 0) + 1, titles.join('\n'));
    assert.ok(actions.length <= atName.length + 2, `${actions.length} actions, 24 before`);
    if (containerFix) {
      assert.equal(actions[0], containerFix, 'the container fix comes first');
      await client.applyEdit(containerFix.edit!);
      const after = await client.current(uri);
      assert.ok(!after.diagnostics.some((d) => ((d.data as { fixes?: { safety?: string }[] })?.fixes ?? []).some((f) => f.safety === 'safe')), codes(after).join());
      assert.ok(!codes(after).includes('parse-error'));
      await client.replaceAll(uri, text);
      await client.current(uri);
    }
    const ignore = (await client.codeActions(uri, atName)).find((a) => a.title.startsWith('Ignore these'));
    await client.applyEdit(ignore!.edit!);
    const ignored = await client.current(uri);
    assert.ok(!ignored.diagnostics.some((d) => atName.some((a) => a.code === d.code && a.message === d.message)), `left: ${codes(ignored)}`);
    assert.match(client.text(uri), /# container-standard ignore=k8s-[a-z-]+(,k8s-[a-z-]+){7}/);
  });
});
