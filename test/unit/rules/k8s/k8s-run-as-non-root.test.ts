import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
${spec}`;

ruleTester('k8s-run-as-non-root', {
  valid: [
    { name: 'inherited from the pod', filePath: 'pod.yaml', code: pod('  securityContext:\n    runAsNonRoot: true\n    runAsUser: 65532\n  containers:\n  - name: web\n  - name: side\n') },
    { name: 'set on the container', filePath: 'pod.yaml', code: pod('  containers:\n  - name: web\n    securityContext: {runAsNonRoot: true, runAsUser: 10001}\n') },
    {
      name: 'pod-level through an anchor in another key',
      filePath: 'pod.yaml',
      code: 'x-hardened: &pod-sc\n  runAsNonRoot: true\napiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  securityContext: *pod-sc\n  containers:\n  - name: web\n',
    },
  ],
  invalid: [
    {
      name: 'nothing set: on the name entry; adds runAsNonRoot and a numeric runAsUser',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  - name: web\n    image: web:1\n'),
      errors: [
        {
          line: 7,
          column: 5,
          endColumn: 14,
          severity: 'error',
          message: "Neither the pod nor container 'web' sets runAsNonRoot: true. It runs as the image's user, which is root unless the image sets another, and a container escape as root gives root on the node. Set runAsNonRoot: true and runAsUser: 65532.",
        },
      ],
      output: pod('  containers:\n  - name: web\n    image: web:1\n    securityContext:\n      runAsNonRoot: true\n      runAsUser: 65532\n'),
    },
    {
      name: 'a runAsUser on the pod is not enough; the container block gets runAsNonRoot first',
      filePath: 'pod.yaml',
      code: pod('  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: web\n    securityContext:\n      readOnlyRootFilesystem: true\n'),
      errors: [{ line: 9, column: 5, endColumn: 14 }],
      output: pod('  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: web\n    securityContext:\n      runAsNonRoot: true\n      readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'the container overrides the pod with false: on that value',
      filePath: 'pod.yaml',
      code: pod('  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: web\n    securityContext:\n      runAsNonRoot: false\n'),
      errors: [{ line: 11, column: 21, endColumn: 26, message: 'sets runAsNonRoot to false' }],
      output: pod('  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: web\n    securityContext:\n      runAsNonRoot: true\n      runAsUser: 65532\n'),
    },
    {
      name: 'block without runAs keys (podinfo secure frontend): on the container name; both keys go first in the block',
      filePath: 'frontend.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\n  namespace: secure\nspec:\n  template:\n    spec:\n      serviceAccountName: secure\n      containers:\n      - name: frontend\n        image: deavon/podinfo:secure-port\n        imagePullPolicy: IfNotPresent\n        securityContext:\n          capabilities:\n            drop:\n              - ALL\n            add:\n              - NET_BIND_SERVICE\n          allowPrivilegeEscalation: true\n        ports:\n        - name: http\n          containerPort: 9898\n',
      errors: [{ line: 11, column: 9, endColumn: 23, severity: 'error', message: 'Set runAsNonRoot: true and runAsUser: 65532' }],
      output: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\n  namespace: secure\nspec:\n  template:\n    spec:\n      serviceAccountName: secure\n      containers:\n      - name: frontend\n        image: deavon/podinfo:secure-port\n        imagePullPolicy: IfNotPresent\n        securityContext:\n          runAsNonRoot: true\n          runAsUser: 65532\n          capabilities:\n            drop:\n              - ALL\n            add:\n              - NET_BIND_SERVICE\n          allowPrivilegeEscalation: true\n        ports:\n        - name: http\n          containerPort: 9898\n',
    },
    {
      name: 'name after other keys (kube-state-metrics style `- image:` item): on the name entry',
      filePath: 'ksm.yaml',
      code: pod('  containers:\n  - image: registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0\n    name: kube-state-metrics\n    ports:\n    - containerPort: 8080\n      name: http-metrics\n'),
      errors: [{ line: 8, column: 5, endColumn: 29 }],
      output: pod('  containers:\n  - image: registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0\n    name: kube-state-metrics\n    ports:\n    - containerPort: 8080\n      name: http-metrics\n    securityContext:\n      runAsNonRoot: true\n      runAsUser: 65532\n'),
    },
    {
      name: 'runAsUser: 0 on the pod: one finding on the value for all its containers',
      filePath: 'pod.yaml',
      code: pod('  securityContext:\n    fsGroup: 2000\n    runAsUser: 0\n  containers:\n  - name: a\n  - name: b\n'),
      errors: [{ line: 8, column: 16, endColumn: 17, message: 'runs as root' }],
      output: pod('  securityContext:\n    fsGroup: 2000\n    runAsNonRoot: true\n    runAsUser: 65532\n  containers:\n  - name: a\n  - name: b\n'),
    },
    {
      name: 'runAsUser: 0 on the container beats the pod-level runAsNonRoot',
      filePath: 'pod.yaml',
      code: pod('  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: web\n    securityContext:\n      runAsUser: 0\n'),
      errors: [{ line: 11, column: 18, endColumn: 19 }],
      output: pod('  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: web\n    securityContext:\n      runAsUser: 65532\n'),
    },
    {
      name: 'runAsUser outside securityContext (kube-linter fixture shape) does not count; DeploymentConfig',
      filePath: 'dc.yaml',
      code: 'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: app2\nspec:\n  template:\n    spec:\n      containers:\n      - name: app2\n        runAsUser: 0\n',
      errors: [{ line: 9, column: 9 }],
      output: 'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: app2\nspec:\n  template:\n    spec:\n      containers:\n      - name: app2\n        runAsUser: 0\n        securityContext:\n          runAsNonRoot: true\n          runAsUser: 65532\n',
    },
  ],
});

ruleTester('k8s-run-as-non-root', {
  valid: [],
  invalid: [
    {
      name: 'a pod-level runAsUser: 1000 (skaffold examples hot-reload k8s node.yaml): no "may run as root"',
      filePath: 'node.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: node\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 1000\n      containers:\n      - name: node\n        image: node-example\n        ports:\n        - containerPort: 3000\n',
      errors: [{ line: 11, column: 9, endColumn: 19, message: /^Neither the pod nor container 'node' sets runAsNonRoot: true\. It runs as user 1000 \(runAsUser\), but nothing makes the kubelet refuse root if that setting is dropped or changed\. Set runAsNonRoot: true\.$/ }],
      output: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: node\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 1000\n      containers:\n      - name: node\n        image: node-example\n        ports:\n        - containerPort: 3000\n        securityContext:\n          runAsNonRoot: true\n',
    },
    {
      name: 'a container-level runAsUser: 1001 with runAsGroup: 0 (kube-linter tests checks run-as-non-root.yml group-zero)',
      filePath: 'run-as-non-root.yml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: group-zero\nspec:\n  template:\n    spec:\n      containers:\n        - name: app3\n          securityContext:\n            runAsUser: 1001\n            runAsGroup: 0\n',
      errors: [{ line: 9, column: 11, endColumn: 21, message: 'It runs as user 1001 (runAsUser)' }],
      output: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: group-zero\nspec:\n  template:\n    spec:\n      containers:\n        - name: app3\n          securityContext:\n            runAsNonRoot: true\n            runAsUser: 1001\n            runAsGroup: 0\n',
    },
    {
      name: 'runAsNonRoot: false beside a numeric user says it is off root today',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  - name: web\n    securityContext: {runAsNonRoot: false, runAsUser: 1000}\n'),
      errors: [{ line: 8, column: 37, endColumn: 42, message: 'so the kubelet does not refuse to run it as root (runAsUser: 1000 keeps it off root today)' }],
      output: pod('  containers:\n  - name: web\n    securityContext: {runAsNonRoot: true, runAsUser: 1000}\n'),
    },
  ],
});

it('k8s-run-as-non-root: only runAsNonRoot beside a non-zero numeric runAsUser is a safe fix', () => {
  const code = pod(
    '  containers:\n  - name: kept-off-root\n    securityContext: {runAsUser: 1000}\n  - name: nothing\n    image: web:1\n  - name: root\n    securityContext: {runAsUser: 0}\n  - name: off\n    securityContext: {runAsNonRoot: false, runAsUser: 1000}\n  - name: named\n    securityContext: {runAsUser: "${RUN_AS_UID}"}\n',
  );
  assert.deepEqual(fixSafetyOf('k8s-run-as-non-root', code, { filePath: 'pod.yaml' }), ['safe', 'unsafe', 'unsafe', 'unsafe', 'unsafe']);
});
