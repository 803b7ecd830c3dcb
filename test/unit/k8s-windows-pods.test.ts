// Kubernetes rejects the Linux-only securityContext fields in a pod with spec.os.name: windows, so the
// rules about them neither report nor write them there.
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeFinding, lint } from './helpers';

const LINUX_ONLY = ['k8s-drop-capabilities', 'k8s-no-privilege-escalation', 'k8s-read-only-root-fs', 'k8s-run-as-non-root', 'k8s-run-as-user', 'k8s-seccomp-profile'];

const pod = (os: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gmsa-demo
spec:
  template:
    spec:
${os}      securityContext:
        windowsOptions:
          gmsaCredentialSpecName: webapp1
        runAsNonRoot: true
      containers:
      - name: iis
        image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
        ports:
        - containerPort: 80
`;

it('a Windows pod (spec.os.name: windows) gets no Linux-only securityContext finding or fix', () => {
  const found = lint(pod('      os:\n        name: windows\n'), { filePath: 'gmsa.yaml', rules: LINUX_ONLY });
  assert.deepEqual(found.map(describeFinding), []);
});

it('the same pod without spec.os is judged as Linux', () => {
  const ids = new Set(lint(pod(''), { filePath: 'gmsa.yaml', rules: LINUX_ONLY }).map((f) => f.ruleId));
  assert.deepEqual([...ids].sort(), ['k8s-drop-capabilities', 'k8s-no-privilege-escalation', 'k8s-read-only-root-fs', 'k8s-run-as-user', 'k8s-seccomp-profile']);
});
