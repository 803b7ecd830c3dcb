import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const deploy = (containers: string, podExtra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
${podExtra}      containers:
${containers}`;

ruleTester('k8s-no-privilege-escalation', {
  valid: [
    { name: 'set to false', filePath: 'deploy.yaml', code: deploy('      - name: api\n        securityContext:\n          allowPrivilegeEscalation: false\n          privileged: false\n') },
    {
      name: 'through a merge key',
      filePath: 'deploy.yaml',
      code: `x-sc: &sc {allowPrivilegeEscalation: false}
${deploy('      - name: api\n        securityContext:\n          <<: *sc\n          runAsNonRoot: true\n')}`,
    },
    { name: 'not a workload kind', filePath: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  securityContext: nothing\n' },
  ],
  invalid: [
    {
      name: 'privileged init container of a StatefulSet (tailscale proxy): the container name for the missing field, the value for privileged',
      filePath: 'proxy.yaml',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {}\nspec:\n  replicas: 1\n  template:\n    spec:\n      serviceAccountName: proxies\n      initContainers:\n        - name: sysctler\n          securityContext:\n            privileged: true\n          command: ["/bin/sh", "-c"]\n      containers:\n        - name: tailscale\n          securityContext:\n            allowPrivilegeEscalation: false\n',
      errors: [
        { line: 10, column: 11, endColumn: 25, severity: 'error', message: "Init container 'sysctler' does not set" },
        { line: 12, column: 25, endColumn: 29, severity: 'error', message: "Init container 'sysctler' is privileged" },
      ],
      output: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {}\nspec:\n  replicas: 1\n  template:\n    spec:\n      serviceAccountName: proxies\n      initContainers:\n        - name: sysctler\n          securityContext:\n            allowPrivilegeEscalation: false\n            privileged: false\n          command: ["/bin/sh", "-c"]\n      containers:\n        - name: tailscale\n          securityContext:\n            allowPrivilegeEscalation: false\n',
    },
    {
      name: 'missing: on the name entry, added at the end of the container',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        image: api:1\n'),
      errors: [{ line: 9, column: 9, endColumn: 18, severity: 'error', message: 'allowPrivilegeEscalation: false' }],
      output: deploy('      - name: api\n        image: api:1\n        securityContext:\n          allowPrivilegeEscalation: false\n'),
    },
    {
      name: 'pod-level securityContext does not count; before capabilities in an existing block',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        securityContext:\n          readOnlyRootFilesystem: true\n          capabilities:\n            drop: [ALL]\n', '      securityContext:\n        runAsNonRoot: true\n'),
      errors: [{ line: 11, column: 9, endColumn: 18 }],
      output: deploy(
        '      - name: api\n        securityContext:\n          readOnlyRootFilesystem: true\n          allowPrivilegeEscalation: false\n          capabilities:\n            drop: [ALL]\n',
        '      securityContext:\n        runAsNonRoot: true\n',
      ),
    },
    {
      name: 'true and privileged: each on its value',
      filePath: 'deploy.yaml',
      code: deploy("      - name: api\n        securityContext:\n          privileged: true\n          allowPrivilegeEscalation: 'true'\n"),
      errors: [
        { line: 11, column: 23, endColumn: 27, message: 'is privileged' },
        { line: 12, column: 37, endColumn: 43, message: 'sets allowPrivilegeEscalation to true' },
      ],
      output: deploy('      - name: api\n        securityContext:\n          privileged: false\n          allowPrivilegeEscalation: false\n'),
    },
    {
      name: 'DaemonSet in flow style, CRLF',
      filePath: 'ds.yaml',
      code: 'apiVersion: apps/v1\r\nkind: DaemonSet\r\nmetadata: {name: agent}\r\nspec:\r\n  template:\r\n    spec:\r\n      containers: [{name: agent, securityContext: {privileged: true}}]\r\n',
      errors: [{ line: 7, column: 21, endColumn: 32, message: 'does not set' }, { line: 7, column: 64, endColumn: 68, message: 'is privileged' }],
      output:
        'apiVersion: apps/v1\r\nkind: DaemonSet\r\nmetadata: {name: agent}\r\nspec:\r\n  template:\r\n    spec:\r\n      containers: [{name: agent, securityContext: {allowPrivilegeEscalation: false, privileged: false}}]\r\n',
    },
  ],
});

it('k8s-no-privilege-escalation: adding a missing allowPrivilegeEscalation: false is safe; replacing true, privileged, or adding it beside privileged or SYS_ADMIN is unsafe', () => {
  const safety = (containers: string) => fixSafetyOf('k8s-no-privilege-escalation', deploy(containers), { filePath: 'deploy.yaml' });
  assert.deepEqual(safety('      - name: api\n        image: api:1\n'), ['safe']);
  assert.deepEqual(safety('      - name: api\n        securityContext:\n          allowPrivilegeEscalation:\n'), ['safe']);
  assert.deepEqual(safety('      - name: api\n        securityContext: {allowPrivilegeEscalation: true}\n'), ['unsafe']);
  // sysdig-daemonset.yaml: a privileged agent; Kubernetes rejects allowPrivilegeEscalation: false beside privileged: true.
  assert.deepEqual(safety('      - name: sysdig-agent\n        securityContext:\n         privileged: true\n'), ['unsafe', 'unsafe']);
  assert.deepEqual(safety('      - name: fuse\n        securityContext: {capabilities: {add: [SYS_ADMIN]}}\n'), ['unsafe']);
  // A non-root binary may get an added capability from its file capabilities (ingress-nginx's NET_BIND_SERVICE).
  assert.deepEqual(safety('      - name: controller\n        securityContext: {runAsUser: 101, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}\n'), ['unsafe']);
  // Rootless BuildKit: unconfined seccomp and AppArmor, and newuidmap needs its file capabilities.
  assert.deepEqual(safety('      - name: buildkitd\n        securityContext:\n          seccompProfile: {type: Unconfined}\n          runAsUser: 1000\n'), ['unsafe']);
  assert.deepEqual(
    fixSafetyOf('k8s-no-privilege-escalation', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/buildkitd: unconfined\nspec:\n  containers:\n  - name: buildkitd\n  - name: other\n', { filePath: 'pod.yaml' }),
    ['unsafe', 'safe'],
  );
});
