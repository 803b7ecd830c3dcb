import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScaffoldFlow, type ScaffoldUi } from '../../../server/src/scaffold/flow';
import { tempDir, writeFiles } from './fixtures';

/** The editor's UI with scripted answers; records every question. */
function fakeUi(answers: { main?: string; overwrite?: Record<string, boolean> } = {}) {
  const asked: string[] = [];
  const ui: ScaffoldUi = {
    pickMainPackage: async (candidates) => {
      asked.push(`main: ${candidates.join(',')}`);
      return answers.main;
    },
    confirmOverwrite: async (p) => {
      asked.push(`overwrite: ${p}`);
      return answers.overwrite?.[p] ?? false;
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
    const { ui, asked } = fakeUi({ overwrite: { '.dockerignore': true } });
    const result = await runScaffoldFlow('dockerfile', dir, ui);
    assert.deepEqual(asked, ['overwrite: Dockerfile', 'overwrite: .dockerignore']);
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

  it('starts a Go module when the folder has no go.mod, then writes the health endpoints', async (t) => {
    const dir = tempDir(t);
    const { ui, asked } = fakeUi();
    const result = await runScaffoldFlow('health', dir, ui);
    assert.equal(result.error, undefined);
    const moduleName = `example.com/${path.basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`;
    assert.equal(result.initialisedModule, moduleName);
    assert.equal(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), `module ${moduleName}\n\ngo 1.24\n`);
    assert.equal(result.written[0], path.join(dir, 'go.mod'));
    const goFiles = result.written.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    assert.ok(goFiles.some((f) => /"(GET )?\/ready"/.test(fs.readFileSync(f, 'utf8'))), 'a Go file serving /ready');
    assert.deepEqual(asked, []);
  });
});
