import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint';
import { adoptPerDocumentFindings, perDocumentFindings, SPLIT_MIN_BYTES, uncachedYamlChars } from '../../server/src/engine/yaml/incremental';
import { defaultConfig } from '../../server/src/engine/config';
import { LineIndex } from '../../server/src/engine/text';
import { ChunkCache, splitDocuments } from '../../server/src/engine/yaml/documents';
import { corpusFiles } from './robustness/corpus';
import { describeFinding } from './helpers';

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: ghcr.io/acme/${name}:latest\n`;

describe('multi-document YAML, document by document', () => {
  it('splits at marker lines, keeping each marker with the document it opens', () => {
    const text = 'a: 1\r\n---\r\nb: 2\r\n--- # c\r\nc: |\r\n  x\r\n...\r\n';
    const chunks = splitDocuments(new LineIndex(text))!;
    assert.deepEqual(chunks.map((c) => [c.startLine, c.text]), [
      [0, 'a: 1\r\n'],
      [1, '---\r\nb: 2\r\n'],
      [3, '--- # c\r\nc: |\r\n  x\r\n'],
      [6, '...\r\n'],
    ]);
    assert.equal(splitDocuments(new LineIndex('%YAML 1.2\n---\na: 1\n')), undefined);
    assert.equal(splitDocuments(new LineIndex('a: "---"\nb: ---x\n'))!.length, 1);
  });

  it('gives the same findings as linting the whole file, on every corpus YAML file', () => {
    for (const f of corpusFiles().filter((c) => !c.name.startsWith('dockerfiles/'))) {
      const base = { filePath: f.lintPath, text: f.text, config: defaultConfig() };
      const whole = lintText({ ...base, splitDocuments: 'never' }).findings.map(describeFinding);
      const split = lintText({ ...base, splitDocuments: 'always' }).findings.map(describeFinding);
      assert.deepEqual(split, whole, f.name);
    }
  });

  it('judges each document on its own: one without apiVersion is no Kubernetes object, whole or split (found by fuzzing)', () => {
    const pod = (name: string, withApiVersion: boolean) =>
      `${withApiVersion ? 'apiVersion: v1\n' : ''}kind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - name: ${name}\n    image: ${name}:1\n`;
    // The second Pod lost its apiVersion; a `...` line in the middle of a document does the same to what follows it.
    for (const text of [`${pod('a', true)}---\n${pod('b', false)}`, `${pod('a', true)}...\n${pod('b', false).replace('kind: Pod\n', '')}`]) {
      const base = { filePath: 'deploy.yaml', text, config: defaultConfig() };
      const whole = lintText({ ...base, splitDocuments: 'never' }).findings;
      const split = lintText({ ...base, splitDocuments: 'always' }).findings;
      assert.deepEqual(split.map(describeFinding), whole.map(describeFinding));
      assert.ok(whole.some((f) => f.message.includes("'a'")), 'the Pod with apiVersion is checked');
      assert.ok(!whole.some((f) => f.message.includes("'b'")), `the document without one is not: ${whole.map(describeFinding).join('\n')}`);
    }
  });

  it('caches documents up to a size, not only a count: old versions of a large document go first', () => {
    const cache = new ChunkCache(3000, 1000);
    const finding = { ruleId: 'k8s-resources', severity: 'warning' as const, message: 'm', file: 'x.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    const version = (i: number) => `v${i}:`.padEnd(300, 'x');
    cache.set(version(1), []);
    cache.set(version(2), []);
    cache.set(version(3), []);
    assert.equal(cache.estimatedSize, 900);
    assert.ok(cache.get(version(1)), 'used again: now the most recent');
    cache.set(version(4), []);
    assert.equal(cache.peek(version(2)), undefined, 'the least recently used went');
    assert.ok(cache.peek(version(1)) && cache.peek(version(3)) && cache.peek(version(4)));
    assert.equal(cache.estimatedSize, 900);
    // Findings count too, and the newest entry stays even alone over the budget.
    cache.set('big'.padEnd(500, 'x'), [finding, finding]);
    assert.ok(cache.peek('big'.padEnd(500, 'x')));
    assert.equal(cache.peek(version(1)), undefined);
    assert.equal(cache.estimatedSize, 500 + 2 * 400);
    // Setting a key again replaces its entry and its cost.
    cache.set('big'.padEnd(500, 'x'), []);
    assert.equal(cache.estimatedSize, 500);
  });

  it('keeps ranges, fixes and file-wide suppressions right after the first document', () => {
    const text = ['# container-standard ignore-file=k8s-image-tag', deployment('a'), '---', deployment('b')].join('\n');
    const config = defaultConfig();
    const whole = lintText({ filePath: 'x.yaml', text, config, splitDocuments: 'never' }).findings;
    const split = lintText({ filePath: 'x.yaml', text, config, splitDocuments: 'always' }).findings;
    assert.deepEqual(split, whole);
    assert.ok(!split.some((f) => f.ruleId === 'k8s-image-tag'));
    const second = split.filter((f) => f.range.start.line > 11);
    assert.ok(second.length > 0 && second.every((f) => !f.fix || f.fix.edits.every((e) => e.range.start.line > 11)));
  });

  it('re-lints only the document that changed', () => {
    const docs = Array.from({ length: 40 }, (_, i) => deployment(`svc-${i}`));
    const config = defaultConfig();
    const text = docs.join('---\n');
    const first = lintText({ filePath: 'big.yaml', text, config, splitDocuments: 'always' }).findings;
    const edited = text.replace('- name: svc-7\n', '- name: svc-7x\n');
    const second = lintText({ filePath: 'big.yaml', text: edited, config, splitDocuments: 'always' }).findings;
    const whole = lintText({ filePath: 'big.yaml', text: edited, config, splitDocuments: 'never' }).findings;
    assert.deepEqual(second, whole);
    assert.equal(second.length, first.length);
    assert.ok(second.some((f) => f.message.includes('svc-7x')));
  });

  it('keeps the other documents\' findings when a document does not parse', () => {
    const text = [deployment('a'), '---', 'a: [1, 2', '---', deployment('b')].join('\n');
    const findings = lintText({ filePath: 'x.yaml', text, config: defaultConfig(), splitDocuments: 'always' }).findings;
    const good = lintText({ filePath: 'x.yaml', text: [deployment('a'), '---', deployment('b')].join('\n'), config: defaultConfig(), splitDocuments: 'never' }).findings;
    assert.deepEqual(findings.filter((f) => f.ruleId === 'parse-error').length, 1);
    assert.deepEqual(findings.filter((f) => f.ruleId !== 'parse-error').map((f) => f.ruleId), good.map((f) => f.ruleId));
  });

  it('tells how much of a large file this thread would lint afresh, and takes findings computed elsewhere', () => {
    const docs = Array.from({ length: 200 }, (_, i) => deployment(`cost-${i}`));
    const text = docs.join('---\n');
    assert.ok(text.length > SPLIT_MIN_BYTES);
    const config = defaultConfig();
    const at = (filePath: string, t = text) => ({ filePath, text: t, config });

    assert.equal(uncachedYamlChars(at('/a/deploy.yaml')), text.length, 'nothing cached yet: every document');
    assert.equal(perDocumentFindings(at('/a/deploy.yaml')), undefined);
    const whole = lintText(at('/a/deploy.yaml')).findings;
    assert.equal(uncachedYamlChars(at('/a/deploy.yaml')), 0);
    const edited = text.replace('- name: cost-50\n', '- name: cost-50b\n');
    const changed = docs[50].replace('- name: cost-50\n', '- name: cost-50b\n');
    assert.equal(uncachedYamlChars(at('/a/deploy.yaml', edited)), changed.length + '---\n'.length, 'one edited document');

    // Another thread takes the first one's findings. (Here: the same file with a language id, a
    // request whose findings are cached apart, so nothing is shared before.)
    const documents = perDocumentFindings(at('/a/deploy.yaml'))!;
    assert.equal(documents.length, 200);
    const elsewhere = { ...at('/a/deploy.yaml'), languageId: 'yaml' };
    assert.equal(uncachedYamlChars(elsewhere), text.length);
    assert.ok(adoptPerDocumentFindings(elsewhere, documents));
    assert.equal(uncachedYamlChars(elsewhere), 0);
    const adopted = lintText(elsewhere).findings;
    assert.deepEqual(adopted, whole);
    assert.deepEqual(adopted, lintText({ ...elsewhere, splitDocuments: 'never' }).findings, 'the adopted findings are what linting the whole file here gives');
    assert.equal(adoptPerDocumentFindings(at('/c/deploy.yaml'), documents.slice(1)), false, 'a different number of documents is refused');

    // Files linted whole have no per-document cost.
    assert.equal(uncachedYamlChars(at('/a/small.yaml', docs.slice(0, 3).join('---\n'))), undefined, 'small');
    assert.equal(uncachedYamlChars(at('/a/one.yaml', docs[0] + '# padding\n'.repeat(4000))), undefined, 'one document');
    assert.equal(uncachedYamlChars(at('/a/chart.yaml', text + '---\nname: {{ .Values.name }}\n')), undefined, 'a template');
    assert.equal(uncachedYamlChars(at('/a/Dockerfile', text)), undefined, 'not YAML');
    const broken = text + '---\na: [1, 2\n';
    lintText(at('/a/broken.yaml', broken));
    assert.equal(uncachedYamlChars(at('/a/broken.yaml', broken)), 0, 'a document that does not parse is one document like the others: all cached');
  });
});
