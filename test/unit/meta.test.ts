import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/engine/rules';
import { renderPackageJson, renderReadmeRuleTable, renderRulesDoc, renderStandardDoc, replaceBetweenMarkers } from '../../scripts/docs-render';
import { importCycles, importGraph, importsOf, sourceFiles } from '../../scripts/import-graph.mjs';
import { Commands, SCAFFOLD_COMMANDS } from '../../server/src/protocol';

const root = path.resolve(__dirname, '../..');
const standard = readFileSync(path.join(root, 'docs/standard.md'), 'utf8');

/** The rule ids of the first published standard, with their default severities: public, so never renamed or dropped. */
const PUBLIC_RULES: Record<string, 'error' | 'warning' | 'info' | 'hint'> = {
  'multi-stage-build': 'error', 'runtime-distroless-nonroot': 'error', 'runtime-nonroot-user': 'error', 'cgo-disabled': 'error',
  'strip-debug-symbols': 'warning', 'target-platform': 'hint', 'module-download-layer': 'warning', 'builder-go-version': 'warning',
  'no-latest-tag': 'error', 'exec-form-entrypoint': 'warning', 'no-secrets-in-image': 'error', 'runtime-no-run': 'error',
  'no-shell-healthcheck': 'error', 'no-config-in-image': 'warning', 'scratch-ca-certificates': 'warning', 'scratch-user-database': 'error',
  'no-debugger-in-release': 'error', 'entrypoint-binary-exists': 'error', 'obsolete-build-flags': 'hint', 'go-build-cache-mounts': 'hint',
  'upx-compression': 'info', 'reproducible-build': 'hint',
  'k8s-resources': 'error', 'k8s-read-only-root-fs': 'error', 'k8s-no-privilege-escalation': 'error', 'k8s-run-as-non-root': 'error',
  'k8s-run-as-user': 'warning', 'k8s-drop-capabilities': 'warning', 'k8s-seccomp-profile': 'info', 'k8s-liveness-probe': 'error',
  'k8s-readiness-probe': 'error', 'k8s-exec-probe-in-minimal-image': 'error', 'k8s-probe-port': 'error', 'k8s-image-tag': 'error',
  'k8s-no-secret-literals': 'error', 'k8s-termination-grace': 'warning', 'k8s-host-namespaces': 'warning',
  'compose-read-only': 'warning', 'compose-no-new-privileges': 'warning', 'compose-cap-drop-all': 'warning', 'compose-no-unconfined': 'error',
  'compose-resource-limits': 'warning', 'compose-image-tag': 'error', 'compose-no-secret-literals': 'error', 'compose-healthcheck-in-minimal-image': 'error',
  'go-version-consistency': 'error', 'build-path-exists': 'error', 'health-endpoints': 'warning', 'graceful-shutdown': 'warning',
  'dockerignore': 'warning', 'env-example': 'info', 'makefile-targets': 'info', 'user-id-consistency': 'warning', 'port-consistency': 'warning',
};

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
      .flatMap((d) => readdirSync(path.join(root, 'server/src/engine/rules', d.name)).filter((f) => f.endsWith('.ts')).map((f) => `${d.name}/${f.replace(/\.ts$/, '')}`));
    for (const f of files) assert.ok(allRules.some((r) => `${r.target}/${r.id}` === f), `rule file ${f} is not in the registry`);
  });

  it('is sorted by target then id', () => {
    const order = ['dockerfile', 'k8s', 'compose', 'service'];
    const keys = allRules.map((r) => `${order.indexOf(r.target)}:${r.id}`);
    assert.deepEqual(keys, [...keys].sort());
  });

  it('keeps every public rule id of the standard, with its default severity', () => {
    for (const [id, severity] of Object.entries(PUBLIC_RULES)) {
      const rule = allRules.find((r) => r.id === id);
      assert.ok(rule, `public rule ${id} is gone from the registry`);
      assert.equal(rule.meta.defaultSeverity, severity, `${id}: default severity`);
    }
  });

  it('is stated in docs/standard.md, whose rule tables match the registry (npm run docs)', () => {
    assert.equal(standard, renderStandardDoc(standard), 'docs/standard.md rule tables are stale: run npm run docs');
    const rows = [...standard.matchAll(/^\| \[`([a-z0-9-]+)`\]\(rules\.md#\1\) \|(.*)$/gm)];
    assert.equal(rows.length, allRules.length, 'one row per rule');
    for (const [, id, rest] of rows) {
      const rule = allRules.find((r) => r.id === id);
      assert.ok(rule, `docs/standard.md rule ${id} is not implemented`);
      const severity = /\b(error|warning|info|hint)\b/.exec(rest)![1];
      assert.equal(rule.meta.defaultSeverity, severity, `${id}: default severity`);
      const scope = /^\s*(go|all)\s*\|/.exec(rest)?.[1];
      if (rule.target === 'dockerfile') assert.equal(rule.meta.scope ?? 'all', scope, `${id}: scope`);
    }
  });

  it('has no placeholder left, and complete metadata', () => {
    for (const rule of allRules) {
      const source = readFileSync(path.join(root, 'server/src/engine/rules', rule.target, `${rule.id}.ts`), 'utf8');
      assert.ok(!source.includes('PLACEHOLDER'), `${rule.id} is still a placeholder`);
      assert.ok(rule.meta.description.length > 10, `${rule.id}: description`);
      assert.ok(rule.meta.why.length > 40, `${rule.id}: why`);
      assert.ok(rule.meta.remediation.length > 20, `${rule.id}: remediation`);
    }
  });

  it('says why its fixes are safe or unsafe exactly when it is fixable (the "Fix safety" line of docs/rules.md)', () => {
    for (const rule of allRules) {
      if (rule.meta.fixable) {
        assert.ok((rule.meta.fixSafety ?? '').length > 40, `${rule.id} is fixable but has no meta.fixSafety`);
        assert.match(rule.meta.fixSafety!, /\b(Safe|Unsafe|safe|unsafe)\b/, `${rule.id}: fixSafety names the safety`);
      } else {
        assert.equal(rule.meta.fixSafety, undefined, `${rule.id} is not fixable, so it has no fix safety`);
      }
    }
  });

  it('declares no isPreferred: preference is derived from fix safety', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /\bisPreferred\s*:/.test(readFileSync(p, 'utf8'))) offenders.push(path.relative(root, p));
      }
    };
    walk(path.join(root, 'server/src/engine'));
    assert.deepEqual(offenders, []);
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

  it('lists every rule id, and only those, as the keys of the rules setting (npm run docs)', () => {
    const packageJson = readFileSync(path.join(root, 'package.json'), 'utf8');
    const setting = JSON.parse(packageJson).contributes.configuration.properties['goContainerStandard.rules'];
    assert.deepEqual(setting.propertyNames.enum, allRules.map((r) => r.id).sort());
    assert.deepEqual(setting.additionalProperties.enum, ['error', 'warning', 'info', 'hint', 'off']);
    assert.equal(packageJson, renderPackageJson(packageJson), 'package.json is stale: run npm run docs');
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

  it('names no editor command: findings carry domain actions, which the LSP layer maps to command ids', () => {
    const ids = [...Object.values(Commands), ...SCAFFOLD_COMMANDS.map((c) => c.id)];
    const offenders = sourceFiles(path.join(root, 'server/src/engine')).flatMap((f) => {
      const src = readFileSync(f, 'utf8');
      return ids.filter((id) => src.includes(`'${id}'`) || src.includes(`"${id}"`) || src.includes(`\`${id}\``)).map((id) => `${path.relative(root, f)}: ${id}`);
    });
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

/** The server-side files and folders the client may import, as docs/architecture.md lists them ("What the client may import"). */
function clientImportAllowList(): string[] {
  const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const section = /^## What the client may import\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1] ?? '';
  return [...section.matchAll(/^- `([^`]+)`$/gm)].map((m) => m[1]);
}

/** Whether the import written at `pos` is erased at build time (`import type …`, `export type …`). */
function isTypeOnlyImport(text: string, pos: number): boolean {
  const statement = text.slice(text.lastIndexOf('\n', pos) + 1, pos);
  return /^\s*(import|export)\s+type\b/.test(statement);
}

describe('client layering', () => {
  it('the client imports from the server side only what docs/architecture.md allows, and those files bundle nothing else', () => {
    const allowed = clientImportAllowList();
    assert.deepEqual(allowed, ['server/src/protocol.ts', 'server/src/scaffold/'], 'the list in docs/architecture.md');
    const isAllowed = (file: string) => {
      const rel = path.relative(root, file).split(path.sep).join('/');
      return rel.startsWith('client/src/') || allowed.some((a) => (a.endsWith('/') ? rel.startsWith(a) : rel === a));
    };
    const offenders: string[] = [];
    // Follow what the bundle holds: every import of the client's files, then the runtime imports of the files they reach.
    const queue = sourceFiles(path.join(root, 'client/src'));
    const seen = new Set(queue);
    while (queue.length) {
      const file = queue.shift()!;
      const text = readFileSync(file, 'utf8');
      const fromClient = path.relative(root, file).startsWith('client');
      for (const i of importsOf(file, text)) {
        if (!fromClient && isTypeOnlyImport(text, i.pos)) continue;
        if (!isAllowed(i.target)) offenders.push(`${path.relative(root, file)} imports ${path.relative(root, i.target)}`);
        else if (!seen.has(i.target)) {
          seen.add(i.target);
          queue.push(i.target);
        }
      }
    }
    assert.deepEqual(offenders, []);
    assert.ok([...seen].some((f) => f.endsWith(path.join('server', 'src', 'protocol.ts'))), 'the walk reached protocol.ts');
  });

  it('the client check sees a runtime import of the engine through an allowed file, and lets a type-only one pass', () => {
    const text = "import type { Fix } from './engine/types';\nimport { lintText } from './engine/lint';\n";
    const imports = importsOf(path.join(root, 'server/src/protocol.ts'), text);
    assert.deepEqual(imports.map((i) => isTypeOnlyImport(text, i.pos)), [true, false]);
  });
});
