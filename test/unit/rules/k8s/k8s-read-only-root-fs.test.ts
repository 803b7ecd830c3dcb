import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

// A kustomize overlay: patch.yaml is listed as a patch, so it is partial by design.
const overlay = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-ro-'));
fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), 'resources:\n- ../base\npatches:\n- path: patch.yaml\n  target:\n    kind: Deployment\n');
const patchPath = path.join(overlay, 'patch.yaml');
const patch = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
${container}`;

ruleTester('k8s-read-only-root-fs', {
  valid: [
    { name: 'set on the container', filePath: 'pod.yaml', code: pod('  containers:\n  - name: web\n    securityContext:\n      readOnlyRootFilesystem: true\n') },
    { name: 'flow style', filePath: 'pod.yaml', code: pod('  containers: [{name: web, securityContext: {readOnlyRootFilesystem: true}}]\n') },
    {
      name: 'through an alias',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  - name: a\n    securityContext: &hardened\n      readOnlyRootFilesystem: true\n  - name: b\n    securityContext: *hardened\n'),
    },
    { name: 'a kustomize patch that does not set it', filePath: patchPath, code: patch('      - name: api\n        env:\n        - {name: A, value: b}\n') },
    {
      name: 'own suppression comment above the container',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  # container-standard ignore=k8s-read-only-root-fs -- writes its cache to /\n  - name: web\n    image: web:1\n'),
    },
    {
      name: 'kube-linter annotation',
      filePath: 'pod.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    ignore-check.kube-linter.io/no-read-only-root-fs: "writes to /var/cache"\nspec:\n  containers:\n  - name: web\n',
    },
    {
      name: 'Checkov annotation on the pod template',
      filePath: 'deploy.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      annotations:\n        checkov.io/skip1: CKV_K8S_22=legacy image writes to /\n    spec:\n      containers:\n      - name: web\n',
    },
    {
      name: 'Polaris exemption',
      filePath: 'deploy.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt: "true"\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n',
    },
    {
      name: 'Trivy comment above the container',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  #trivy:ignore:AVD-KSV-0014\n  - name: web\n'),
    },
    {
      name: 'Checkov comment above the container',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  #checkov:skip=CKV_K8S_22:writes to /\n  - name: web\n'),
    },
  ],
  invalid: [
    {
      name: 'no securityContext: on the name entry; the block goes at the end of the container',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  - name: web # the app\n    image: web:1\n    ports:\n    - containerPort: 8080\n'),
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 14, severity: 'error', message: 'readOnlyRootFilesystem' }],
      output: pod('  containers:\n  - name: web # the app\n    image: web:1\n    ports:\n    - containerPort: 8080\n    securityContext:\n      readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'block without the field: on the container name (it stays put while fixes add keys); canonical order kept',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  - name: web\n    securityContext:\n      runAsNonRoot: true\n      # keep escalation off\n      allowPrivilegeEscalation: false\n    volumeMounts: []\n'),
      errors: [{ line: 7, column: 5, endColumn: 14 }],
      output: pod('  containers:\n  - name: web\n    securityContext:\n      runAsNonRoot: true\n      readOnlyRootFilesystem: true\n      # keep escalation off\n      allowPrivilegeEscalation: false\n    volumeMounts: []\n'),
    },
    {
      name: 'keys in alphabetical order (kube-prometheus): after the last runAs key, not among them',
      filePath: 'exporter.yaml',
      code: pod('  containers:\n  - args:\n    - --web.listen-address=:19115\n    image: quay.io/prometheus/blackbox-exporter:v0.28.0\n    name: blackbox-exporter\n    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop:\n        - ALL\n      runAsGroup: 65534\n      runAsNonRoot: true\n      runAsUser: 65534\n    volumeMounts:\n    - mountPath: /etc/blackbox_exporter/\n      name: config\n'),
      errors: [{ line: 10, column: 5, endColumn: 28 }],
      output: pod('  containers:\n  - args:\n    - --web.listen-address=:19115\n    image: quay.io/prometheus/blackbox-exporter:v0.28.0\n    name: blackbox-exporter\n    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop:\n        - ALL\n      runAsGroup: 65534\n      runAsNonRoot: true\n      runAsUser: 65534\n      readOnlyRootFilesystem: true\n    volumeMounts:\n    - mountPath: /etc/blackbox_exporter/\n      name: config\n'),
    },
    {
      name: 'false: on the value',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  - name: web\n    securityContext:\n      readOnlyRootFilesystem: false   # TODO\n'),
      errors: [{ line: 9, column: 31, endColumn: 36, message: 'sets readOnlyRootFilesystem to false' }],
      output: pod('  containers:\n  - name: web\n    securityContext:\n      readOnlyRootFilesystem: true   # TODO\n'),
    },
    {
      name: 'the pod-level securityContext does not count',
      filePath: 'pod.yaml',
      code: pod('  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: web\n'),
      errors: [{ line: 9, column: 5 }],
      output: pod('  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: web\n    securityContext:\n      readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'flow securityContext stays flow; empty securityContext gets a block',
      filePath: 'pod.yaml',
      code: pod('  containers:\n  - name: a\n    securityContext: {runAsNonRoot: true}\n  - name: b\n    securityContext:\n  - name: c\n'),
      errors: [{ line: 7, column: 5 }, { line: 9, column: 5 }, { line: 11, column: 5 }],
      output: pod(
        '  containers:\n  - name: a\n    securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}\n  - name: b\n    securityContext:\n      readOnlyRootFilesystem: true\n  - name: c\n    securityContext:\n      readOnlyRootFilesystem: true\n',
      ),
    },
    {
      name: 'init containers and Job containers',
      filePath: 'job.yaml',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: wait\n      containers:\n        - name: run\n          securityContext:\n            readOnlyRootFilesystem: "true"\n',
      errors: [{ line: 8, column: 11, message: "Init container 'wait'" }, { line: 12, column: 37, endColumn: 43 }],
      output:
        'apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: wait\n          securityContext:\n            readOnlyRootFilesystem: true\n      containers:\n        - name: run\n          securityContext:\n            readOnlyRootFilesystem: true\n',
    },
    {
      name: 'a kustomize patch is still judged on the values it sets',
      filePath: patchPath,
      code: patch('      - name: api\n        securityContext:\n          readOnlyRootFilesystem: false\n'),
      errors: [{ line: 11, column: 35 }],
      output: patch('      - name: api\n        securityContext:\n          readOnlyRootFilesystem: true\n'),
    },
    {
      name: 'an annotation for another check does not hide it; nor one on another document',
      filePath: 'all.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    ignore-check.kube-linter.io/no-read-only-root-fs: ok\nspec:\n  containers: [{name: a}]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  annotations:\n    ignore-check.kube-linter.io/latest-tag: ok\nspec:\n  containers: [{name: b}]\n',
      errors: [{ line: 17, column: 17 }],
    },
  ],
});

it('k8s-read-only-root-fs: adding true and replacing false are both unsafe (ingress-nginx sets readOnlyRootFilesystem: false)', () => {
  const code = pod('  containers:\n  - name: controller\n    securityContext:\n      allowPrivilegeEscalation: true\n      readOnlyRootFilesystem: false\n      runAsUser: 101\n  - name: web\n');
  assert.deepEqual(fixSafetyOf('k8s-read-only-root-fs', code, { filePath: 'deploy-ingress-nginx.yaml' }), ['unsafe', 'unsafe']);
});
