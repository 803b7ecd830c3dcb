import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { lint, ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const deploy = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
${podSpec}`;

ruleTester('k8s-seccomp-profile', {
  valid: [
    { name: 'pod-level RuntimeDefault', filePath: 'deploy.yaml', code: deploy('      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n      - name: api\n') },
    { name: 'container-level Localhost', filePath: 'deploy.yaml', code: deploy('      containers:\n      - name: api\n        securityContext:\n          seccompProfile: {type: Localhost, localhostProfile: profiles/api.json}\n') },
    {
      name: 'legacy pod annotation',
      filePath: 'deploy.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    metadata:\n      annotations:\n        seccomp.security.alpha.kubernetes.io/pod: runtime/default\n    spec:\n      containers:\n      - name: api\n',
    },
  ],
  invalid: [
    {
      name: 'nothing: on the name entry; pod-level profile added before containers',
      filePath: 'deploy.yaml',
      code: deploy('      serviceAccountName: api\n      containers:\n      - name: api\n'),
      errors: [{ line: 10, column: 9, endColumn: 18, severity: 'info', message: 'no seccomp profile' }],
      output: deploy('      serviceAccountName: api\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n      - name: api\n'),
    },
    {
      name: 'pod securityContext without a profile: one finding on its key for all containers',
      filePath: 'deploy.yaml',
      code: deploy('      securityContext:\n        runAsNonRoot: true\n      # init first\n      initContainers:\n      - name: init\n      containers:\n      - name: api\n'),
      errors: [{ line: 8, column: 7, endColumn: 22 }],
      output: deploy('      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n      # init first\n      initContainers:\n      - name: init\n      containers:\n      - name: api\n'),
    },
    {
      name: 'a pod-level securityContext: {} is filled as a block',
      filePath: 'deploy.yaml',
      code: deploy('      securityContext: {}\n      containers:\n      - name: api\n'),
      errors: [{ line: 8, column: 7 }],
      output: deploy('      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n      - name: api\n'),
    },
    {
      name: 'Unconfined on the container overrides the pod: on that value',
      filePath: 'deploy.yaml',
      code: deploy('      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n      containers:\n      - name: api\n        securityContext:\n          seccompProfile:\n            type: Unconfined\n'),
      errors: [{ line: 14, column: 19, endColumn: 29, message: '"Unconfined"' }],
      output: deploy('      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n      containers:\n      - name: api\n        securityContext:\n          seccompProfile:\n            type: RuntimeDefault\n'),
    },
    {
      name: 'pod securityContext with runAs keys (microservices-demo loadgenerator.yaml): one finding on its key naming init container frontend-check and main; the profile goes after its last key',
      filePath: 'loadgenerator.yaml',
      code: deploy(
        '      serviceAccountName: loadgenerator\n      securityContext:\n        fsGroup: 1000\n        runAsGroup: 1000\n        runAsNonRoot: true\n        runAsUser: 1000\n      initContainers:\n      - command:\n        - /bin/sh\n        - -exc\n        - |\n          wget -q "http://${FRONTEND_ADDR}"\n        name: frontend-check\n        image: busybox:1.38.0\n      containers:\n      - name: main\n        image: loadgenerator\n',
      ),
      errors: [{ line: 9, column: 7, endColumn: 22, severity: 'info', message: /^Deployment 'api': init container 'frontend-check' and container 'main' have no seccomp profile, so they may make any system call of the host kernel\. Set seccompProfile type RuntimeDefault in the pod's securityContext/ }],
      output: deploy(
        '      serviceAccountName: loadgenerator\n      securityContext:\n        fsGroup: 1000\n        runAsGroup: 1000\n        runAsNonRoot: true\n        runAsUser: 1000\n        seccompProfile:\n          type: RuntimeDefault\n      initContainers:\n      - command:\n        - /bin/sh\n        - -exc\n        - |\n          wget -q "http://${FRONTEND_ADDR}"\n        name: frontend-check\n        image: busybox:1.38.0\n      containers:\n      - name: main\n        image: loadgenerator\n',
      ),
    },
    {
      name: 'container securityContexts in alphabetical order (kube-prometheus), no pod block: one finding on the first one\'s container name (it stays put while fixes add keys), naming both',
      filePath: 'blackbox.yaml',
      code: deploy(
        '      containers:\n      - args:\n        - --web.listen-address=:19115\n        image: quay.io/prometheus/blackbox-exporter:v0.28.0\n        name: blackbox-exporter\n        securityContext:\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n          runAsNonRoot: true\n          runAsUser: 65534\n      - image: ghcr.io/jimmidyson/configmap-reload:v0.15.0\n        name: module-configmap-reloader\n        securityContext:\n          allowPrivilegeEscalation: false\n      - image: quay.io/brancz/kube-rbac-proxy:v0.22.1\n        name: kube-rbac-proxy\n        securityContext:\n          runAsUser: 65532\n          seccompProfile:\n            type: RuntimeDefault\n',
      ),
      errors: [{ line: 12, column: 9, endColumn: 32, message: "Deployment 'api': container 'blackbox-exporter' and container 'module-configmap-reloader' have no seccomp profile" }],
      output: deploy(
        '      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n      - args:\n        - --web.listen-address=:19115\n        image: quay.io/prometheus/blackbox-exporter:v0.28.0\n        name: blackbox-exporter\n        securityContext:\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n          runAsNonRoot: true\n          runAsUser: 65534\n      - image: ghcr.io/jimmidyson/configmap-reload:v0.15.0\n        name: module-configmap-reloader\n        securityContext:\n          allowPrivilegeEscalation: false\n      - image: quay.io/brancz/kube-rbac-proxy:v0.22.1\n        name: kube-rbac-proxy\n        securityContext:\n          runAsUser: 65532\n          seccompProfile:\n            type: RuntimeDefault\n',
      ),
    },
    {
      name: 'Unconfined on the pod with two containers: said of the pod',
      filePath: 'deploy.yaml',
      code: deploy('      securityContext:\n        seccompProfile: {type: Unconfined}\n      containers:\n      - name: api\n      - name: sidecar\n'),
      errors: [{ line: 9, column: 32, endColumn: 42, message: "The pod of Deployment 'api' runs with seccomp profile \"Unconfined\"" }],
      output: deploy('      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n      containers:\n      - name: api\n      - name: sidecar\n'),
    },
    {
      name: 'CronJob with a flow pod spec',
      filePath: 'cron.yaml',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: {restartPolicy: Never, containers: [{name: c}]}\n',
      errors: [{ line: 8, column: 52 }],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: {restartPolicy: Never, securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: c}]}\n',
    },
  ],
});

it('k8s-seccomp-profile: adding RuntimeDefault where none is set is safe; replacing the author\'s Unconfined is unsafe', () => {
  assert.deepEqual(fixSafetyOf('k8s-seccomp-profile', deploy('      containers:\n      - name: api\n'), { filePath: 'deploy.yaml' }), ['safe']);
  assert.deepEqual(fixSafetyOf('k8s-seccomp-profile', deploy('      containers:\n      - name: api\n        securityContext: {seccompProfile: {type: Unconfined}}\n'), { filePath: 'deploy.yaml' }), ['unsafe']);
  const annotated = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\nspec:\n  containers:\n  - name: api\n';
  assert.deepEqual(fixSafetyOf('k8s-seccomp-profile', annotated, { filePath: 'pod.yaml' }), ['unsafe']);
  assert.match(lint(annotated, { filePath: 'pod.yaml', rules: ['k8s-seccomp-profile'] })[0].message, /remove the annotation seccomp\.security\.alpha\.kubernetes\.io\/pod: unconfined, which Kubernetes requires to agree with it\.$/);
});
