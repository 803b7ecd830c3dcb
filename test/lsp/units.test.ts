// The adapter's pure helpers, without a server.
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { applyEdits, LineIndex } from '../../server/src/engine/text';
import { minimalEdit } from '../../server/src/lsp/textDiff';
import { isComposeServiceContext, isContainerContext, yamlCursorContext } from '../../server/src/lsp/yamlContext';
import { normalizeSettings, SettingsStore, SETTINGS_PULL_TIMEOUT_MS, syntaxDiagnosticsEnabled } from '../../server/src/lsp/settings';
import { DEFAULT_SETTINGS, Commands, serverExecArgv } from '../../server/src/protocol';
import Module, { builtinModules } from 'node:module';
import { ensureBuilt } from './harness';

/** `|` marks the cursor. */
function contextAt(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const index = new LineIndex(text);
  return yamlCursorContext(index, index.positionAt(offset));
}

describe('yamlCursorContext', () => {
  it('finds a container in an indented sequence', () => {
    const ctx = contextAt('spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: x\n          |\n');
    assert.deepEqual(ctx?.path, ['spec', 'template', 'spec', 'containers', '-']);
    assert.ok(ctx && isContainerContext(ctx));
    assert.deepEqual([...ctx.siblingKeys].sort(), ['image', 'name']);
    assert.equal(ctx.blockStart, 4);
  });

  it('finds a container in a flush sequence and a typed prefix', () => {
    const ctx = contextAt('spec:\n  containers:\n  - name: app\n    resources: {}\n    sec|\n  - name: b\n    image: y\n');
    assert.deepEqual(ctx?.path, ['spec', 'containers', '-']);
    assert.equal(ctx?.prefix, 'sec');
    assert.deepEqual([...ctx!.siblingKeys].sort(), ['name', 'resources'], 'the next item is not a sibling');
    assert.equal(ctx?.blockEnd, 4);
  });

  it('handles a new item typed on the cursor line and initContainers', () => {
    const ctx = contextAt('spec:\n  initContainers:\n    - name: a\n      image: x\n    - |');
    assert.deepEqual(ctx?.path, ['spec', 'initContainers', '-']);
    assert.equal(ctx?.indent, 6);
    assert.ok(ctx && isContainerContext(ctx));
  });

  it('is not a container inside a nested mapping of the container', () => {
    const ctx = contextAt('spec:\n  containers:\n    - name: a\n      securityContext:\n        |\n');
    assert.deepEqual(ctx?.path, ['spec', 'containers', '-', 'securityContext']);
    assert.ok(ctx && !isContainerContext(ctx));
  });

  it('recognises a compose service and stops at document separators', () => {
    const ctx = contextAt('kind: x\n---\nservices:\n  web:\n    image: a\n    |\n');
    assert.deepEqual(ctx?.path, ['services', 'web']);
    assert.ok(ctx && isComposeServiceContext(ctx));
    assert.equal(contextAt('services:\n  web:\n    image: a|\n'), undefined, 'after a value');
  });
});

describe('minimalEdit', () => {
  const cases: [string, string][] = [
    ['FROM a\nRUN b\n', 'FROM a:1\nRUN b\n'],
    ['x\r\ny\r\n', 'x\r\nz\r\ny\r\n'],
    ['same', 'same'],
    ['', 'new'],
    ['a😀b', 'a😁b'],
    ['keep\nremove me\nkeep\n', 'keep\nkeep\n'],
  ];
  for (const [before, after] of cases) {
    it(`turns ${JSON.stringify(before)} into ${JSON.stringify(after)}`, () => {
      const edit = minimalEdit(before, after);
      if (before === after) return assert.equal(edit, undefined);
      assert.ok(edit);
      assert.equal(applyEdits(before, [edit]).text, after);
      assert.ok(edit.newText.length <= after.length);
    });
  }
  it('keeps the untouched prefix and suffix out of the edit', () => {
    const edit = minimalEdit('line1\nFROM golang\nline3\n', 'line1\nFROM golang:1.24-bookworm\nline3\n');
    assert.deepEqual(edit, { range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, newText: ':1.24-bookworm' });
  });
  it('never splits a CRLF or a surrogate pair', () => {
    const crlf = minimalEdit('a\r\nb', 'a\r\r\nb')!;
    assert.notEqual(crlf.range.start.character, 2, 'not between \\r and \\n');
    const emoji = minimalEdit('😀', '😁')!;
    assert.equal(emoji.range.start.character, 0);
  });
});

describe('settings', () => {
  it('fills defaults and drops values of the wrong shape', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
    const s = normalizeSettings({ enable: 'yes', rules: { 'no-latest-tag': 'off', x: 'loud' }, syntaxDiagnostics: 'sometimes', trace: { server: 'verbose' } });
    assert.equal(s.enable, true);
    assert.deepEqual(s.rules, { 'no-latest-tag': 'off' });
    assert.equal(s.syntaxDiagnostics, 'auto');
    assert.equal(s.trace.server, 'verbose');
  });
  it('auto syntax diagnostics are off while a Docker extension is active', () => {
    assert.equal(syntaxDiagnosticsEnabled({ ...DEFAULT_SETTINGS }), true);
    assert.equal(syntaxDiagnosticsEnabled({ ...DEFAULT_SETTINGS, dockerExtensionActive: true }), false);
    assert.equal(syntaxDiagnosticsEnabled({ ...DEFAULT_SETTINGS, syntaxDiagnostics: 'on', dockerExtensionActive: true }), true);
  });
});

/** A client's answers to workspace/configuration, given (or never given) by the test. */
function deferredPulls() {
  const pending = new Map<string, (raw: unknown) => void>();
  const pull = (uri: string) => new Promise<unknown>((resolve) => pending.set(uri, resolve));
  return { pull, answer: (uri: string, raw: unknown) => pending.get(uri)!(raw) };
}

/** Lets the promise callbacks queued so far run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('settings pulled from a slow or silent client', () => {
  const startup = normalizeSettings({ rules: { 'no-latest-tag': 'warning' } });
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());
  const start = (options: { lateAnswer?: (uri: string) => void; log?: (m: string) => void } = {}) => {
    const client = deferredPulls();
    return { client, store: new SettingsStore(client.pull, startup, options) };
  };

  it('uses the answer that comes in time, and never logs', async () => {
    const logged: string[] = [];
    const { client, store } = start({ log: (m) => logged.push(m) });
    const got = store.get('file:///a/Dockerfile');
    client.answer('file:///a/Dockerfile', { rules: { 'no-latest-tag': 'off' } });
    assert.equal((await got).rules['no-latest-tag'], 'off');
    mock.timers.tick(SETTINGS_PULL_TIMEOUT_MS * 2);
    assert.deepEqual(logged, []);
  });

  it('goes on with the start-up settings when the client does not answer, and stops waiting for it', async () => {
    const logged: string[] = [];
    const { store } = start({ log: (m) => logged.push(m) });
    let first: unknown;
    void store.get('file:///a/Dockerfile').then((s) => (first = s));
    mock.timers.tick(SETTINGS_PULL_TIMEOUT_MS - 1);
    await settle();
    assert.equal(first, undefined, 'still waiting just before the timeout');
    mock.timers.tick(1);
    await settle();
    assert.equal(first, startup);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /did not answer workspace\/configuration for file:\/\/\/a\/Dockerfile within 3000 ms/);
    // The next document does not wait again for a client that has not answered.
    let second: unknown;
    void store.get('file:///b/Dockerfile').then((s) => (second = s));
    await settle();
    assert.equal(second, startup);
    assert.equal(logged.length, 1);
  });

  it('a late answer replaces the start-up settings and asks for the document to be linted again', async () => {
    const relint: string[] = [];
    const { client, store } = start({ lateAnswer: (uri) => relint.push(uri) });
    const a = 'file:///a/Dockerfile';
    const got = store.get(a);
    mock.timers.tick(SETTINGS_PULL_TIMEOUT_MS);
    assert.equal(await got, startup);
    client.answer(a, { rules: { 'no-latest-tag': 'error' } });
    await settle();
    assert.deepEqual(relint, [a]);
    assert.equal((await store.get(a)).rules['no-latest-tag'], 'error');
    // Once it has answered, the client is waited for again.
    let b: unknown;
    void store.get('file:///b/Dockerfile').then((s) => (b = s));
    await settle();
    assert.equal(b, undefined);
  });

  it('a late answer equal to the start-up settings, or one overtaken by a configuration change, lints nothing again', async () => {
    const relint: string[] = [];
    const { client, store } = start({ lateAnswer: (uri) => relint.push(uri) });
    const [a, b] = ['file:///a/Dockerfile', 'file:///b/Dockerfile'];
    const gotA = store.get(a);
    const gotB = store.get(b);
    mock.timers.tick(SETTINGS_PULL_TIMEOUT_MS);
    await Promise.all([gotA, gotB]);
    client.answer(a, { rules: { 'no-latest-tag': 'warning' } });
    store.changed();
    client.answer(b, { rules: { 'no-latest-tag': 'off' } });
    await settle();
    assert.deepEqual(relint, []);
    // After the change the store asks the client again rather than keeping the overtaken answer.
    const again = store.get(b);
    client.answer(b, { rules: { 'no-latest-tag': 'info' } });
    assert.equal((await again).rules['no-latest-tag'], 'info');
  });
});

describe('server process options', () => {
  it("leave a core to the server's main thread: V8 gets one background thread fewer than the cores, up to Node's four", () => {
    assert.deepEqual(serverExecArgv(1), ['--v8-pool-size=1']);
    assert.deepEqual(serverExecArgv(2), ['--v8-pool-size=1']);
    assert.deepEqual(serverExecArgv(3), ['--v8-pool-size=2']);
    assert.deepEqual(serverExecArgv(4), ['--v8-pool-size=3']);
    assert.deepEqual(serverExecArgv(5), [], "Node's default from five cores up");
    assert.deepEqual(serverExecArgv(64), []);
    assert.deepEqual(serverExecArgv(0), ['--v8-pool-size=1'], 'a machine that reports no cores still gets a thread');
  });

  it('are options node accepts', () => {
    for (const cores of [1, 2, 3, 4]) {
      const r = spawnSync(process.execPath, [...serverExecArgv(cores), '-e', 'process.stdout.write(process.execArgv.join(" "))'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.split(' ').slice(0, serverExecArgv(cores).length), serverExecArgv(cores), 'node took them as its own options');
    }
  });
});

describe('client bundle', () => {
  const bundle = path.resolve(__dirname, '..', '..', 'client', 'out', 'extension.js');

  it('bundles everything but vscode and Node built-ins', () => {
    ensureBuilt();
    const required = new Set([...fs.readFileSync(bundle, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    const foreign = [...required].filter((r) => r !== 'vscode' && !builtinModules.includes(r.replace(/^node:/, '')));
    assert.deepEqual(foreign, []);
    assert.ok(required.has('vscode'));
  });

  it('loads against the vscode API and exports activate and deactivate', () => {
    ensureBuilt();
    // Any property of the stub is another stub, callable and constructible: enough for module-level code.
    const stub = (): unknown => new Proxy(function () {}, { get: (_t, p) => (p === 'prototype' ? {} : stub()), apply: () => stub(), construct: () => stub() as object });
    const original = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
    (Module as unknown as { _load: typeof original })._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? stub() : original.call(this, request, ...rest);
    };
    try {
      const extension = require(bundle) as { activate?: unknown; deactivate?: unknown };
      assert.equal(typeof extension.activate, 'function');
      assert.equal(typeof extension.deactivate, 'function');
    } finally {
      (Module as unknown as { _load: typeof original })._load = original;
    }
  });
});

describe('extension manifest', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));

  it('activates on Dockerfile, compose, YAML and Helm templates only, and supports untrusted workspaces', () => {
    assert.deepEqual([...pkg.activationEvents].sort(), ['onLanguage:dockercompose', 'onLanguage:dockerfile', 'onLanguage:helm', 'onLanguage:yaml']);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('goContainerStandard.helm.path'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  });

  it('declares every setting the server reads, with the extension prefix', () => {
    const props = Object.keys(pkg.contributes.configuration.properties).sort();
    for (const key of ['enable', 'rules', 'syntaxDiagnostics', 'configFile', 'trace.server', 'helm.path']) assert.ok(props.includes(`goContainerStandard.${key}`), key);
    assert.deepEqual(pkg.contributes.configuration.properties['goContainerStandard.syntaxDiagnostics'].enum, ['auto', 'on', 'off']);
  });

  it('contributes its commands with titles, the snippets and the config schema', () => {
    const commands: { command: string; title: string }[] = pkg.contributes.commands;
    for (const id of Object.values(Commands)) {
      const c = commands.find((x) => x.command === id);
      assert.ok(c, id);
      assert.match(c.title, /^Go Container Standard: /);
    }
    for (const s of pkg.contributes.snippets) assert.ok(fs.existsSync(path.resolve(__dirname, '..', '..', s.path)), s.path);
    const schema = pkg.contributes.yamlValidation[0];
    assert.deepEqual(schema.fileMatch, ['.container-standard.yaml', '.container-standard.yml']);
    assert.ok(fs.existsSync(path.resolve(__dirname, '..', '..', schema.url)));
  });
});
