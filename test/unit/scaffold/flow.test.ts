import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modulePathProblem, runScaffoldFlow, type OverwriteAnswer, type ScaffoldUi } from '../../../server/src/scaffold/flow';
import { tempDir, writeFiles } from '../fixtures';

/** The editor's UI with scripted answers; records every question. */
function fakeUi(answers: { main?: string; overwrite?: Record<string, OverwriteAnswer | 'cancel'>; modulePath?: string | null } = {}) {
  const asked: string[] = [];
  const ui: ScaffoldUi = {
    pickMainPackage: async (candidates) => {
      asked.push(`main: ${candidates.join(',')}`);
      return answers.main;
    },
    confirmOverwrite: async (p, remaining) => {
      asked.push(`overwrite: ${p} (+${remaining})`);
      const a = answers.overwrite?.[p] ?? 'skip';
      return a === 'cancel' ? undefined : a;
    },
    askModulePath: async (suggested) => {
      asked.push(`module: ${suggested}`);
      return answers.modulePath === null ? undefined : (answers.modulePath ?? suggested);
    },
    readFile: async (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    writeFile: async (p, content) => {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    },
  };
  return { ui, asked };
}

describe('editor scaffolding flow', () => {
  it('overwrites only after an explicit yes', async (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n', Dockerfile: 'FROM scratch\n', '.dockerignore': '.git\n' });
    const { ui, asked } = fakeUi({ overwrite: { '.dockerignore': 'overwrite' } });
    const result = await runScaffoldFlow('dockerfile', dir, ui);
    assert.deepEqual(asked, ['overwrite: Dockerfile (+1)', 'overwrite: .dockerignore (+0)']);
    assert.deepEqual(result.skipped, [path.join(dir, 'Dockerfile')]);
    assert.deepEqual(result.written, [path.join(dir, '.dockerignore')]);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
    assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /^\.env\*$/m);
  });

  it('asks nothing for new or identical files', async (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n' });
    const first = fakeUi();
    const created = await runScaffoldFlow('all', dir, first.ui);
    assert.deepEqual(first.asked, []);
    assert.ok(created.written.length >= 14);
    assert.ok(created.written.includes(path.join(dir, 'cmd/orders/main.go')));
    const second = fakeUi();
    const again = await runScaffoldFlow('all', dir, second.ui);
    assert.deepEqual(second.asked, []);
    assert.deepEqual(again.written, []);
    // The generated main package now exists and is wired: it is left alone and nothing is suggested.
    assert.deepEqual(again.unchanged, created.written.filter((f) => !f.includes(`${path.sep}cmd${path.sep}`)));
    assert.equal(again.wiringSuggestion, undefined);
  });

  it('asks for the main package when there are several, and stops when cancelled', async (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/shop\n\ngo 1.24\n', 'cmd/api/main.go': 'package main\n', 'cmd/worker/main.go': 'package main\n' });
    const cancelled = fakeUi();
    const none = await runScaffoldFlow('makefile', dir, cancelled.ui);
    assert.equal(none.cancelled, true);
    assert.deepEqual(cancelled.asked, ['main: cmd/api,cmd/worker']);
    assert.ok(!fs.existsSync(path.join(dir, 'Makefile')));

    const picked = fakeUi({ main: 'cmd/worker' });
    const result = await runScaffoldFlow('makefile', dir, picked.ui);
    assert.deepEqual(result.written, [path.join(dir, 'Makefile')]);
    assert.match(fs.readFileSync(path.join(dir, 'Makefile'), 'utf8'), /\.\/cmd\/worker$/m);

    const noQuestion = fakeUi();
    const compose = await runScaffoldFlow('compose', dir, noQuestion.ui);
    assert.deepEqual(noQuestion.asked, [], 'compose does not need the main package');
    assert.equal(compose.error, undefined);
    assert.deepEqual(compose.written, [path.join(dir, 'compose.yaml')]);
  });

  it('returns the wiring for an existing main package instead of writing it', async (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n', 'cmd/orders/main.go': 'package main\n\nfunc main() {}\n' });
    const { ui } = fakeUi();
    const result = await runScaffoldFlow('health', dir, ui);
    assert.equal(result.wiringSuggestion?.path, path.join(dir, 'cmd/orders/main.go'));
    assert.match(result.wiringSuggestion!.text, /health\.New\(cfg\.CheckTimeout\)/);
    assert.ok(!result.written.some((f) => f.includes(`${path.sep}cmd${path.sep}`)));
    assert.equal(fs.readFileSync(path.join(dir, 'cmd/orders/main.go'), 'utf8'), 'package main\n\nfunc main() {}\n');
  });

  it('asks for the module path when the folder has no go.mod, then writes the health endpoints importing it', async (t) => {
    const dir = tempDir(t);
    const { ui, asked } = fakeUi({ modulePath: 'github.com/acme/billing' });
    const result = await runScaffoldFlow('health', dir, ui);
    assert.equal(result.error, undefined);
    const suggested = `example.com/${path.basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`;
    assert.deepEqual(asked, [`module: ${suggested}`]);
    assert.equal(result.initialisedModule, 'github.com/acme/billing');
    assert.equal(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), 'module github.com/acme/billing\n\ngo 1.24\n');
    assert.equal(result.written[0], path.join(dir, 'go.mod'));
    const goFiles = result.written.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    assert.ok(goFiles.some((f) => /"(GET )?\/ready"/.test(fs.readFileSync(f, 'utf8'))), 'a Go file serving /ready');
    assert.match(fs.readFileSync(path.join(dir, 'cmd/billing/main.go'), 'utf8'), /"github\.com\/acme\/billing\/internal\/health"/);
  });

  it('writes nothing when the module path question is cancelled, and rejects a path that is not one', async (t) => {
    const dir = tempDir(t);
    const cancelled = await runScaffoldFlow('health', dir, fakeUi({ modulePath: null }).ui);
    assert.equal(cancelled.cancelled, true);
    assert.deepEqual(fs.readdirSync(dir), []);
    const bad = await runScaffoldFlow('health', dir, fakeUi({ modulePath: 'my service' }).ui);
    assert.match(bad.error ?? '', /not a module path/);
    assert.deepEqual(fs.readdirSync(dir), []);
    assert.equal(modulePathProblem('github.com/acme/orders'), undefined);
    assert.equal(modulePathProblem('orders'), undefined);
    assert.match(modulePathProblem('acme/orders')!, /domain/);
    assert.match(modulePathProblem('')!, /Enter/);
  });

  it('Cancel at any overwrite question writes nothing, not even the new files', async (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n', Dockerfile: 'FROM scratch\n', Makefile: 'all:\n' });
    const { ui, asked } = fakeUi({ overwrite: { Dockerfile: 'overwrite', Makefile: 'cancel' } });
    const result = await runScaffoldFlow('all', dir, ui);
    assert.equal(result.cancelled, true);
    assert.deepEqual(asked, ['overwrite: Dockerfile (+1)', 'overwrite: Makefile (+0)']);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['Dockerfile', 'Makefile', 'go.mod']);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
  });

  it('applies "Skip All" and "Overwrite All" to the remaining questions', async (t) => {
    const dir = tempDir(t);
    const existing = { Dockerfile: 'FROM scratch\n', '.dockerignore': '.git\n', 'compose.yaml': 'services: {}\n', Makefile: 'all:\n' };
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n', ...existing });
    const skipAll = fakeUi({ overwrite: { Dockerfile: 'skip-all' } });
    const skipped = await runScaffoldFlow('all', dir, skipAll.ui);
    assert.deepEqual(skipAll.asked, ['overwrite: Dockerfile (+3)']);
    assert.equal(skipped.skipped.length, 4);
    for (const [f, text] of Object.entries(existing)) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), text);
    const overwriteAll = fakeUi({ overwrite: { Dockerfile: 'skip', '.dockerignore': 'overwrite-all' } });
    const overwritten = await runScaffoldFlow('all', dir, overwriteAll.ui);
    assert.deepEqual(overwriteAll.asked, ['overwrite: Dockerfile (+3)', 'overwrite: .dockerignore (+2)']);
    assert.deepEqual(overwritten.skipped, [path.join(dir, 'Dockerfile')]);
    assert.match(fs.readFileSync(path.join(dir, 'Makefile'), 'utf8'), /docker-push:/);
  });

  it('refuses the Go packages when they would clash with an existing one, and writes the rest', async (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n', 'internal/server/http.go': 'package server\n\nfunc New() {}\n' });
    const result = await runScaffoldFlow('all', dir, fakeUi().ui);
    assert.ok(result.refused.includes(path.join(dir, 'internal/health/health.go')));
    assert.deepEqual(result.conflicts.map((c) => c.dir), ['internal/server']);
    assert.ok(!fs.existsSync(path.join(dir, 'internal/health')));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'internal/server')), ['http.go']);
    assert.ok(fs.existsSync(path.join(dir, 'Dockerfile')));
  });

  it('refuses the other Go files when the user keeps a differing generated one they depend on', async (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n', 'internal/health/health.go': 'package health\n\nfunc Legacy() {}\n' });
    const { ui, asked } = fakeUi({ overwrite: { 'internal/health/health.go': 'skip' } });
    const result = await runScaffoldFlow('health', dir, ui);
    assert.deepEqual(asked, ['overwrite: internal/health/health.go (+0)']);
    assert.deepEqual(result.written, []);
    assert.ok(result.refused.includes(path.join(dir, 'cmd/orders/main.go')));
    assert.match(result.conflicts[0].reason, /is kept/);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'internal/health')), ['health.go']);
  });

  it('keeps /health and /ready handlers the main package already has', async (t) => {
    const dir = tempDir(t);
    const main = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/health", nil)\n\thttp.HandleFunc("/ready", nil)\n}\n';
    writeFiles(dir, { 'go.mod': 'module example.com/orders\n\ngo 1.24\n', 'main.go': main });
    const result = await runScaffoldFlow('health', dir, fakeUi().ui);
    assert.equal(result.reusedHandlers, true);
    assert.ok(!result.written.some((f) => f.includes(`${path.sep}health${path.sep}`)));
    assert.match(result.wiringSuggestion!.text, /already serves GET \/health and\n\/\/ GET \/ready/);
    assert.equal(fs.readFileSync(path.join(dir, 'main.go'), 'utf8'), main);
  });
});
