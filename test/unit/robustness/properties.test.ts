import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint, fix, describeFinding } from '../helpers';
import { corpusFiles, rangeProblems, yamlParses, commentLines, seeded, mutate } from './corpus';

const files = corpusFiles();

describe('engine over the corpus', () => {
  it('never throws, keeps every range inside the document, and is deterministic', () => {
    for (const f of files) {
      const first = lint(f.text, { filePath: f.lintPath });
      assert.deepEqual(rangeProblems(f.text, first), [], f.name);
      assert.deepEqual(first.filter((x) => x.ruleId === 'internal-error').map(describeFinding), [], f.name);
      assert.deepEqual(lint(f.text, { filePath: f.lintPath }), first, `${f.name}: second run differs`);
    }
  });

  it('holds on 300 seeded mutants', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.integer(), fc.integer({ min: 1, max: 3 }), (i, seed, rounds) => {
        const rng = seeded(seed);
        let mutant = files[i].text;
        for (let r = 0; r < rounds; r++) mutant = mutate(mutant, rng);
        const findings = lint(mutant, { filePath: files[i].lintPath });
        const problems = rangeProblems(mutant, findings);
        const internal = findings.filter((x) => x.ruleId === 'internal-error').map(describeFinding);
        if (problems.length || internal.length) throw new Error(`${files[i].name}: ${[...problems, ...internal].join('; ')}`);
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});

describe('fixes over the corpus', () => {
  for (const f of files) {
    it(`${f.name}: converges, adds no new rule, keeps YAML parsing, comments and line endings`, () => {
      const before = lint(f.text, { filePath: f.lintPath });
      const fixed = fix(f.text, { filePath: f.lintPath });
      if (fixed === f.text) {
        assert.deepEqual(before.filter((x) => x.fix).map(describeFinding), [], 'fixable findings left without any change');
        return;
      }
      const after = lint(fixed, { filePath: f.lintPath });
      assert.deepEqual(after.filter((x) => x.fix).map(describeFinding), [], 'fixable findings remain after --fix');
      const had = new Set(before.map((x) => x.ruleId));
      assert.deepEqual([...new Set(after.map((x) => x.ruleId))].filter((id) => !had.has(id)), [], 'the fix introduced findings of new rules');
      assert.equal(fix(fixed, { filePath: f.lintPath }), fixed, 'a second --fix changed the text');
      if (!f.name.startsWith('dockerfiles/') && yamlParses(f.text)) assert.ok(yamlParses(fixed), 'YAML stopped parsing');
      const kept = new Set(commentLines(fixed));
      assert.deepEqual(commentLines(f.text).filter((c) => !kept.has(c)), [], 'comments lost');
      if (f.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), 'a CRLF file gained bare LF line breaks');
      else assert.ok(!fixed.includes('\r\n'), 'an LF file gained CRLF line breaks');
    });
  }
});
