import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { allRules } from '../../../server/src/engine/rules';
import { prepareServiceChecks } from '../../../server/src/engine/service';
import type { Finding } from '../../../server/src/engine/types';
import type { RegisteredRule } from '../../../server/src/engine/rules';
import { exampleFilePath } from '../../../scripts/docs-render';
import { fileKindOf, looksLikeManifestOrCompose } from '../../../server/src/engine/files';
import { assertNoFatalFinding, describeFinding, fix, lint } from '../helpers';
import { assertWorkspaceParses, describeServiceFinding, fixWorkspace, lintWorkspace, writeWorkspace, type WorkspaceFiles } from '../service/helpers';

/** The longest example file, in lines: an example shows one thing. */
const MAX_EXAMPLE_LINES = 30;

/** Sentences of a markdown text, not cutting inside `code`, a version or an ellipsis (as the hover does). */
function sentenceCount(text: string): number {
  let count = 0;
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') inCode = !inCode;
    else if (!inCode && c === '.' && text[i - 1] !== '.' && (i + 1 === text.length || (text[i + 1] === ' ' && /[A-Z`'(]/.test(text[i + 2] ?? '')))) count++;
  }
  return count;
}

interface Linted {
  findings: Finding[];
  describe(f: Finding): string;
}

/** The rule's findings on one file, after asserting that the file parsed. */
function lintFile(rule: RegisteredRule, text: string, what: string): Linted {
  const filePath = exampleFilePath(rule);
  if (fileKindOf(filePath) === 'yaml') assert.ok(looksLikeManifestOrCompose(text, filePath), `the ${what} example of ${rule.id} is YAML the engine does not check`);
  const all = lint(text, { filePath: exampleFilePath(rule), rules: [rule.id] });
  assertNoFatalFinding(all, `the ${what} example of ${rule.id}`);
  return { findings: all.filter((f) => f.ruleId === rule.id), describe: describeFinding };
}

/** The rule's findings on a workspace, after asserting that every file parsed; `after` runs on the folder before it is removed. */
function lintFiles(rule: RegisteredRule, files: WorkspaceFiles, what: string, after?: (dir: string) => void): Linted {
  const dir = writeWorkspace(files);
  try {
    const all = lintWorkspace(dir, { rules: [rule.id] });
    assertWorkspaceParses(dir, `the ${what} example of ${rule.id}`, all);
    after?.(dir);
    return { findings: all.filter((f) => f.ruleId === rule.id), describe: describeServiceFinding };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function lintExample(rule: RegisteredRule, example: string | WorkspaceFiles, what: string): Linted {
  return typeof example === 'string' ? lintFile(rule, example, what) : lintFiles(rule, example, what);
}

/** The rule's findings after `--fix --unsafe-fixes --rule <id>` on the bad example. */
function lintFixedBad(rule: RegisteredRule): Linted {
  const bad = rule.meta.examples.bad;
  if (typeof bad === 'string') return lintFile(rule, fix(bad, { filePath: exampleFilePath(rule), rules: [rule.id] }), 'fixed bad');
  let fixed: Linted | undefined;
  lintFiles(rule, bad, 'bad', (dir) => {
    fixWorkspace(dir, { rules: [rule.id] });
    assertWorkspaceParses(dir, `the fixed bad example of ${rule.id}`, [], new Set(['parse-error']));
    fixed = { findings: lintWorkspace(dir, { rules: [rule.id] }).filter((f) => f.ruleId === rule.id), describe: describeServiceFinding };
  });
  return fixed!;
}

describe('rule docs', () => {
  before(() => prepareServiceChecks());

  for (const rule of allRules) {
    describe(rule.id, () => {
      const { why, remediation, examples } = rule.meta;

      it('says why in one or two sentences, and how to fix it by hand', () => {
        assert.ok(why.length > 40, 'why');
        const sentences = sentenceCount(why.trim());
        assert.ok(sentences >= 1 && sentences <= 2, `why is ${sentences} sentences: ${why}`);
        assert.ok(remediation.length > 20 && !/TODO/.test(remediation), `remediation: ${remediation}`);
      });

      it('has small examples of the shape its target takes (one file, or a workspace for a service rule)', () => {
        const { bad, good } = examples;
        assert.equal(typeof bad, typeof good);
        assert.equal(typeof bad === 'object', rule.target === 'service', 'service rules, and only they, show a workspace');
        const files = typeof bad === 'string' ? [bad, good as string] : [...Object.values(bad), ...Object.values(good as WorkspaceFiles)];
        for (const text of files) {
          assert.ok(text.endsWith('\n'), `an example file ends with a newline: ${JSON.stringify(text.slice(-20))}`);
          assert.ok(text.split('\n').length - 1 <= MAX_EXAMPLE_LINES, `an example file is at most ${MAX_EXAMPLE_LINES} lines`);
        }
        assert.notDeepEqual(bad, good);
      });

      it('reports its bad example', () => {
        const bad = lintExample(rule, examples.bad, 'bad');
        assert.ok(bad.findings.length > 0, 'the bad example is not reported');
        if (rule.meta.fixable) assert.ok(bad.findings.some((f) => f.fix), `a fixable rule's bad example shows the fix: ${bad.findings.map(bad.describe).join('\n')}`);
      });

      it('is clean on its good example', () => {
        const good = lintExample(rule, examples.good, 'good');
        assert.deepEqual(good.findings.map(good.describe), []);
      });

      if (rule.meta.fixable) {
        it('no longer reports its bad example once fixed', () => {
          const fixed = lintFixedBad(rule);
          assert.deepEqual(fixed.findings.map(fixed.describe), []);
        });
      }
    });
  }
});
