import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const pod = (containers: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
${containers}`;

ruleTester('k8s-drop-capabilities', {
  valid: [
    { name: 'drop ALL, add back one', filePath: 'pod.yaml', code: pod('  - name: web\n    securityContext:\n      capabilities:\n        drop: ["ALL"]\n        add: [NET_BIND_SERVICE]\n') },
    { name: 'block list, lowercase all', filePath: 'pod.yaml', code: pod('  - name: web\n    securityContext:\n      capabilities:\n        drop:\n          - all\n') },
  ],
  invalid: [
    {
      name: 'no securityContext: on the name entry; block list in the file style',
      filePath: 'pod.yaml',
      code: pod('  - name: web\n    ports:\n    - containerPort: 80\n'),
      errors: [{ line: 7, column: 5, endColumn: 14, severity: 'warning', message: 'does not drop all Linux capabilities' }],
      output: pod('  - name: web\n    ports:\n    - containerPort: 80\n    securityContext:\n      capabilities:\n        drop:\n        - ALL\n'),
    },
    {
      name: 'indented sequences are kept when the file indents them',
      filePath: 'pod.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      securityContext:\n        runAsNonRoot: true\n',
      // On the container's name entry, which stays put while fixes add keys (ux-review item 3).
      errors: [{ line: 7, column: 7, endColumn: 16 }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      securityContext:\n        runAsNonRoot: true\n        capabilities:\n          drop:\n            - ALL\n',
    },
    {
      name: 'capabilities without drop: on the capabilities key',
      filePath: 'pod.yaml',
      code: pod('  - name: web\n    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE]\n'),
      errors: [{ line: 9, column: 7, endColumn: 19 }],
      output: pod('  - name: web\n    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE]\n        drop:\n        - ALL\n'),
    },
    {
      name: 'capabilities with an indented add list (cassandra StatefulSet): drop written in the same list style',
      filePath: 'cassandra.yaml',
      code: 'apiVersion: "apps/v1" # for k8s versions before 1.9.0 use apps/v1beta2\nkind: StatefulSet\nmetadata:\n  name: cassandra\nspec:\n  template:\n    spec:\n      containers:\n      - name: cassandra\n        image: gcr.io/google-samples/cassandra:v14\n        ports:\n        - containerPort: 7000\n          name: intra-node\n        securityContext:\n          capabilities:\n            add:\n              - IPC_LOCK\n        lifecycle:\n          preStop:\n            exec:\n              command:\n              - /bin/sh\n              - -c\n              - nodetool drain\n',
      errors: [{ line: 15, column: 11, endColumn: 23, severity: 'warning' }],
      output: 'apiVersion: "apps/v1" # for k8s versions before 1.9.0 use apps/v1beta2\nkind: StatefulSet\nmetadata:\n  name: cassandra\nspec:\n  template:\n    spec:\n      containers:\n      - name: cassandra\n        image: gcr.io/google-samples/cassandra:v14\n        ports:\n        - containerPort: 7000\n          name: intra-node\n        securityContext:\n          capabilities:\n            add:\n              - IPC_LOCK\n            drop:\n              - ALL\n        lifecycle:\n          preStop:\n            exec:\n              command:\n              - /bin/sh\n              - -c\n              - nodetool drain\n',
    },
    {
      name: 'drop without ALL: on the drop entry; ALL appended in the list style',
      filePath: 'pod.yaml',
      code: pod('  - name: a\n    securityContext:\n      capabilities:\n        drop: [NET_RAW]\n  - name: b\n    securityContext:\n      capabilities:\n        drop:\n        - NET_RAW # spoofing\n'),
      errors: [
        { line: 10, column: 9, endColumn: 24 },
        { line: 14, column: 9, endLine: 15, endColumn: 18 },
      ],
      output: pod('  - name: a\n    securityContext:\n      capabilities:\n        drop: [NET_RAW, ALL]\n  - name: b\n    securityContext:\n      capabilities:\n        drop:\n        - NET_RAW # spoofing\n        - ALL\n'),
    },
    {
      name: 'empty drop list and null drop',
      filePath: 'pod.yaml',
      code: pod('  - name: a\n    securityContext: {capabilities: {drop: []}}\n  - name: b\n    securityContext:\n      capabilities:\n        drop:\n'),
      errors: [{ line: 8, column: 38 }, { line: 12, column: 9 }],
      output: pod('  - name: a\n    securityContext: {capabilities: {drop: [ALL]}}\n  - name: b\n    securityContext:\n      capabilities:\n        drop:\n        - ALL\n'),
    },
    {
      name: 'the pod-level securityContext has no capabilities; CronJob',
      filePath: 'cron.yaml',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          securityContext:\n            capabilities: {drop: [ALL]}\n          containers:\n          - name: c\n',
      errors: [{ line: 12, column: 13 }],
    },
  ],
});

it('k8s-drop-capabilities: every fix is unsafe (a root entrypoint may need CHOWN, SETUID, SETGID)', () => {
  const code = pod('  - name: a\n  - name: b\n    securityContext: {capabilities: {add: [NET_ADMIN]}}\n  - name: c\n    securityContext: {capabilities: {drop: [NET_RAW]}}\n');
  assert.deepEqual(fixSafetyOf('k8s-drop-capabilities', code, { filePath: 'pod.yaml' }), ['unsafe', 'unsafe', 'unsafe']);
});
