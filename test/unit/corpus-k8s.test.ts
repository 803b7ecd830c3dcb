import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lint, fix, describeFinding } from './helpers';
import { LineIndex } from '../../server/src/engine/text';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const K8S_RULES = new Set(
  fs.readdirSync(path.resolve(__dirname, '../../server/src/engine/rules/k8s')).map((f) => f.replace(/\.ts$/, '')),
);

interface CorpusFile {
  name: string;
  lintPath: string;
  text: string;
}

function files(folder: string): CorpusFile[] {
  const dir = path.join(CORPUS, folder);
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ name: `${folder}/${f}`, lintPath: f.split('__').pop()!, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

function parses(text: string): boolean {
  return parseAllDocuments(text, { merge: true, uniqueKeys: false }).every((d) => d.errors.length === 0);
}

function toJS(text: string): unknown[] {
  return parseAllDocuments(text, { merge: true, uniqueKeys: false }).map((d) => d.toJS({ maxAliasCount: -1 }));
}

/** Keys the k8s fixes add or rewrite; everything else must mean the same after fix-all. */
const FIXED_KEYS = new Set([
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'securityContext',
  'terminationGracePeriodSeconds',
]);

function withoutFixedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutFixedKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const isEnvEntry = 'name' in value && ('value' in value || 'valueFrom' in value);
    for (const [k, v] of Object.entries(value)) {
      if (FIXED_KEYS.has(k)) continue;
      if (isEnvEntry && (k === 'value' || k === 'valueFrom')) continue;
      out[k] = withoutFixedKeys(v);
    }
    return out;
  }
  return value;
}

function rangeProblems(text: string, ranges: { ruleId: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]): string[] {
  const index = new LineIndex(text);
  const problems: string[] = [];
  for (const f of ranges) {
    for (const p of [f.range.start, f.range.end]) {
      if (p.line < 0 || p.line >= index.lineCount || p.character < 0 || p.character > index.lineText(p.line).length) {
        problems.push(`${f.ruleId} ${p.line}:${p.character}`);
      }
    }
  }
  return problems;
}

describe('k8s rules over the corpus', () => {
  for (const f of [...files('k8s'), ...files('k8s-helm')]) {
    it(`${f.name}: lints without a crash; fix-all keeps it parsing, meaning the same and stable`, () => {
      const before = lint(f.text, { filePath: f.lintPath });
      assert.deepEqual(before.filter((x) => x.ruleId === 'internal-error').map(describeFinding), []);
      assert.deepEqual(rangeProblems(f.text, before), []);
      if (f.name.startsWith('k8s-helm/')) {
        // Unrendered templates do not parse: they are skipped, not reported as broken YAML.
        assert.deepEqual(before.map(describeFinding), []);
        return;
      }
      const fixed = fix(f.text, { filePath: f.lintPath });
      if (!parses(f.text)) {
        assert.equal(fixed, f.text);
        return;
      }
      assert.ok(parses(fixed), 'fix-all broke the YAML');
      assert.deepEqual(withoutFixedKeys(toJS(fixed)), withoutFixedKeys(toJS(f.text)), 'fix-all changed more than the fixed keys');
      const after = lint(fixed, { filePath: f.lintPath });
      assert.deepEqual(after.filter((x) => x.fix && K8S_RULES.has(x.ruleId)).map(describeFinding), [], 'fixable k8s findings remain');
      const had = new Set(before.map((x) => x.ruleId));
      assert.deepEqual([...new Set(after.map((x) => x.ruleId))].filter((id) => !had.has(id)), [], 'fix-all introduced findings of new rules');
      assert.equal(fix(fixed, { filePath: f.lintPath }), fixed, 'a second fix-all changed the text');
      if (f.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), 'a CRLF file gained bare LF line breaks');
    });
  }

  it('finds what the standard expects in well-known files', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'k8s/FairwindsOps__polaris__test__checks__livenessProbeMissing__failure.yaml'), 'utf8');
    const ids = new Set(lint(text, { filePath: 'pod.yaml' }).map((x) => x.ruleId));
    assert.ok(ids.has('k8s-liveness-probe'));
    const hardened = fs.readFileSync(path.join(CORPUS, 'k8s/kubernetes-sigs__kubebuilder__testdata__project-v4__config__manager__manager.yaml'), 'utf8');
    const found = lint(hardened, { filePath: 'manager.yaml' }).map((x) => x.ruleId);
    for (const id of ['k8s-read-only-root-fs', 'k8s-no-privilege-escalation', 'k8s-run-as-non-root', 'k8s-drop-capabilities', 'k8s-seccomp-profile']) {
      assert.ok(!found.includes(id), `${id} fired on the hardened kubebuilder manager`);
    }
  });
});
