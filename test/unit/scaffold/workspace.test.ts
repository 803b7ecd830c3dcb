import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectService, parseGoMod, resolveFacts } from '../../../server/src/scaffold/workspace';
import { tempDir, writeFiles } from './fixtures';

const MAIN = 'package main\n\nfunc main() {}\n';

describe('parseGoMod', () => {
  it('reads module and go lines, with comments and quotes', () => {
    assert.deepEqual(parseGoMod('// header\nmodule github.com/acme/orders // the service\n\ngo 1.24.2\n\nrequire x v1.0.0\n'), {
      modulePath: 'github.com/acme/orders',
      goVersion: '1.24.2',
    });
    assert.deepEqual(parseGoMod('module "example.com/quoted"\n'), { modulePath: 'example.com/quoted', goVersion: undefined });
    assert.equal(parseGoMod('go 1.22\n'), undefined);
  });
});

describe('inspectService and resolveFacts', () => {
  it('finds the single cmd main package and the names', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module github.com/Acme/order-api\n\ngo 1.23\n', 'cmd/api/main.go': MAIN, 'cmd/api/main_test.go': 'package main\n' });
    const inspection = inspectService(dir);
    assert.deepEqual(inspection.mainPackages, ['cmd/api']);
    assert.equal(inspection.hasGoSum, false);
    assert.equal(inspection.dirFromRepoRoot, '.');
    const r = resolveFacts(inspection);
    assert.ok(r.ok);
    assert.deepEqual(r.facts, {
      modulePath: 'github.com/Acme/order-api',
      goVersion: '1.23',
      service: 'order-api',
      mainPackage: 'cmd/api',
      mainExists: true,
      mainWired: false,
      hasGoSum: false,
      image: 'ghcr.io/acme/order-api',
      serviceDirFromRepoRoot: '.',
    });
  });

  it('ignores folders under cmd without a main package, and test-only main files', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/x\n', 'cmd/lib/lib.go': 'package lib\n', 'cmd/tests/x_test.go': 'package main\n', 'cmd/docs/README.md': '' });
    const inspection = inspectService(dir);
    assert.deepEqual(inspection.mainPackages, []);
    const r = resolveFacts(inspection);
    assert.ok(r.ok);
    assert.equal(r.facts.mainPackage, 'cmd/x');
    assert.equal(r.facts.mainExists, false);
    assert.equal(r.facts.goVersion, '1.16', 'no go line means Go 1.16 semantics');
  });

  it('reports several main packages unless one is chosen', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, { 'go.mod': 'module example.com/shop\n\ngo 1.24\n', 'main.go': MAIN, 'cmd/api/main.go': MAIN, 'cmd/worker/main.go': MAIN, 'go.sum': '' });
    const inspection = inspectService(dir);
    assert.deepEqual(inspection.mainPackages, ['.', 'cmd/api', 'cmd/worker']);
    const ambiguous = resolveFacts(inspection);
    assert.ok(!ambiguous.ok && ambiguous.reason === 'ambiguous-main');
    assert.deepEqual(ambiguous.candidates, ['.', 'cmd/api', 'cmd/worker']);
    assert.match(ambiguous.message, /cmd\/api, cmd\/worker/);
    const chosen = resolveFacts(inspection, { main: './cmd/worker/' });
    assert.ok(chosen.ok);
    assert.equal(chosen.facts.mainPackage, 'cmd/worker');
    assert.equal(chosen.facts.mainExists, true);
    assert.equal(chosen.facts.hasGoSum, true);
    const fresh = resolveFacts(inspection, { main: 'cmd/new' });
    assert.ok(fresh.ok);
    assert.equal(fresh.facts.mainExists, false);
    const escaping = resolveFacts(inspection, { main: '../elsewhere' });
    assert.ok(!escaping.ok && escaping.reason === 'bad-main');
  });

  it('knows when the main package already uses the health package', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, {
      'go.mod': 'module example.com/svc\n\ngo 1.24\n',
      'cmd/svc/main.go': 'package main\n\nimport "example.com/svc/internal/health"\n\nfunc main() { _ = health.New }\n',
    });
    const r = resolveFacts(inspectService(dir));
    assert.ok(r.ok);
    assert.equal(r.facts.mainWired, true);
  });

  it('takes --service over the module, and the folder when there is no go.mod', (t) => {
    const dir = tempDir(t, 'My_Service-');
    const noMod = resolveFacts(inspectService(dir));
    assert.ok(noMod.ok);
    assert.match(noMod.facts.service, /^my-service-[a-z0-9-]*[a-z0-9]$/);
    writeFiles(dir, { 'go.mod': 'module example.com/orders/v3\n' });
    const fromModule = resolveFacts(inspectService(dir));
    assert.ok(fromModule.ok);
    assert.equal(fromModule.facts.service, 'orders');
    const explicit = resolveFacts(inspectService(dir), { service: 'billing' });
    assert.ok(explicit.ok);
    assert.equal(explicit.facts.service, 'billing');
    assert.equal(explicit.facts.mainPackage, 'cmd/billing');
  });

  it('finds the repository root above a service folder', (t) => {
    const root = tempDir(t);
    fs.mkdirSync(path.join(root, '.git'));
    writeFiles(root, { 'services/orders/go.mod': 'module example.com/orders\n' });
    assert.equal(inspectService(path.join(root, 'services/orders')).dirFromRepoRoot, 'services/orders');
    assert.equal(inspectService(root).dirFromRepoRoot, '.');
  });
});
