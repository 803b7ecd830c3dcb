import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint';
import { defaultConfig, type ResolvedConfig } from '../../server/src/engine/config';
import { fixAll } from '../../server/src/engine/fix';
import { fileKindOf, looksLikeManifestOrCompose } from '../../server/src/engine/files';
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

/**
 * Engine findings that mean the rules never judged the file: a case that produces one tests nothing
 * (ESLint's RuleTester: "A fatal parsing error occurred").
 */
export const FATAL_ENGINE_FINDINGS: ReadonlySet<string> = new Set(['parse-error', 'internal-error', 'file-skipped']);

/** Fails when the findings hold a fatal engine finding; `what` says which text (input, fixed output). */
export function assertNoFatalFinding(findings: Finding[], what: string, fatal: ReadonlySet<string> = FATAL_ENGINE_FINDINGS): void {
  const found = findings.filter((f) => fatal.has(f.ruleId));
  if (found.length) assert.fail(`A fatal parsing error occurred in ${what}, so the rule was not tested:\n${found.map(describeFinding).join('\n')}`);
}

/** The fixed text of a case must still parse, linted with every rule (ESLint: "A fatal parsing error occurred in autofix"). */
function assertFixedOutputParses(fixed: string, options: LintOptions): void {
  assertNoFatalFinding(lint(fixed, { filePath: options.filePath, config: options.config }), 'the fixed output', new Set(['parse-error']));
}

/** YAML that is neither a manifest nor a compose file gets no finding at all, not even a syntax error: such a case tests nothing. */
function assertYamlIsChecked(code: string, filePath = 'Dockerfile'): void {
  if (fileKindOf(filePath) === 'yaml' && !looksLikeManifestOrCompose(code, filePath)) {
    assert.fail(`The input is YAML the engine does not check (no top-level apiVersion and kind, or services, and not a compose file name), so the rule was not tested`);
  }
}

/** One valid case: no fatal engine finding, and no finding of the rule. */
export function assertValidCase(ruleId: string, c: string | ValidCase): void {
  const vc = typeof c === 'string' ? { code: c } : c;
  assertYamlIsChecked(vc.code, vc.filePath);
  const all = lint(vc.code, { rules: [ruleId], filePath: vc.filePath, config: vc.config });
  assertNoFatalFinding(all, 'the input');
  assert.deepEqual(all.filter((f) => f.ruleId === ruleId).map(describeFinding), []);
}

/** One invalid case: no fatal engine finding, exactly the expected findings, and the fixed output when given. */
export function assertInvalidCase(ruleId: string, c: InvalidCase): void {
  const options = { rules: [ruleId], filePath: c.filePath, config: c.config };
  assertYamlIsChecked(c.code, c.filePath);
  const all = lint(c.code, options);
  assertNoFatalFinding(all, 'the input');
  const found = all.filter((f) => f.ruleId === ruleId);
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
  if (c.output === null) {
    assert.ok(found.every((f) => !f.fix), 'expected no fix');
    return;
  }
  if (c.output !== undefined) assert.notEqual(c.output, c.code, 'an expected output equal to the input proves nothing; use output: null');
  else if (!found.some((f) => f.fix)) return;
  const fixed = fix(c.code, options);
  assertFixedOutputParses(fixed, options);
  if (c.output === undefined) return;
  assert.equal(fixed, c.output);
  const after = lint(fixed, options).filter((f) => f.ruleId === ruleId && f.fix);
  assert.deepEqual(after.map(describeFinding), [], 'fixed output still has fixable findings of this rule');
}

/** ESLint-RuleTester-style table: valid snippets have no finding of the rule, invalid ones exactly these. */
export function ruleTester(ruleId: string, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    cases.valid.forEach((c, i) => {
      const name = typeof c === 'string' ? undefined : c.name;
      it(`valid ${name ?? `#${i + 1}`}`, () => assertValidCase(ruleId, c));
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid ${c.name ?? `#${i + 1}`}`, () => assertInvalidCase(ruleId, c));
    });
  });
}

export function describeFinding(f: Finding): string {
  const r = f.range;
  return `${f.ruleId} ${f.severity} ${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.message}`;
}
