import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint';
import { runRule, type FindingSink } from '../../server/src/engine/run';
import { allRules, ruleById, rulesFor } from '../../server/src/engine/rules';
import { defaultConfig } from '../../server/src/engine/config';
import type { Finding, Fix, Rule, ServiceRule, Severity } from '../../server/src/engine/types';

const request = (text: string, extra: object = {}) => ({ filePath: 'Dockerfile', text, config: defaultConfig(), ...extra });

describe('engine isolation and limits', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
  const meta = (fixable: boolean, defaultSeverity: Severity = 'warning') => ({ description: 'x', defaultSeverity, fixable, why: '', remediation: '', examples: { bad: '', good: '' } });
  const ctx = { model: null, text: 'FROM x\n', filePath: 'Dockerfile', config: defaultConfig() };
  const sinkOf = (findings: Finding[], overrides: Partial<FindingSink> = {}): FindingSink => ({
    file: 'Dockerfile',
    subject: 'file',
    findings,
    setting: () => undefined,
    suppressed: () => false,
    ...overrides,
  });
  const fix: Fix = { title: 't', edits: [{ range, newText: 'y' }], safety: 'safe' };

  it('turns a throwing rule into one internal-error naming it, and still runs the others', () => {
    const boom: Rule<null> = { id: 'boom', target: 'dockerfile', meta: meta(false, 'error'), check: () => { throw new Error('kaput'); } };
    const fine: Rule<null> = { id: 'fine', target: 'dockerfile', meta: meta(false), check: (c) => c.report({ range, message: 'ok' }) };
    const findings: Finding[] = [];
    for (const rule of [boom, fine]) runRule(rule, ctx, sinkOf(findings));
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.file]), [['internal-error', 'error', 'Dockerfile'], ['fine', 'warning', 'Dockerfile']]);
    assert.match(findings[0].message, /Rule 'boom' failed on this file \(kaput\)/);
  });

  it('turns a fix from a rule not marked fixable into an internal-error, as ESLint throws, and drops that rule\'s findings', () => {
    const sneaky: Rule<null> = {
      id: 'sneaky', target: 'dockerfile', meta: meta(false),
      check: (c) => {
        c.report({ range, message: 'plain' });
        c.report({ range, message: 'with a fix', fix });
      },
    };
    const findings: Finding[] = [];
    runRule(sneaky, ctx, sinkOf(findings));
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['internal-error', 'error']]);
    assert.match(findings[0].message, /Rule 'sneaky' failed on this file \(it reported a fix but is not marked fixable\)/);
    // The same reports from a rule marked fixable keep their fix.
    const honest: Rule<null> = { ...sneaky, id: 'honest', meta: meta(true) };
    const kept: Finding[] = [];
    runRule(honest, ctx, sinkOf(kept));
    assert.deepEqual(kept.map((f) => [f.ruleId, f.message, !!f.fix]), [['honest', 'plain', false], ['honest', 'with a fix', true]]);
  });

  it('treats a service rule the same way, reporting the failure on the service', () => {
    const sneaky: ServiceRule<null> = { id: 'sneaky', target: 'service', meta: meta(false), check: (c) => c.report({ file: '/svc/Dockerfile', range, message: 'm', fix }) };
    const findings: Finding[] = [];
    runRule(sneaky, { model: null, config: defaultConfig() }, sinkOf(findings, { file: '/svc/go.mod', subject: 'service' }));
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['internal-error', '/svc/go.mod']]);
    assert.match(findings[0].message, /Rule 'sneaky' failed on this service/);
  });

  it('resolves severity as setting, then report, then default, and applies the setting and suppression where each finding lands', () => {
    const rule: ServiceRule<null> = {
      id: 'spread', target: 'service', meta: meta(false, 'info'),
      check: (c) => {
        c.report({ file: '/svc/Dockerfile', range, message: 'default' });
        c.report({ file: '/svc/Dockerfile', range, message: 'own', severity: 'error' });
        c.report({ file: '/svc/k8s/deploy.yaml', range, message: 'set', severity: 'error' });
        c.report({ file: '/svc/off/deploy.yaml', range, message: 'off' });
        c.report({ file: '/svc/main.go', range, message: 'suppressed' });
      },
    };
    const findings: Finding[] = [];
    const sink = sinkOf(findings, {
      file: '/svc/go.mod',
      subject: 'service',
      setting: (_id, file) => (file.includes('/k8s/') ? 'hint' : file.includes('/off/') ? 'off' : undefined),
      suppressed: (_id, file) => file.endsWith('.go'),
    });
    runRule(rule, { model: null, config: defaultConfig() }, sink);
    assert.deepEqual(findings.map((f) => [f.message, f.severity, f.file]), [
      ['default', 'info', '/svc/Dockerfile'],
      ['own', 'error', '/svc/Dockerfile'],
      ['set', 'hint', '/svc/k8s/deploy.yaml'],
    ]);
  });

  it('does not run a rule turned off where its findings would land by default', () => {
    let ran = false;
    const rule: Rule<null> = { id: 'quiet', target: 'dockerfile', meta: meta(false), check: () => { ran = true; } };
    runRule(rule, ctx, sinkOf([], { setting: () => 'off' }));
    assert.equal(ran, false);
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

describe('rule registry', () => {
  it('lists each rule under the target it declares, and every rule once', () => {
    const targets = ['dockerfile', 'k8s', 'compose', 'service'] as const;
    for (const target of targets) for (const rule of rulesFor(target)) assert.equal(rule.target, target, `${rule.id} is listed under ${target}`);
    assert.deepEqual(targets.flatMap((t) => rulesFor(t).map((r) => r.id)), allRules.map((r) => r.id));
    for (const rule of allRules) assert.equal(ruleById(rule.id), rule);
  });
});
