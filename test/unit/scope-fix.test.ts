import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText, type LintRequest } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/engine/config';
import { fixAllInScope, fixScopes, isSafeFix } from '../../server/src/engine/scopeFix';
import type { Finding, Fix, FixSafety } from '../../server/src/engine/types';

const ROOT = path.resolve(__dirname, '..', '..');
const DEPLOYMENT = fs.readFileSync(path.join(ROOT, 'examples', 'payments-api', 'deploy', 'deployment.yaml'), 'utf8');
const config = defaultConfig();

/** The rules whose fixes these tests treat as safe, whatever the rules say today (the classification is the rules' business). */
const SAFE_HERE = new Set(['k8s-read-only-root-fs', 'k8s-no-privilege-escalation', 'k8s-drop-capabilities', 'k8s-seccomp-profile', 'compose-no-new-privileges', 'compose-cap-drop-all']);
const lintWithSafety = (request: LintRequest): Finding[] =>
  lintText(request).findings.map((f) => (f.fix ? { ...f, fix: { ...f.fix, safety: SAFE_HERE.has(f.ruleId) ? ('safe' as const) : ('unsafe' as const) } } : f));

const request = (text: string, filePath = 'deploy/deployment.yaml'): LintRequest => ({ filePath, text, config });

describe('fix all problems of this container', () => {
  it('finds the containers and compose services with the lines they span', () => {
    const twoContainers = DEPLOYMENT.replace('          ports:', '          ports:').concat('        - name: sidecar\n          image: busybox:1.36\n');
    const scopes = fixScopes(request(twoContainers));
    assert.deepEqual(
      scopes.map((s) => `${s.kind} ${s.name} ${s.fromLine + 1}-${s.toLine + 1}`),
      ['container payments-api 17-23', 'container sidecar 24-25'],
    );
    const compose = fixScopes(request('services:\n  api:\n    image: a:1\n  db:\n    image: b:1\n    read_only: true\n', 'compose.yaml'));
    assert.deepEqual(compose.map((s) => `${s.kind} ${s.name} ${s.fromLine + 1}-${s.toLine + 1}`), ['service api 2-3', 'service db 4-6']);
  });

  it('applies every safe fix of the container at the cursor, in passes, and nothing else', () => {
    const result = fixAllInScope(request(DEPLOYMENT), { line: 16, character: 12 }, 2, lintWithSafety)!;
    assert.ok(result, 'offered');
    assert.equal(result.scope.name, 'payments-api');
    assert.ok(result.findings >= 4, `${result.findings} findings with safe fixes`);
    const after = lintText(request(result.text)).findings.map((f) => f.ruleId);
    for (const id of SAFE_HERE) assert.ok(!after.includes(id), `${id} fixed`);
    // Unsafe fixes stay for the user to choose: probes, resources, the Secret reference.
    for (const id of ['k8s-liveness-probe', 'k8s-readiness-probe', 'k8s-resources', 'k8s-no-secret-literals']) assert.ok(after.includes(id), `${id} left alone`);
    assert.ok(result.text.includes('value: changeme'), 'the literal is left as it was');
    assert.ok(!after.includes('parse-error'));
  });

  it('leaves other containers alone and counts a fix without safety as unsafe', () => {
    const two = DEPLOYMENT + '        - name: sidecar\n          image: busybox:1.36\n';
    const result = fixAllInScope(request(two), { line: 23, character: 12 }, 1, lintWithSafety)!;
    assert.equal(result.scope.name, 'sidecar');
    const block = (text: string) => text.slice(text.indexOf('        - name: payments-api'), text.indexOf('        - name: sidecar'));
    assert.equal(block(result.text), block(two), 'payments-api untouched (a pod-level seccomp profile covers it too)');
    assert.ok(block(result.text).includes('value: changeme'));
    const unclassified = fixAllInScope(request(DEPLOYMENT), { line: 16, character: 12 }, 1, (r) => lintText(r).findings.map((f) => (f.fix ? { ...f, fix: { ...f.fix, safety: undefined as unknown as FixSafety } } : f)));
    assert.equal(unclassified, undefined);
    assert.equal(isSafeFix({ title: 't', edits: [] } as unknown as Fix), false);
  });

  it('is not offered outside a container, or for fewer findings than asked', () => {
    assert.equal(fixAllInScope(request(DEPLOYMENT), { line: 2, character: 0 }, 2, lintWithSafety), undefined);
    const hardened = fixAllInScope(request(DEPLOYMENT), { line: 16, character: 12 }, 2, lintWithSafety)!.text;
    assert.equal(fixAllInScope(request(hardened), { line: 16, character: 12 }, 1, lintWithSafety), undefined, 'nothing safe left');
  });

  it('fixes a compose service', () => {
    const text = 'services:\n  api:\n    image: ghcr.io/x/api:1.0.0\n  db:\n    image: postgres:16\n';
    const result = fixAllInScope(request(text, 'compose.yaml'), { line: 1, character: 3 }, 2, lintWithSafety)!;
    assert.equal(result.scope.kind, 'service');
    const after = lintText(request(result.text, 'compose.yaml')).findings;
    assert.ok(!after.some((f) => f.range.start.line <= 4 && f.message.includes("'api'") && SAFE_HERE.has(f.ruleId)), after.map((f) => f.ruleId).join());
    assert.ok(after.some((f) => f.ruleId === 'compose-cap-drop-all' && f.message.includes("'db'")), 'db untouched');
  });
});
