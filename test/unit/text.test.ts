import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineIndex, applyEdits, compareCodeUnits, compareFileNames, utf8ToUtf16Offsets } from '../../server/src/engine/text';

describe('LineIndex', () => {
  it('counts \\n, \\r\\n and lone \\r as line breaks, like LSP', () => {
    const text = 'a\nbb\r\nccc\rdddd\r\r\ne';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 6);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((l) => index.lineText(l)), ['a', 'bb', 'ccc', 'dddd', '', 'e']);
    assert.deepEqual(index.positionAt(text.indexOf('e')), { line: 5, character: 0 });
    assert.equal(index.offsetAt({ line: 1, character: 99 }), text.indexOf('\r\n'));
  });

  it('round-trips offsets and positions', () => {
    const text = 'FROM x\r\nRUN a \\\r\n  b\n';
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = index.positionAt(o);
      if (p.character <= index.lineText(p.line).length) assert.equal(index.offsetAt(p), o);
    }
  });
});

describe('applyEdits', () => {
  it('applies non-overlapping edits, skips overlapping ones and keeps CRLF', () => {
    const text = 'one\r\ntwo\r\nthree\r\n';
    const r = applyEdits(text, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: 'TWO\nand a half' },
      { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, newText: 'x' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# head\n' },
    ]);
    assert.equal(r.text, '# head\r\none\r\nTWO\r\nand a half\r\nthree\r\n');
    assert.equal(r.skipped.length, 1);
  });
});

describe('utf8ToUtf16Offsets', () => {
  it('maps byte offsets of multi-byte text to string indices', () => {
    const s = 'é€😀x';
    const map = utf8ToUtf16Offsets(s);
    assert.equal(map(0), 0);
    assert.equal(map(2), 1);
    assert.equal(map(5), 2);
    assert.equal(map(9), 4);
    assert.equal(s[map(9)], 'x');
  });
});

describe('ordering without ICU', () => {
  const names = ['Dockerfile', 'compose.yaml', 'makefile', 'Makefile', 'GNUmakefile', 'go.mod', 'go.sum', 'main.go', 'main_test.go', '.dockerignore', '.env.example', 'api-v2', 'api_v1', 'api.v3', 'App', 'app', 'b10', 'b9', 'deploy-2.yaml', 'deploy.yaml', 'Containerfile', 'x-Y', 'x-y'];

  it('sorts file names case-insensitively, lowercase first among equals, punctuation by code units', () => {
    assert.deepEqual([...names].sort(compareFileNames), [
      '.dockerignore', '.env.example', 'api-v2', 'api.v3', 'api_v1', 'app', 'App', 'b10', 'b9', 'compose.yaml', 'Containerfile',
      'deploy-2.yaml', 'deploy.yaml', 'Dockerfile', 'GNUmakefile', 'go.mod', 'go.sum', 'main.go', 'main_test.go', 'makefile', 'Makefile', 'x-y', 'x-Y',
    ]);
    assert.deepEqual([...names].reverse().sort(compareFileNames), [...names].sort(compareFileNames), 'the same order whatever the input order');
  });

  it('sorts rule ids by code units, which for lowercase ids with dashes and digits is the same order', () => {
    const ids = ['k8s-run-as-non-root', 'k8s-readiness-probe', 'k8s-read-only-root-fs', 'go-cgo-disabled', 'compose-image-tag', 'k8s-liveness-probe', 'parse-error', 'base-image-1', 'base-image-10', 'base-image-2'];
    assert.deepEqual([...ids].sort(compareCodeUnits), [...ids].sort((a, b) => a.localeCompare(b)));
    assert.equal(compareCodeUnits('a', 'a'), 0);
  });
});
