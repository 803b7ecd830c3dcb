import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/engine/rules';
import { renderReadmeRuleTable, renderRulesDoc, replaceBetweenMarkers } from '../../scripts/docs-render';
import { importCycles, importGraph, importsOf, sourceFiles } from '../../scripts/import-graph.mjs';

const root = path.resolve(__dirname, '../..');
const standard = existsSync(path.join(root, '../shared/STANDARD.md')) ? readFileSync(path.join(root, '../shared/STANDARD.md'), 'utf8') : '';

describe('rule registry', () => {
  it('has unique ids equal to their file names', () => {
    const ids = allRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    for (const rule of allRules) {
      const file = path.join(root, 'server/src/engine/rules', rule.target, `${rule.id}.ts`);
      assert.ok(existsSync(file), `${rule.id}: expected ${path.relative(root, file)}`);
    }
    const files = readdirSync(path.join(root, 'server/src/engine/rules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(path.join(root, 'server/src/engine/rules', d.name)).map((f) => `${d.name}/${f.replace(/\.ts$/, '')}`));
    for (const f of files) assert.ok(allRules.some((r) => `${r.target}/${r.id}` === f), `rule file ${f} is not in the registry`);
  });

  it('is sorted by target then id', () => {
    const order = ['dockerfile', 'k8s', 'compose', 'service'];
    const keys = allRules.map((r) => `${order.indexOf(r.target)}:${r.id}`);
    assert.deepEqual(keys, [...keys].sort());
  });

  it('contains every rule id of STANDARD.md with its default severity', () => {
    assert.ok(standard, 'expected ../shared/STANDARD.md beside the repository');
    const rows = [...standard.matchAll(/^\| `([a-z0-9-]+)` \|(.*)$/gm)];
    assert.ok(rows.length >= 54, `expected the standard's rule rows, found ${rows.length}`);
    for (const [, id, rest] of rows) {
      const rule = allRules.find((r) => r.id === id);
      assert.ok(rule, `STANDARD.md rule ${id} is not implemented`);
      const severity = /\b(error|warning|info)\b/.exec(rest)![1];
      assert.equal(rule.meta.defaultSeverity, severity, `${id}: default severity`);
      const scope = /^\s*(go|all)\s*\|/.exec(rest)?.[1];
      if (scope) assert.equal(rule.meta.scope, scope, `${id}: scope`);
    }
  });

  it('has no placeholder left, and complete metadata', () => {
    for (const rule of allRules) {
      const source = readFileSync(path.join(root, 'server/src/engine/rules', rule.target, `${rule.id}.ts`), 'utf8');
      assert.ok(!source.includes('PLACEHOLDER'), `${rule.id} is still a placeholder`);
      assert.ok(rule.meta.description.length > 10, `${rule.id}: description`);
      assert.ok(rule.meta.rationale.length > 40, `${rule.id}: rationale`);
    }
  });

  it('has a test file per rule, with a fixed-output case for every fixable rule', () => {
    for (const rule of allRules) {
      const testFile = path.join(root, 'test/unit/rules', rule.target, `${rule.id}.test.ts`);
      assert.ok(existsSync(testFile), `${rule.id}: expected ${path.relative(root, testFile)}`);
      const source = readFileSync(testFile, 'utf8');
      // ruleTester asserts that an `output` differs from the input, so this proves the rule reports a fix.
      if (rule.meta.fixable) assert.match(source, /output:\s*['"`]/, `${rule.id} is fixable but its tests never check fixed output`);
    }
  });

  it('is documented in docs/rules.md and the README, and both are up to date (npm run docs)', () => {
    const docs = readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const rule of allRules) {
      assert.ok(docs.includes(`### ${rule.id}\n`), `docs/rules.md lacks ${rule.id}`);
      assert.ok(readme.includes(`[\`${rule.id}\`]`), `README lacks a row for ${rule.id}`);
    }
    assert.equal(docs, renderRulesDoc(), 'docs/rules.md is stale: run npm run docs');
    assert.equal(readme, replaceBetweenMarkers(readme, renderReadmeRuleTable()), 'README rule table is stale: run npm run docs');
  });
});

describe('engine layering', () => {
  it('nothing under server/src/engine imports vscode or vscode-languageserver*', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const src = readFileSync(p, 'utf8');
          if (/(?:from\s+|require\(\s*|import\(\s*)['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/.test(src)) offenders.push(path.relative(root, p));
        }
      }
    };
    walk(path.join(root, 'server/src/engine'));
    assert.deepEqual(offenders, []);
  });

  it('has no import cycle under server/src or client/src, type-only imports included', () => {
    for (const dir of ['server/src', 'client/src']) {
      const cycles = importCycles(importGraph(sourceFiles(path.join(root, dir))));
      assert.deepEqual(cycles.map((c) => c.map((f) => path.relative(root, f))), [], `import cycles under ${dir}`);
    }
  });

  it('the cycle check sees type-only imports, re-exports and require(), and finds a cycle among them', () => {
    const engine = path.join(root, 'server/src/engine');
    const text = "import type { Finding } from './types';\nexport { lintText } from './lint';\nconst r = require('./rules');\nimport 'node:fs';\n";
    const targets = importsOf(path.join(engine, 'x.ts'), text).map((i) => path.relative(engine, i.target));
    assert.deepEqual(targets, ['types.ts', 'lint.ts', path.join('rules', 'index.ts')]);
    const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'];
    assert.deepEqual(importCycles(new Map([[a, [b]], [b, [c]], [c, [a]]])), [[a, b, c]]);
    assert.deepEqual(importCycles(new Map([[a, [b]], [b, [c]], [c, []]])), []);
    assert.deepEqual(importCycles(new Map([[a, [a]]])), [[a]]);
  });
});
