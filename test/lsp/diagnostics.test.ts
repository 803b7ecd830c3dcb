import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { ruleDocsUrl, SOURCE } from '../../server/src/engine/types';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../../server/src/protocol';
import { codes, editorCapabilities, fileUri, LspClient } from './harness';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-diag-'));

const ALPINE_RUNTIME = `FROM golang:1.24-bookworm AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app

FROM alpine:3.20
RUN apk add --no-cache ca-certificates
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
`;

const BARE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:0a1b2c3-v1.2.3
`;

describe('diagnostics over stdio (push)', () => {
  let client: LspClient;

  before(async () => {
    ({ client } = await LspClient.start({ workspaceFolder: workspace }));
  });
  after(async () => {
    await client.stop();
  });

  it('publishes no-latest-tag with the document version, docs link, source and fix data', async () => {
    const uri = fileUri('latest/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM node:latest\nCMD ["node", "server.js"]\n');
    const published = await client.current(uri);
    assert.equal(published.version, 1);
    const d = published.diagnostics.find((x) => x.code === 'no-latest-tag');
    assert.ok(d, `no-latest-tag expected, got ${codes(published)}`);
    assert.equal(d.source, SOURCE);
    assert.equal(DIAGNOSTIC_SOURCE, SOURCE);
    assert.equal(d.codeDescription?.href, ruleDocsUrl('no-latest-tag'));
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 16 } });
    const data = d.data as DiagnosticData;
    assert.equal(data.ruleId, 'no-latest-tag');
    assert.equal(data.version, 1);
    assert.ok(Array.isArray(data.fixes));
  });

  it('re-lints after an incremental edit and publishes for the new version', async () => {
    const uri = fileUri('edit/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm AS build\nFROM debian:bookworm-slim\n');
    const first = await client.current(uri);
    assert.ok(!codes(first).includes('no-latest-tag'));
    // `bookworm-slim` → removed tag: `debian` is untagged, so no-latest-tag fires on v2.
    await client.edit(uri, [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 25 } }, newText: '' }]);
    assert.equal(client.text(uri), 'FROM golang:1.24-bookworm AS build\nFROM debian\n');
    const second = await client.current(uri);
    assert.equal(second.version, 2);
    const d = second.diagnostics.find((x) => x.code === 'no-latest-tag');
    assert.ok(d, `no-latest-tag expected on v2, got ${codes(second)}`);
    assert.deepEqual(d.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 11 } });
  });

  it('reports runtime-distroless-nonroot on an alpine runtime stage, with a docs link', async () => {
    const uri = fileUri('alpine/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', ALPINE_RUNTIME);
    const published = await client.current(uri);
    const d = published.diagnostics.find((x) => x.code === 'runtime-distroless-nonroot');
    assert.ok(d, `runtime-distroless-nonroot expected, got ${codes(published)}`);
    assert.equal(d.codeDescription?.href, ruleDocsUrl('runtime-distroless-nonroot'));
    assert.equal(d.range.start.line, 5);
    assert.ok((d.data as DiagnosticData).fixes!.length > 0, 'the diagnostic carries its fix');
  });

  it('reports k8s-resources on a bare Deployment', async () => {
    const uri = fileUri('k8s/deployment.yaml', workspace);
    await client.open(uri, 'yaml', BARE_DEPLOYMENT);
    const published = await client.current(uri);
    const d = published.diagnostics.find((x) => x.code === 'k8s-resources');
    assert.ok(d, `k8s-resources expected, got ${codes(published)}`);
    assert.equal(d.codeDescription?.href, ruleDocsUrl('k8s-resources'));
    assert.equal(d.severity, 1);
  });

  it('lints an untitled Dockerfile by its language id', async () => {
    const uri = 'untitled:Untitled-1';
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    const published = await client.current(uri);
    assert.ok(codes(published).includes('no-latest-tag'));
  });

  it('lints a compose file opened as dockercompose', async () => {
    const uri = fileUri('compose/docker-compose.yml', workspace);
    await client.open(uri, 'dockercompose', 'services:\n  web:\n    image: nginx:latest\n');
    const published = await client.current(uri);
    assert.ok(codes(published).includes('compose-image-tag'), `compose-image-tag expected, got ${codes(published)}`);
  });

  it('shows problems of an open .container-standard.yaml', async () => {
    const uri = fileUri('cfg/.container-standard.yaml', workspace);
    await client.open(uri, 'yaml', 'rules:\n  no-such-rule: error\n');
    const published = await client.current(uri);
    assert.deepEqual(codes(published), ['config-invalid']);
    assert.equal(published.diagnostics[0].range.start.line, 1);
  });

  it('gives an invalid severity in .container-standard.yaml one diagnostic that lists the valid values', async () => {
    const uri = fileUri('cfg-severity/.container-standard.yaml', workspace);
    await client.open(uri, 'yaml', 'rules:\n  target-platform: offf\nminGoVersion: 1.24\n');
    const published = await client.current(uri);
    assert.deepEqual(codes(published), ['config-invalid', 'config-invalid'], published.diagnostics.map((d) => d.message).join('\n'));
    const severity = published.diagnostics.find((d) => d.range.start.line === 1)!;
    assert.match(String(severity.message), /'offf'.*valid values: error, warning, info, off/);
    const version = published.diagnostics.find((d) => d.range.start.line === 2)!;
    assert.match(String(version.message), /Quote it: minGoVersion: "1\.24"/);
  });

  it('says nothing about YAML that is neither a manifest nor a compose file, even when it does not parse', async () => {
    const uri = fileUri('app/config.yaml', workspace);
    await client.open(uri, 'yaml', 'server:\n  port: 8080\n   host: example\n');
    assert.deepEqual((await client.current(uri)).diagnostics, []);
  });

  it('keeps the other documents\' findings when one document of a manifest does not parse', async () => {
    const uri = fileUri('multi/all.yaml', workspace);
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: ${name}\n      image: ghcr.io/x/${name}:latest\n`;
    await client.open(uri, 'yaml', [pod('one'), 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n   c: d\n', pod('two')].join('---\n'));
    const published = await client.current(uri);
    assert.equal(codes(published).filter((c) => c === 'parse-error').length, 1);
    assert.ok(published.diagnostics.some((d) => d.code === 'k8s-image-tag' && String(d.message).includes("'one'")), codes(published).join());
    assert.ok(published.diagnostics.some((d) => d.code === 'k8s-image-tag' && String(d.message).includes("'two'")), codes(published).join());
  });

  it('treats a .yaml file as YAML even when the client says dockerfile (eglot)', async () => {
    const uri = fileUri('eglot/pod.yaml', workspace);
    await client.open(uri, 'dockerfile', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: p\n      image: ghcr.io/x/p:latest\n');
    assert.ok(codes(await client.current(uri)).includes('k8s-image-tag'));
  });

  it('adds generic Dockerfile syntax diagnostics under their own source (syntaxDiagnostics auto, no Docker extension)', async () => {
    const uri = fileUri('syntax/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM golang:1.24-bookworm\nFOO bar\n');
    const published = await client.current(uri);
    const syntax = published.diagnostics.filter((d) => d.source === 'dockerfile-utils');
    assert.equal(syntax.length, 1);
    assert.match(String(syntax[0].message), /FOO/);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = fileUri('close/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM ubuntu\n');
    await client.current(uri);
    const count = client.published.length;
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.diagnostics((p) => p.uri === uri && p.diagnostics.length === 0 && client.published.indexOf(p) >= count);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('lints only the document that changed', async () => {
    const a = fileUri('only-a/Dockerfile', workspace);
    const b = fileUri('only-b/Dockerfile', workspace);
    await client.open(a, 'dockerfile', 'FROM ubuntu\n');
    await client.open(b, 'dockerfile', 'FROM debian\n');
    await client.current(a);
    await client.current(b);
    const forB = () => client.published.filter((p) => p.uri === b).length;
    const before = forB();
    await client.edit(a, [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } }, newText: ':24.04' }]);
    const updated = await client.current(a);
    assert.ok(!codes(updated).includes('no-latest-tag'));
    // A request answered after a's new diagnostics: any lint of b would have been queued before it.
    await client.request('textDocument/hover', { textDocument: { uri: b }, position: { line: 0, character: 1 } });
    assert.equal(forB(), before);
  });
});

describe('diagnostics over stdio (pull)', () => {
  let client: LspClient;

  before(async () => {
    ({ client } = await LspClient.start({ workspaceFolder: workspace, capabilities: editorCapabilities({ pull: true }) }));
  });
  after(async () => {
    await client.stop();
  });

  it('announces a diagnostic provider and answers textDocument/diagnostic without pushing', async () => {
    const uri = fileUri('pull/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', 'FROM node\n');
    const report = (await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } })) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, 'full');
    assert.ok(report.items.some((d) => d.code === 'no-latest-tag'));
    assert.ok(report.resultId);
    const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
    assert.equal(again.kind, 'unchanged');
    await client.edit(uri, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, newText: ':22-alpine' }]);
    const changed = (await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId })) as FullDocumentDiagnosticReport;
    assert.equal(changed.kind, 'full');
    assert.ok(!changed.items.some((d) => d.code === 'no-latest-tag'));
    // Still nothing pushed for this client: a request round trip orders after any push.
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(client.published.filter((p) => p.uri === uri).length, 0);
  });
});
