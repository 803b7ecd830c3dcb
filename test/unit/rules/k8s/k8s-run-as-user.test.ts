import { ruleTester } from '../../helpers';

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
    { name: 'no runAsNonRoot at all (k8s-run-as-non-root reports that)', filePath: 'deploy.yaml', code: deploy('      containers:\n      - name: api\n') },
  ],
  invalid: [
    {
      name: 'runAsNonRoot on the container without a user: on its securityContext key',
      filePath: 'deploy.yaml',
      code: deploy('      containers:\n      - name: api\n        securityContext:\n          runAsNonRoot: true\n          readOnlyRootFilesystem: true\n'),
      errors: [{ line: 10, column: 9, endColumn: 24, severity: 'warning', message: 'no numeric runAsUser' }],
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
      errors: [{ line: 10, column: 58, endColumn: 67, message: '"nonroot"' }],
      output: deploy('      containers:\n      - name: api\n        securityContext: {runAsNonRoot: true, runAsUser: 65532}\n'),
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
