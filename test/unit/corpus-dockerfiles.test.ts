import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { describeFinding, fix, lint } from './helpers';
import { CORPUS as CORPUS_ROOT } from '../corpusPath';

const CORPUS = path.join(CORPUS_ROOT, 'dockerfiles');
const files = fs.readdirSync(CORPUS).sort();

function insideDocument(text: string, f: Finding): boolean {
  const index = new LineIndex(text);
  const ok = (p: { line: number; character: number }) =>
    p.line >= 0 && p.line < index.lineCount && p.character >= 0 && p.character <= index.lineText(p.line).length;
  const ordered = f.range.start.line < f.range.end.line || (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character);
  return ok(f.range.start) && ok(f.range.end) && ordered;
}

const pairs = (findings: Finding[]) => new Set(findings.map((f) => f.ruleId));

describe('corpus: real Dockerfiles', () => {
  it('has files to check', () => assert.ok(files.length > 100, `only ${files.length} corpus files`));
  for (const name of files) {
    it(name, () => {
      const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      // Every corpus file is a Dockerfile whatever its name (`Dockerfile.deps`, `svc__Dockerfile_arm`).
      const findings = lint(text, { filePath: 'Dockerfile' });
      const internal = findings.filter((f) => f.ruleId === 'internal-error');
      assert.deepEqual(internal.map(describeFinding), [], 'no rule may fail');
      for (const f of findings) assert.ok(insideDocument(text, f), `range outside the document: ${describeFinding(f)}`);

      const fixed = fix(text, { filePath: 'Dockerfile' });
      assert.equal(fix(fixed, { filePath: 'Dockerfile' }), fixed, 'a second --fix must change nothing');
      const before = pairs(findings);
      const after = lint(fixed, { filePath: 'Dockerfile' });
      assert.deepEqual(after.filter((f) => f.ruleId === 'internal-error').map(describeFinding), []);
      const introduced = after.filter((f) => !before.has(f.ruleId));
      assert.deepEqual(introduced.map(describeFinding), [], 'fixes must not introduce findings of rules the file did not have');
    });
  }
});
