import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeGoSource, isBuildIgnored, packageClauseOf, routePathOf, servesEndpoint } from '../../../server/src/engine/service/go-source';
import { GO_GRAMMAR_WASM, loadGoParser, locateWasm, TREE_SITTER_WASM, type GoParser } from '../../../server/src/engine/service/go-parser';

let parser: GoParser;
before(async () => {
  parser = await loadGoParser();
});

const analyze = (src: string) => analyzeGoSource('/x/main.go', src, parser);

describe('Go source analysis', () => {
  it('reads the package, imports (with aliases) and func main', () => {
    const facts = analyze('// Command x.\npackage main\n\nimport (\n\tsig "os/signal"\n\t"syscall"\n)\n\nfunc (s S) main() {}\nfunc main() {}\n');
    assert.equal(facts.packageName, 'main');
    assert.deepEqual(facts.imports, ['os/signal', 'syscall']);
    assert.deepEqual(facts.mainFunc, { start: { line: 9, character: 5 }, end: { line: 9, character: 9 } });
  });

  it('finds route registrations with exact UTF-16 ranges, and ignores comments, strings and client calls', () => {
    const facts = analyze(
      'package main\n\nimport "net/http"\n\nfunc main() {\n\t// http.HandleFunc("/ready", h)\n\tlog("é😀", "/health")\n\thttp.HandleFunc("é" + "/x", h); http.HandleFunc("POST /ready", h)\n\thttp.Get("/health")\n}\n',
    );
    assert.deepEqual(
      facts.routes.map((r) => [r.path, r.range.start.line, r.range.start.character, r.range.end.character]),
      [['/x', 7, 17, 27], ['/ready', 7, 49, 62]],
    );
  });

  it('tells SIGTERM subscriptions from other signal subscriptions', () => {
    const facts = analyze(
      'package main\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nvar term = syscall.SIGTERM\n\nfunc main() {\n\tsignal.Notify(c, os.Interrupt)\n\tsignal.Notify(c, term)\n\tsignal.NotifyContext(ctx, syscall.SIGINT)\n\tnotsignal.Notify(c, syscall.SIGTERM)\n}\n',
    );
    assert.deepEqual(
      facts.signalSubscriptions.map((s) => [s.callee, s.sigterm, s.range.start.line]),
      [['signal.Notify', false, 11], ['signal.Notify', true, 12], ['signal.NotifyContext', false, 13]],
    );
  });

  it('a SIGTERM from a package that is not syscall or x/sys/unix does not count', () => {
    const facts = analyze('package main\n\nimport (\n\t"os/signal"\n\tsyscall "example.com/fake"\n)\n\nfunc main() { signal.Notify(c, syscall.SIGTERM) }\n');
    assert.deepEqual(facts.signalSubscriptions.map((s) => s.sigterm), [false]);
  });

  it('reads environment variable names from os.Getenv / os.LookupEnv', () => {
    const facts = analyze('package main\n\nimport "os"\n\nconst k = "DB_" + "URL"\n\nfunc main() { os.Getenv("PORT"); os.LookupEnv(k); os.Getenv(name); other.Getenv("NO") }\n');
    assert.deepEqual(facts.envReads.map((e) => e.name), ['PORT', 'DB_URL']);
  });

  it('reads the package clause past comments without a parser, and build constraints', () => {
    assert.equal(packageClauseOf('\ufeff// a\n/* b\n package x */\npackage  main // c\n'), 'main');
    assert.equal(packageClauseOf('// only a comment\n'), undefined);
    assert.equal(isBuildIgnored('//go:build ignore\n\npackage main\n'), true);
    assert.equal(isBuildIgnored('//go:build linux\n\npackage main\n'), false);
    assert.equal(isBuildIgnored('package main\n\n//go:build ignore\n'), false);
  });

  it('route patterns: method, host and exact endpoints', () => {
    assert.equal(routePathOf('GET /ready'), '/ready');
    assert.equal(routePathOf('example.com/health'), '/health');
    assert.equal(routePathOf('http://example.com/health'), undefined);
    assert.equal(routePathOf('ready'), undefined);
    assert.ok(servesEndpoint('/ready/{$}', '/ready'));
    assert.ok(!servesEndpoint('/readyz', '/ready'));
  });
});

describe('Go parser loading', () => {
  it('finds the wasm beside the bundle first, else in node_modules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-wasm-'));
    try {
      fs.writeFileSync(path.join(dir, GO_GRAMMAR_WASM), '');
      assert.equal(locateWasm(GO_GRAMMAR_WASM, [dir]), path.join(dir, GO_GRAMMAR_WASM));
      assert.match(locateWasm(TREE_SITTER_WASM, [dir]), /node_modules[\\/]web-tree-sitter[\\/]tree-sitter\.wasm$/);
      assert.match(locateWasm(GO_GRAMMAR_WASM, [os.tmpdir()]), /@vscode[\\/]tree-sitter-wasm[\\/]wasm[\\/]tree-sitter-go\.wasm$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads once and returns the same parser', async () => {
    assert.equal(await loadGoParser(), parser);
  });
});
