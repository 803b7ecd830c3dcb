// One language server (the built bundle, `lsp --stdio`) fed garbage, pathological documents, floods
// of edits and malformed requests: after each, it must still lint and answer, and exit cleanly at the end.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic, Hover, PublishDiagnosticsParams, Range, TextEdit } from 'vscode-languageserver-protocol';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import { codes, fileUri, LspClient } from './harness';
import { lint } from '../unit/helpers';
import { CORPUS, rangeProblems, seeded } from '../unit/robustness/corpus';

const OURS = 'go-container-standard';
/** A normal Go Dockerfile: single stage, so `multi-stage-build` fires; line 2 is empty for completion. */
const PROBE_TEXT = 'FROM golang:1.24-bookworm\nRUN go build -o /app .\n\n';

/** Fails (instead of hanging the suite) when the server does not answer within a generous bound. */
async function within<T>(promise: Promise<T>, what: string, ms = 180_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** A request answered with a result or with an error response; anything else (a dead server) rejects. */
async function answered(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    return await within(promise, what);
  } catch (e) {
    if (e instanceof ResponseError) return e;
    throw e;
  }
}

function asFindings(diagnostics: Diagnostic[]) {
  return diagnostics.map((d) => ({ ruleId: String(d.code), range: d.range, message: messageText(d), severity: 'info' as const, file: '' }));
}

function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function ours(p: PublishDiagnosticsParams): Diagnostic[] {
  return p.diagnostics.filter((d) => d.source === OURS);
}

function rangeInside(text: string, range: Range | undefined, what: string): void {
  if (!range) return;
  assert.deepEqual(rangeProblems(text, asFindings([{ range, message: '', code: what }])), [], what);
}

describe('language server robustness (garbage, pathological documents, floods, malformed requests)', { timeout: 20 * 60_000 }, () => {
  let workspace: string;
  let client: LspClient;
  const logs: string[] = [];
  let probes = 0;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-robust-'));
    ({ client } = await LspClient.start({ workspaceFolder: workspace }));
    client.connection.onNotification('window/logMessage', (p: { message: string }) => {
      logs.push(p.message);
    });
  });
  after(async () => {
    if (client.child.exitCode === null) await client.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  /** The server has not exited, lints a fresh normal Dockerfile and completes in it. */
  async function assertAlive(afterWhat: string): Promise<void> {
    assert.equal(client.child.exitCode, null, `the server exited after ${afterWhat}:\n${client.stderr.slice(-3000)}`);
    const uri = fileUri(`alive-${++probes}/Dockerfile`, workspace);
    await client.open(uri, 'dockerfile', PROBE_TEXT);
    const published = await within(client.current(uri), `diagnostics of a normal Dockerfile after ${afterWhat}`);
    assert.ok(codes(published).includes('multi-stage-build'), `linting still works after ${afterWhat}: ${codes(published)}`);
    const list = await within(
      client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 0 } }),
      `completion after ${afterWhat}`,
    );
    assert.ok(list && list.items.length > 0, `completion still works after ${afterWhat}`);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Every editor request on a document answers, and whatever ranges come back lie inside it. */
  async function exercise(uri: string, text: string, diagnostics: Diagnostic[]): Promise<void> {
    const lines = text.split(/\r\n|\r|\n/);
    const last = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const middle = { line: Math.floor(lines.length / 2), character: Math.min(3, lines[Math.floor(lines.length / 2)].length) };
    for (const position of [{ line: 0, character: 0 }, middle, last]) {
      const at = `${uri} at ${position.line}:${position.character}`;
      const hover = (await answered(client.request('textDocument/hover', { textDocument: { uri }, position }), `hover ${at}`)) as Hover | null;
      if (hover && !(hover instanceof ResponseError)) rangeInside(text, hover.range, `hover range ${at}`);
      const completion = (await answered(client.request('textDocument/completion', { textDocument: { uri }, position }), `completion ${at}`)) as CompletionList | null;
      if (completion && !(completion instanceof ResponseError)) {
        for (const item of completion.items as CompletionItem[]) {
          const edit = item.textEdit as TextEdit | undefined;
          if (edit?.range) rangeInside(text, edit.range, `completion edit of ${item.label} ${at}`);
        }
      }
    }
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: last };
    await answered(client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } }), `codeAction ${uri}`);
    await answered(client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }), `fix-all ${uri}`);
    await answered(client.request('textDocument/documentSymbol', { textDocument: { uri } }), `documentSymbol ${uri}`);
    await answered(client.request('textDocument/foldingRange', { textDocument: { uri } }), `foldingRange ${uri}`);
  }

  /** Opens a document, waits for its diagnostics, checks their ranges and that no rule failed, exercises requests. */
  async function openAndCheck(name: string, languageId: string, text: string): Promise<Diagnostic[]> {
    const uri = fileUri(name, workspace);
    await client.open(uri, languageId, text);
    const published = await within(client.current(uri), `diagnostics of ${name}`);
    assert.deepEqual(rangeProblems(text, asFindings(published.diagnostics)), [], `${name}: diagnostic ranges inside the document`);
    assert.deepEqual(published.diagnostics.filter((d) => d.code === 'internal-error').map(messageText), [], `${name}: no internal error`);
    await exercise(uri, text, published.diagnostics);
    return ours(published);
  }

  it('skips binary junk, as a Dockerfile and as YAML, with one informational diagnostic', async () => {
    const rng = seeded(7);
    const junk = Array.from({ length: 20_000 }, () => String.fromCharCode(rng.nextInt(0, 0xffff))).join('') + '\u0000';
    for (const [name, languageId] of [['junk/Dockerfile', 'dockerfile'], ['junk/deploy.yaml', 'yaml']]) {
      const diagnostics = await openAndCheck(name, languageId, junk);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['file-skipped', 3]], name);
      assert.match(messageText(diagnostics[0]), /binary/);
    }
    await assertAlive('binary junk');
  });

  it('skips a 6 MB document with one informational diagnostic', async () => {
    const dockerfile = 'FROM golang:1.24-bookworm\n' + 'RUN go build -o /app ./cmd/app\n'.repeat(210_000);
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n' + '# a comment line of padding\n'.repeat(240_000);
    for (const [name, languageId, text] of [['big/Dockerfile', 'dockerfile', dockerfile], ['big/pod.yaml', 'yaml', yaml]]) {
      assert.ok(text.length > 6 * 1024 * 1024);
      const diagnostics = await openAndCheck(name, languageId, text);
      assert.deepEqual(diagnostics.map((d) => d.code), ['file-skipped'], name);
      assert.match(messageText(diagnostics[0]), /larger than 5 MB/);
      await client.notify('textDocument/didClose', { textDocument: { uri: fileUri(name, workspace) } });
    }
    await assertAlive('6 MB documents');
  });

  it('survives YAML flow collections nested 10,000 levels deep', async () => {
    const depth = 10_000;
    const sequences = 'apiVersion: v1\nkind: Pod\nspec: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n';
    const mappings = 'services:\n  app: ' + '{a: '.repeat(depth) + '1' + '}'.repeat(depth) + '\n';
    const unclosed = 'apiVersion: v1\nkind: Pod\nspec: ' + '['.repeat(depth) + '\n';
    await openAndCheck('nested/seq.yaml', 'yaml', sequences);
    await openAndCheck('nested/compose.yaml', 'yaml', mappings);
    await openAndCheck('nested/unclosed.yaml', 'yaml', unclosed);
    await assertAlive('deeply nested YAML');
  });

  it('survives alias bombs (exponential expansion through anchors and merge keys)', async () => {
    const sequenceBomb = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: bomb',
      '  labels: &l0 {a: b}',
      'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from({ length: 15 }, (_, i) => `x${i + 1}: &x${i + 1} [${Array(10).fill(`*x${i}`).join(', ')}]`),
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: registry.example.com/app:0a1b2c3-v1.0.0',
      '      args: *x15',
      '      env: *x15',
      '      securityContext: *x15',
    ].join('\n');
    const mergeBomb = [
      'm0: &m0 {read_only: true}',
      ...Array.from({ length: 20 }, (_, i) => `m${i + 1}: &m${i + 1}\n  <<: [${Array(10).fill(`*m${i}`).join(', ')}]`),
      'services:',
      '  app:',
      '    <<: *m20',
      '    image: registry.example.com/app:1.0',
      '    deploy: *m20',
    ].join('\n');
    await openAndCheck('bomb/pod.yaml', 'yaml', sequenceBomb + '\n');
    await openAndCheck('bomb/compose.yaml', 'yaml', mergeBomb + '\n');
    await assertAlive('alias bombs');
  });

  it('lints a Dockerfile whose RUN spans 20,000 continuation lines', async () => {
    const text = 'FROM golang:1.24-bookworm AS build\nRUN go build -o /app . \\\n' + '  && echo step \\\n'.repeat(20_000) + '  && true\nFROM ubuntu\nCOPY --from=build /app /app\n';
    const diagnostics = await openAndCheck('continuations/Dockerfile', 'dockerfile', text);
    // The RUN was analysed: the build it starts with is judged (or the time budget says what was skipped).
    assert.ok(diagnostics.some((d) => d.code === 'cgo-disabled' || d.code === 'time-budget-exceeded'), `findings: ${diagnostics.map((d) => d.code)}`);
    await assertAlive('20,000 continuation lines');
  });

  it('keeps up with 500 incremental edits sent without waiting; the last diagnostics match the last text', async () => {
    const rng = seeded(500);
    const sources: [string, string, string][] = [
      ['flood/Dockerfile', 'dockerfile', 'dockerfiles/docker__awesome-compose__nginx-golang__backend__Dockerfile'],
      ['flood/deploy.yaml', 'yaml', 'k8s/GoogleCloudPlatform__microservices-demo__kubernetes-manifests__checkoutservice.yaml'],
    ];
    // Typing: whole lines inserted at line starts, and characters typed or deleted anywhere (brackets, quotes, tabs, CRLF…).
    const lines: Record<string, string[]> = {
      dockerfile: ['FROM golang AS b\n', 'RUN CGO_ENABLED=0 go build -o /app .\n', 'USER root\n', 'RUN <<EOF\n', 'EOF\n', 'RUN go build \\\n', '# container-standard ignore=no-latest-tag\n'],
      yaml: ['---\n', 'kind: Pod\n', '      securityContext: {runAsUser: 0}\n', '  - name: x\n', '      image: app\n', 'a: &a [*a]\n', '# container-standard ignore=k8s-resources\n'],
    };
    const characters = ['\n', ' ', 'x', '"', "'", '[', ']', '{', '}', ':', '-', '\t', '\\', '&', '*', '#', '\r\n'];
    const uris: string[] = [];
    for (const [name, languageId, source] of sources) {
      const uri = fileUri(name, workspace);
      uris.push(uri);
      await client.open(uri, languageId, fs.readFileSync(path.join(CORPUS, source), 'utf8'));
    }
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < 500; i++) {
      const uri = uris[i % uris.length];
      const doc = client.documents.get(uri)!;
      const length = doc.getText().length;
      let edit: TextEdit;
      switch (rng.nextInt(0, 3)) {
        case 0: {
          const at = { line: rng.nextInt(0, doc.lineCount - 1), character: 0 };
          const choices = lines[doc.languageId];
          edit = { range: { start: at, end: at }, newText: choices[rng.nextInt(0, choices.length - 1)] };
          break;
        }
        case 1: {
          const start = rng.nextInt(0, length);
          edit = { range: { start: doc.positionAt(start), end: doc.positionAt(Math.min(length, start + rng.nextInt(1, 3))) }, newText: '' };
          break;
        }
        default: {
          const start = doc.positionAt(rng.nextInt(0, length));
          edit = { range: { start, end: start }, newText: characters[rng.nextInt(0, characters.length - 1)] };
        }
      }
      sent.push(client.edit(uri, [edit]));
      // Requests interleaved with the edits, as an editor sends them while typing.
      if (i % 50 === 0) sent.push(answered(client.request('textDocument/completion', { textDocument: { uri }, position: edit.range.start }), 'completion during the flood'));
    }
    await within(Promise.all(sent), 'sending the flood');
    for (const uri of uris) {
      const published = await within(client.current(uri), `diagnostics after the flood of ${uri}`);
      assert.equal(published.version, 1 + 250);
      const text = client.text(uri);
      const expected = lint(text, { filePath: fileURLToPath(uri) })
        .map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`)
        .sort();
      const actual = ours(published)
        .map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`)
        .sort();
      assert.deepEqual(actual, expected, `${uri}: the server's diagnostics are those of the final text`);
      assert.ok(expected.length > 0, `the final text has findings to compare:\n${text}`);
    }
    await assertAlive('a flood of edits');
  });

  it('answers unknown methods with an error and survives malformed parameters and notifications', async () => {
    const uri = fileUri('malformed/Dockerfile', workspace);
    await client.open(uri, 'dockerfile', PROBE_TEXT);
    await within(client.current(uri), 'diagnostics before malformed requests');
    await assert.rejects(client.request('goContainerStandard/noSuchMethod', { x: 1 }), (e: ResponseError<unknown>) => e.code === ErrorCodes.MethodNotFound);
    await assert.rejects(client.request('textDocument/noSuchFeature', null), (e: ResponseError<unknown>) => e.code === ErrorCodes.MethodNotFound);
    await client.notify('goContainerStandard/noSuchNotification', { x: 1 });
    await client.notify('$/noSuchOptionalNotification', {});
    const malformed: [string, unknown][] = [
      ['textDocument/hover', null],
      ['textDocument/hover', {}],
      ['textDocument/hover', { textDocument: { uri }, position: null }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'one', character: {} } }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: -5, character: -1 } }],
      ['textDocument/completion', { textDocument: null, position: { line: 0, character: 0 } }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: Number.MAX_SAFE_INTEGER, character: -7 } }],
      ['textDocument/completion', { textDocument: { uri: 42 }, position: { line: 0, character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: 'none' } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: [null, 7, { range: null, data: { ruleId: 'no-latest-tag', version: 1, fixes: [{ title: 'x', edits: 'no' }] } }] } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, message: 'x', source: OURS, code: 'no-latest-tag', data: { ruleId: 'no-latest-tag', version: 1, fixes: [{ title: 'evil', edits: [{ range: { start: { line: 99, character: 0 }, end: { line: -1, character: 0 } }, newText: 'x' }] }] } }] } }],
      ['textDocument/documentSymbol', { textDocument: {} }],
      ['textDocument/foldingRange', null],
      ['textDocument/formatting', { textDocument: { uri }, options: null }],
      ['textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 0, character: 0 } }, options: { tabSize: 'x' } }],
      ['completionItem/resolve', null],
      ['completionItem/resolve', { label: 42, data: { what: 'ever' } }],
      ['textDocument/diagnostic', { textDocument: { uri } }],
    ];
    for (const [method, params] of malformed) await answered(client.request(method, params), `${method} ${JSON.stringify(params).slice(0, 80)}`);
    const badNotifications: [string, unknown][] = [
      ['textDocument/didOpen', { textDocument: { uri: 42 } }],
      ['textDocument/didOpen', { textDocument: { uri: fileUri('malformed/other/Dockerfile', workspace), languageId: 'dockerfile', version: 1, text: 42 } }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///never-opened/Dockerfile', version: 3 }, contentChanges: [{ text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null }],
      ['textDocument/didClose', { textDocument: { uri: 'file:///never-opened/deploy.yaml' } }],
      ['textDocument/didSave', null],
      ['workspace/didChangeConfiguration', { settings: { goContainerStandard: { enable: 'maybe', rules: [1, 2], configFile: 7 } } }],
      ['workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 99 }] }],
      ['workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///nowhere', name: 'x' }], removed: [{ uri: 42 }] } }],
      ['$/cancelRequest', { id: 'no-such-request' }],
    ];
    for (const [method, params] of badNotifications) await client.notify(method, params);
    // Settings back to normal for the probe.
    await client.notify('workspace/didChangeConfiguration', { settings: { goContainerStandard: {} } });
    // A frame that is not JSON.
    const body = '{"jsonrpc":"2.0","id":';
    client.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await assertAlive('malformed requests and notifications');
  });

  it('answers completion, hover and code actions at positions outside the document', async () => {
    const documents: [string, string, string][] = [
      ['outside/Dockerfile', 'dockerfile', 'FROM golang:1.24-bookworm AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n'],
      ['outside/deploy.yaml', 'yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app\n'],
    ];
    for (const [name, languageId, text] of documents) {
      const uri = fileUri(name, workspace);
      await client.open(uri, languageId, text);
      const published = await within(client.current(uri), `diagnostics of ${name}`);
      for (const position of [{ line: 10_000, character: 0 }, { line: 0, character: 10_000 }, { line: 1_000_000, character: 1_000_000 }, { line: 4, character: 2_147_483_647 }]) {
        const at = `${name} at ${position.line}:${position.character}`;
        const hover = (await answered(client.request('textDocument/hover', { textDocument: { uri }, position }), `hover ${at}`)) as Hover | null;
        if (hover && !(hover instanceof ResponseError)) rangeInside(text, hover.range, `hover ${at}`);
        const list = (await answered(client.request('textDocument/completion', { textDocument: { uri }, position }), `completion ${at}`)) as CompletionList | null;
        if (list && !(list instanceof ResponseError)) {
          for (const item of list.items) if (item.textEdit && 'range' in item.textEdit) rangeInside(text, item.textEdit.range, `completion edit ${at}`);
        }
        const range = { start: position, end: { line: position.line + 5, character: 0 } };
        await answered(client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: published.diagnostics } }), `codeAction ${at}`);
      }
    }
    await assertAlive('requests outside the document');
  });

  it('logged no crash (no stack trace in its log), and exits with 0 after shutdown and exit', async () => {
    assert.deepEqual(logs.filter((m) => /^\s+at .+/m.test(m)), [], 'stack traces in the server log');
    assert.doesNotMatch(client.stderr, /^\s+at .+/m, 'stack trace on stderr');
    assert.equal(await within(client.stop(), 'shutdown and exit'), 0);
  });
});
