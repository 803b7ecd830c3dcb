import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const deploy = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
${podSpec}`;

ruleTester('k8s-run-as-user', {
  valid: [
    { name: 'numeric user beside runAsNonRoot', filePath: 'deploy.yaml', code: deploy('      containers:\n      - name: api\n        securityContext: {runAsNonRoot: true, runAsUser: 65532}\n') },
    { name: 'user on the pod, runAsNonRoot on the container', filePath: 'deploy.yaml', code: deploy('      securityContext:\n        runAsUser: 1000\n      containers:\n      - name: api\n        securityContext:\n          runAsNonRoot: true\n') },
    { name: 'a templated user is not judged', filePath: 'deploy.yaml', code: deploy('      containers:\n      - name: api\n        securityContext: {runAsNonRoot: true, runAsUser: "${RUN_AS_UID}"}\n') },
    { name: 'no runAsNonRoot at all (k8s-run-as-non-root reports that)', filePath: 'deploy.yaml', code: deploy('      containers:\n      - name: api\n') },
  ],
  invalid: [
    {
      name: 'runAsNonRoot on the container without a user: on its securityContext key',
      filePath: 'deploy.yaml',
      code: deploy('      containers:\n      - name: api\n        securityContext:\n          runAsNonRoot: true\n          readOnlyRootFilesystem: true\n'),
      errors: [{ line: 10, column: 9, endColumn: 24, severity: 'warning', message: 'no runAsUser' }],
      output: deploy('      containers:\n      - name: api\n        securityContext:\n          runAsNonRoot: true\n          runAsUser: 65532\n          readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'runAsNonRoot on the pod: one finding on the pod securityContext for both containers',
      filePath: 'deploy.yaml',
      code: deploy('      securityContext:\n        runAsNonRoot: true # restricted\n      containers:\n      - name: api\n      - name: sidecar\n'),
      errors: [{ line: 8, column: 7, endColumn: 22 }],
      output: deploy('      securityContext:\n        runAsNonRoot: true # restricted\n        runAsUser: 65532\n      containers:\n      - name: api\n      - name: sidecar\n'),
    },
    {
      name: 'a named user: on the value',
      filePath: 'deploy.yaml',
      code: deploy('      containers:\n      - name: api\n        securityContext: {runAsNonRoot: true, runAsUser: "nonroot"}\n'),
      errors: [{ line: 10, column: 58, endColumn: 67, message: 'has runAsUser "nonroot", which is not an integer user id, so Kubernetes rejects the manifest.' }],
      output: deploy('      containers:\n      - name: api\n        securityContext: {runAsNonRoot: true, runAsUser: 65532}\n'),
    },
    {
      name: 'an image whose USER is numeric starts (kubebuilder config/manager/manager.yaml, USER 65532:65532): the refusal is said with its condition',
      filePath: 'manager.yaml',
      code: deploy('      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n      - command:\n        - /manager\n        image: controller:latest\n        name: manager\n'),
      errors: [{ line: 8, column: 7, endColumn: 22, message: /^Container 'manager' has runAsNonRoot: true but no runAsUser: if the image's USER is a name \(such as distroless nonroot\) rather than a number, the kubelet cannot verify it is not root and refuses to start the pod\./ }],
    },
    {
      name: 'an empty runAsUser is unset, not rejected',
      filePath: 'deploy.yaml',
      code: deploy('      containers:\n      - name: api\n        securityContext:\n          runAsNonRoot: true\n          runAsUser:\n'),
      errors: [{ line: 12, column: 21, message: 'an empty runAsUser, which leaves it unset: if the image\'s USER is a name' }],
      output: deploy('      containers:\n      - name: api\n        securityContext:\n          runAsNonRoot: true\n          runAsUser: 65532\n'),
    },
    {
      name: 'every document of a multi-document file',
      filePath: 'all.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: a}]\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: b}\nspec:\n  template:\n    spec:\n      containers:\n      - name: b\n        securityContext:\n          runAsNonRoot: true\n',
      errors: [{ line: 5, column: 3 }, { line: 16, column: 9 }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  securityContext: {runAsNonRoot: true, runAsUser: 65532}\n  containers: [{name: a}]\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: b}\nspec:\n  template:\n    spec:\n      containers:\n      - name: b\n        securityContext:\n          runAsNonRoot: true\n          runAsUser: 65532\n',
    },
  ],
});

it('k8s-run-as-user: every fix is unsafe (65532 overrides the image\'s own user)', () => {
  const code = deploy('      containers:\n      - name: a\n        securityContext: {runAsNonRoot: true}\n      - name: b\n        securityContext: {runAsNonRoot: true, runAsUser: "nonroot"}\n');
  assert.deepEqual(fixSafetyOf('k8s-run-as-user', code, { filePath: 'deploy.yaml' }), ['unsafe', 'unsafe']);
});
