import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from './helpers';
import { applyEdits } from '../../server/src/engine/text';

// The ux-review's deploy/deployment.yaml shape: one container with no securityContext at all.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api
spec:
  selector:
    matchLabels: {app: payments-api}
  template:
    metadata:
      labels: {app: payments-api}
    spec:
      containers:
        - name: payments-api
          image: ghcr.io/acme/payments-api:3f9c2ab-v1.4.2
          ports:
            - containerPort: 8080
`;
const SECURITY_RULES = ['k8s-run-as-non-root', 'k8s-read-only-root-fs', 'k8s-no-privilege-escalation', 'k8s-drop-capabilities', 'k8s-seccomp-profile'];
const NAME_LINE = 12;

const security = (text: string) => lint(text, { filePath: 'deploy/deployment.yaml' }).filter((f) => SECURITY_RULES.includes(f.ruleId));

describe('container findings stay put while fixes are applied one by one (ux-review item 3)', () => {
  it('every missing-key finding sits on the container name, before and after each securityContext fix', () => {
    let text = DEPLOYMENT;
    let found = security(text);
    assert.deepEqual(found.map((f) => f.ruleId).sort(), [...SECURITY_RULES].sort());
    const applied: string[] = [];
    while (found.length) {
      for (const f of found) assert.deepEqual([f.ruleId, f.range.start.line], [f.ruleId, NAME_LINE], `after fixing ${applied.join(', ') || 'nothing'}: ${f.ruleId} moved`);
      const next = found.find((f) => f.fix)!;
      assert.ok(next, `no fix left for ${found.map((f) => f.ruleId)}`);
      text = applyEdits(text, next.fix!.edits).text;
      applied.push(next.ruleId);
      const after = security(text);
      assert.ok(!after.some((f) => f.ruleId === next.ruleId), `${next.ruleId} still reported after its fix`);
      found = after;
    }
    assert.deepEqual(applied.sort(), [...SECURITY_RULES].sort());
    assert.match(text, /securityContext:/);
  });
});
