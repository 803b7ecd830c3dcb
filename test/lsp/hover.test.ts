import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocumentSymbol, FoldingRange, Hover, MarkupContent, Position, TextEdit } from 'vscode-languageserver-protocol';
import { ruleDocsUrl, ruleExplanation } from '../../server/src/engine/types';
import { ruleById } from '../../server/src/engine/rules';
import { firstSentence } from '../../server/src/lsp/hover';
import { fileUri, LspClient, ROOT } from './harness';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-hover-'));

const DOCKERFILE = `FROM golang:1.24-bookworm AS build
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .

FROM alpine:3.20 AS runtime
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
`;

describe('hover, symbols, folding, formatting', () => {
  let client: LspClient;
  const uri = fileUri('svc/Dockerfile', workspace);

  before(async () => {
    ({ client } = await LspClient.start({ workspaceFolder: workspace }));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.current(uri);
  });
  after(async () => {
    await client.stop();
  });

  const hover = async (position: Position, target = uri): Promise<string | undefined> => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: target }, position });
    return h ? (h.contents as MarkupContent).value : undefined;
  };

  it('shows the message, one sentence of why and the link on a diagnostic, the image summary first', async () => {
    const text = await hover({ line: 3, character: 8 });
    assert.ok(text);
    const meta = ruleById('runtime-distroless-nonroot')!.meta;
    assert.ok(text.includes('**runtime-distroless-nonroot**'));
    assert.ok(text.includes('is not an allowed minimal image'), 'the message');
    assert.ok(text.includes(firstSentence(meta.why)), 'one sentence of why');
    assert.ok(!text.includes(meta.remediation) && !text.includes(ruleExplanation(meta)), 'not the remediation or the whole explanation: they are behind the link');
    assert.ok(text.includes(`(${ruleDocsUrl('runtime-distroless-nonroot')})`), 'the docs link');
    assert.ok(text.indexOf('Alpine Linux') < text.indexOf('runtime-distroless-nonroot'), 'the base image summary comes first');
    assert.ok(text.length < 1200, `short (${text.length} characters)`);
  });

  it('keeps the hover of a container with eight findings short: one line per finding, each with its link', async () => {
    const manifest = fileUri('deploy/deployment.yaml', workspace);
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'payments-api', 'deploy', 'deployment.yaml'), 'utf8');
    await client.open(manifest, 'yaml', text);
    const published = await client.current(manifest);
    const line = text.split('\n').findIndex((l) => l.includes('- name: payments-api'));
    const atName = published.diagnostics.filter((d) => d.range.start.line === line);
    assert.ok(atName.length >= 8, `eight findings on the container (got ${atName.length})`);
    const value = (await hover({ line, character: atName[0].range.start.character + 2 }, manifest))!;
    for (const d of atName) assert.ok(value.includes(`[${d.code}](${ruleDocsUrl(String(d.code))})`), `${d.code} and its link`);
    for (const d of atName) assert.ok(!value.includes(ruleExplanation(ruleById(String(d.code))!.meta)), `no full docs of ${d.code}`);
    assert.equal(value.split('\n').filter((l) => l.startsWith('- ')).length, atName.length, 'one line each');
    assert.ok(value.length < 2500, `short (${value.length} characters, 8,000 before)`);
  });

  it('takes the first sentence, not a full stop inside code, a version or an ellipsis', () => {
    assert.equal(firstSentence('Use `go.mod` and Go 1.24. Then more.'), 'Use `go.mod` and Go 1.24.');
    assert.equal(firstSentence('Keeps (NET_RAW, SETUID…). Drop them.'), 'Keeps (NET_RAW, SETUID…).');
    assert.equal(firstSentence('One line\nwrapped. Two.'), 'One line wrapped.');
    assert.equal(firstSentence('No stop at all'), 'No stop at all');
  });

  it('says what a base image contains', async () => {
    const alpine = await hover({ line: 3, character: 8 });
    assert.match(alpine!, /Alpine Linux/);
    assert.match(alpine!, /apk/);
    const golang = await hover({ line: 0, character: 8 });
    assert.match(golang!, /Go 1\.24/);
    assert.match(golang!, /builder/i);
  });

  it('describes distroless and scratch images, and images in manifests', async () => {
    const other = fileUri('images/Dockerfile', workspace);
    await client.open(other, 'dockerfile', 'FROM gcr.io/distroless/static-debian12:nonroot\nFROM scratch\n');
    const distroless = await hover({ line: 0, character: 10 }, other);
    assert.match(distroless!, /CA certificates/);
    assert.match(distroless!, /tzdata/);
    assert.match(distroless!, /65532/);
    assert.match(distroless!, /No shell, no package manager/);
    const scratch = await hover({ line: 1, character: 7 }, other);
    assert.match(scratch!, /empty filesystem/);
    const manifest = fileUri('images/pod.yaml', workspace);
    await client.open(manifest, 'yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: "gcr.io/distroless/static-debian12:nonroot"\n');
    const yamlHover = await hover({ line: 5, character: 20 }, manifest);
    assert.match(yamlHover!, /Distroless static/);
  });

  it('falls back to the generic Dockerfile hover on instruction keywords', async () => {
    const text = await hover({ line: 4, character: 1 });
    assert.match(text!, /COPY/);
  });

  it('returns null for positions with nothing to say and for unknown documents', async () => {
    assert.equal(await hover({ line: 2, character: 0 }), undefined);
    assert.equal(await hover({ line: 0, character: 0 }, fileUri('nope/Dockerfile', workspace)), undefined);
  });

  it('lists stages with their instructions as document symbols', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['build', 'runtime'],
    );
    assert.deepEqual(
      symbols[1].children!.map((c) => c.name),
      ['COPY', 'USER', 'ENTRYPOINT'],
    );
    assert.match(symbols[1].detail!, /alpine:3\.20/);
  });

  it('registers folding and formatting for Dockerfiles only, and answers them', async () => {
    const methods = client.registrations.map((r) => r.method);
    for (const m of ['textDocument/foldingRange', 'textDocument/formatting', 'textDocument/rangeFormatting']) {
      const registration = client.registrations.find((r) => r.method === m);
      assert.ok(registration, `${m} registered (got ${methods})`);
      assert.deepEqual((registration.registerOptions as { documentSelector: unknown }).documentSelector, [{ language: 'dockerfile' }]);
    }
    const folding = fileUri('fold/Dockerfile', workspace);
    await client.open(folding, 'dockerfile', 'FROM a:1\nRUN echo a && \\\n  echo b\n   USER 1\n');
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: folding } });
    assert.ok(ranges.some((r) => r.startLine === 1 && r.endLine === 2));
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: folding }, options: { tabSize: 4, insertSpaces: true } });
    assert.ok(edits.some((e) => e.range.start.line === 3 && e.newText === ''), 'the indented USER is unindented');
  });
});
