import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectService, localReplaces, packageConflicts, parseGoMod, resolveFacts, topLevelNames } from '../../../server/src/scaffold/workspace';
import { tempDir, writeFiles } from '../fixtures';

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

describe('package conflicts (an existing package would no longer compile)', () => {
  const health = 'package health\n\nimport "time"\n\ntype Checker struct{}\n\nfunc New(d time.Duration) *Checker { return nil }\n\nfunc (c *Checker) Add() {}\n';

  it('finds clashing top-level names and foreign package clauses, and leaves unrelated files alone', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, {
      'internal/health/legacy.go': '// Package health is ours.\npackage health\n\ntype (\n\tConfig struct{}\n\tChecker int\n)\n',
      'internal/health/extra.go': 'package health\n\nfunc Unrelated() {}\n',
      'internal/server/other.go': 'package httpserver\n',
      'internal/server/ext_test.go': 'package server_test\n',
    });
    const planned = [
      { path: 'internal/health/health.go', content: health },
      { path: 'internal/server/server.go', content: 'package server\n\nfunc New() {}\n' },
    ];
    const conflicts = packageConflicts(dir, planned);
    assert.deepEqual(conflicts.map((c) => [c.dir, c.files]), [
      ['internal/health', ['internal/health/legacy.go']],
      ['internal/server', ['internal/server/other.go']],
    ]);
    assert.match(conflicts[0].reason, /declares Checker/);
    assert.match(conflicts[1].reason, /package httpserver/);
  });

  it('reads grouped declarations and methods', () => {
    assert.deepEqual(topLevelNames('package x\n\nconst (\n\tA, B = 1, 2\n\tC\n)\n\nvar d int\n\nfunc init() {}\n\nfunc (s *Server) Run() {}\n\nfunc F[T any]() {}\n'), ['A', 'B', 'C', 'd', 'Server.Run', 'F']);
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
      envVars: [],
      existingHandlers: false,
      buildContext: undefined,
    });
  });

  it('lists the environment variables the module reads, not those of tests, vendor or nested modules', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, {
      'go.mod': 'module example.com/svc\n\ngo 1.25\n',
      'cmd/svc/main.go': 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("DATABASE_URL"); _, _ = os.LookupEnv( "QUEUE_URL" ) }\n',
      'internal/x/x.go': 'package x\n\nimport "os"\n\nvar Region = os.Getenv("AWS_REGION")\n',
      'internal/x/x_test.go': 'package x\n\nimport "os"\n\nvar _ = os.Getenv("TEST_ONLY")\n',
      'vendor/v/v.go': 'package v\n\nimport "os"\n\nvar _ = os.Getenv("VENDORED")\n',
      'tools/go.mod': 'module example.com/tools\n',
      'tools/t.go': 'package tools\n\nimport "os"\n\nvar _ = os.Getenv("NESTED")\n',
    });
    assert.deepEqual(inspectService(dir).envVars, ['AWS_REGION', 'DATABASE_URL', 'QUEUE_URL']);
  });

  it('detects a main package that already serves /health and /ready', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, {
      'go.mod': 'module example.com/svc\n\ngo 1.25\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("GET /health", nil)\n\thttp.HandleFunc("/ready", nil)\n}\n',
    });
    const r = resolveFacts(inspectService(dir));
    assert.ok(r.ok && r.facts.existingHandlers);
    writeFiles(dir, { 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.HandleFunc("/health", nil) }\n' });
    const only = resolveFacts(inspectService(dir));
    assert.ok(only.ok && !only.facts.existingHandlers, 'both endpoints are needed to keep them');
  });

  it('reports local replace directives that point outside the service folder', (t) => {
    const dir = tempDir(t);
    writeFiles(dir, {
      'go.mod': 'module example.com/svc\n\ngo 1.25\n\nreplace example.com/lib => ../../lib\n\nreplace (\n\texample.com/inside v1.0.0 => ./third_party/inside\n\texample.com/remote => example.com/fork v1.2.0\n\texample.com/up => ../up // sibling\n)\n',
    });
    assert.deepEqual(localReplaces(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).map((r) => r.module), ['example.com/lib', 'example.com/inside', 'example.com/up']);
    assert.deepEqual(inspectService(dir).replacesOutside, [
      { module: 'example.com/lib', target: '../../lib' },
      { module: 'example.com/up', target: '../up' },
    ]);
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
