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
${podSpec}      containers:
      - name: api
`;

ruleTester('k8s-termination-grace', {
  valid: [
    { name: 'unset (default 30)', filePath: 'deploy.yaml', code: deploy('') },
    { name: '30 or more', filePath: 'deploy.yaml', code: deploy('      terminationGracePeriodSeconds: 45\n') },
  ],
  invalid: [
    {
      name: 'below 30: on the value, set to 30 with the comment kept',
      filePath: 'deploy.yaml',
      code: deploy('      terminationGracePeriodSeconds: 10 # fast rollouts\n'),
      errors: [{ line: 8, column: 38, endColumn: 40, severity: 'warning', message: 'is 10' }],
      output: deploy('      terminationGracePeriodSeconds: 30 # fast rollouts\n'),
    },
    {
      name: 'a Pod in flow style and a CronJob',
      filePath: 'all.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {terminationGracePeriodSeconds: 0, containers: [{name: p}]}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          terminationGracePeriodSeconds: 5\n          containers: [{name: c}]\n',
      errors: [{ line: 4, column: 39, endColumn: 40 }, { line: 14, column: 42 }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {terminationGracePeriodSeconds: 30, containers: [{name: p}]}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          terminationGracePeriodSeconds: 30\n          containers: [{name: c}]\n',
    },
  ],
});

ruleTester('k8s-termination-grace', {
  valid: [],
  invalid: [
    {
      name: 'the drain consequence is conditional',
      filePath: 'deploy.yaml',
      code: deploy('      terminationGracePeriodSeconds: 10\n'),
      errors: [{ line: 8, column: 38, message: /^terminationGracePeriodSeconds is 10, below the 30 s the standard gives a service to drain on SIGTERM: if it is still draining after 10 s, the kubelet kills it and its in-flight requests fail\./ }],
    },
  ],
});

it('k8s-termination-grace: the fix is unsafe (it replaces the period the author wrote)', () => {
  assert.deepEqual(fixSafetyOf('k8s-termination-grace', deploy('      terminationGracePeriodSeconds: 10\n'), { filePath: 'deploy.yaml' }), ['unsafe']);
});
