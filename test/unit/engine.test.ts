import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText, runRules } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/engine/config';
import type { Finding, Rule } from '../../server/src/engine/types';

const request = (text: string, extra: object = {}) => ({ filePath: 'Dockerfile', text, config: defaultConfig(), ...extra });

describe('engine isolation and limits', () => {
  it('turns a throwing rule into one internal-error naming it, and still runs the others', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
    const boom: Rule<null> = { id: 'boom', target: 'dockerfile', meta: { description: 'x', defaultSeverity: 'error', fixable: false, why: '', remediation: '', examples: { bad: '', good: '' } }, check: () => { throw new Error('kaput'); } };
    const fine: Rule<null> = { id: 'fine', target: 'dockerfile', meta: { description: 'x', defaultSeverity: 'warning', fixable: false, why: '', remediation: '', examples: { bad: '', good: '' } }, check: (ctx) => ctx.report({ range, message: 'ok' }) };
    const findings: Finding[] = [];
    runRules([boom, fine], null, request('FROM x\n'), undefined, findings);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['internal-error', 'error'], ['fine', 'warning']]);
    assert.match(findings[0].message, /Rule 'boom' failed.*kaput/);
  });

  it('drops fixes from rules not marked fixable', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
    const sneaky: Rule<null> = {
      id: 'sneaky', target: 'dockerfile', meta: { description: 'x', defaultSeverity: 'info', fixable: false, why: '', remediation: '', examples: { bad: '', good: '' } },
      check: (ctx) => ctx.report({ range, message: 'm', fix: { title: 't', edits: [{ range, newText: 'y' }], safety: 'safe' } }),
    };
    const findings: Finding[] = [];
    runRules([sneaky], null, request('FROM x\n'), undefined, findings);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].fix, undefined);
  });

  it('stops running rules past the time budget and says which were skipped', () => {
    const { findings } = lintText(request('FROM ubuntu\n', { budgetMs: -1 }));
    assert.deepEqual(findings.map((f) => f.ruleId), ['time-budget-exceeded']);
    assert.match(findings[0].message, /no-latest-tag/);
  });

  it('skips binary and oversized files with one informational finding', () => {
    const bin = lintText(request('FROM x\0\0'));
    assert.deepEqual(bin.findings.map((f) => [f.ruleId, f.severity]), [['file-skipped', 'info']]);
    const big = lintText(request('FROM x\n' + '#'.repeat(6 * 1024 * 1024)));
    assert.deepEqual(big.findings.map((f) => f.ruleId), ['file-skipped']);
    assert.match(big.findings[0].message, /larger than 5 MB/);
  });

  it('ignores files that are neither Dockerfiles nor YAML', () => {
    assert.deepEqual(lintText({ ...request('FROM ubuntu\n'), filePath: 'main.go' }), { kind: undefined, findings: [] });
  });
});
