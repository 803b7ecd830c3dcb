import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint';
import { defaultConfig, type ResolvedConfig } from '../../server/src/engine/config';
import { fixAll } from '../../server/src/engine/fix';
import type { Finding, FixSafety, Severity } from '../../server/src/engine/types';

export interface LintOptions {
  filePath?: string;
  rules?: string[];
  config?: Partial<ResolvedConfig>;
}

export function lint(text: string, options: LintOptions = {}): Finding[] {
  const config = { ...defaultConfig(), ...options.config };
  return lintText({
    filePath: options.filePath ?? 'Dockerfile',
    text,
    config,
    only: options.rules ? new Set(options.rules) : undefined,
  }).findings;
}

/** The text after fix-all; unsafe fixes are applied too unless `safeOnly` (what plain `--fix` does). */
export function fix(text: string, options: LintOptions & { safeOnly?: boolean } = {}): string {
  const config = { ...defaultConfig(), ...options.config };
  const only = options.rules ? new Set(options.rules) : undefined;
  return fixAll(text, (t) => lintText({ filePath: options.filePath ?? 'Dockerfile', text: t, config, only }).findings, { unsafe: !options.safeOnly }).text;
}

/** Expected finding, 1-based like editors show it; omitted fields are not checked. */
export interface ExpectedFinding {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity?: Severity;
  /** Substring (or pattern) the message must contain. */
  message?: string | RegExp;
}

export interface InvalidCase {
  name?: string;
  code: string;
  errors: ExpectedFinding[];
  /** Text after `--fix --unsafe-fixes --rule <id>`; null asserts that no fix is offered. */
  output?: string | null;
  /** The safety of every fix the findings carry. */
  safety?: FixSafety;
  filePath?: string;
  config?: Partial<ResolvedConfig>;
}

export interface ValidCase {
  name?: string;
  code: string;
  filePath?: string;
  config?: Partial<ResolvedConfig>;
}

/** ESLint-RuleTester-style table: valid snippets have no finding of the rule, invalid ones exactly these. */
export function ruleTester(ruleId: string, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    cases.valid.forEach((c, i) => {
      const vc = typeof c === 'string' ? { code: c } : c;
      it(`valid ${vc.name ?? `#${i + 1}`}`, () => {
        const found = lint(vc.code, { rules: [ruleId], filePath: vc.filePath, config: vc.config }).filter((f) => f.ruleId === ruleId);
        assert.deepEqual(found.map(describeFinding), []);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid ${c.name ?? `#${i + 1}`}`, () => {
        const found = lint(c.code, { rules: [ruleId], filePath: c.filePath, config: c.config }).filter((f) => f.ruleId === ruleId);
        assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map(describeFinding).join('\n')}`);
        c.errors.forEach((exp, k) => {
          const f = found[k];
          assert.equal(f.range.start.line + 1, exp.line, `line of finding ${k + 1}: ${describeFinding(f)}`);
          if (exp.column !== undefined) assert.equal(f.range.start.character + 1, exp.column, `column of finding ${k + 1}: ${describeFinding(f)}`);
          if (exp.endLine !== undefined) assert.equal(f.range.end.line + 1, exp.endLine, `end line of finding ${k + 1}`);
          if (exp.endColumn !== undefined) assert.equal(f.range.end.character + 1, exp.endColumn, `end column of finding ${k + 1}: ${describeFinding(f)}`);
          if (exp.severity) assert.equal(f.severity, exp.severity, `severity of finding ${k + 1}`);
          if (exp.message !== undefined) {
            if (typeof exp.message === 'string') assert.ok(f.message.includes(exp.message), `message '${f.message}' lacks '${exp.message}'`);
            else assert.match(f.message, exp.message);
          }
        });
        if (c.safety) for (const f of found) if (f.fix) assert.equal(f.fix.safety, c.safety, `safety of the fix of ${describeFinding(f)}`);
        if (c.output === null) assert.ok(found.every((f) => !f.fix), 'expected no fix');
        else if (c.output !== undefined) {
          assert.notEqual(c.output, c.code, 'an expected output equal to the input proves nothing; use output: null');
          const fixed = fix(c.code, { rules: [ruleId], filePath: c.filePath, config: c.config });
          assert.equal(fixed, c.output);
          const after = lint(fixed, { rules: [ruleId], filePath: c.filePath, config: c.config }).filter((f) => f.ruleId === ruleId && f.fix);
          assert.deepEqual(after.map(describeFinding), [], 'fixed output still has fixable findings of this rule');
        }
      });
    });
  });
}

export function describeFinding(f: Finding): string {
  const r = f.range;
  return `${f.ruleId} ${f.severity} ${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.message}`;
}
