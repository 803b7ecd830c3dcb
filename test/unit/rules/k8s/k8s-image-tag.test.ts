import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruleTester } from '../../helpers';

// A kustomize folder like fluxcd/source-controller config/manager: the kustomization pins the tag.
const kustomized = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-image-tag-'));
fs.writeFileSync(
  path.join(kustomized, 'kustomization.yaml'),
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- service.yaml\n- deployment.yaml\n- manager.yaml\n- pinned.yaml\nimages:\n- name: fluxcd/source-controller\n  newName: fluxcd/source-controller\n  newTag: v1.9.0\n- name: controller\n  newName: example.com/project-v4\n  newTag: 0a1b2c3-v0.1.0\n- name: web\n  digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
);
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: source-controller
spec:
  template:
    spec:
      containers:
      - name: manager
        image: ${image}
        imagePullPolicy: IfNotPresent
`;

const pod = (containers: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
${containers}`;

ruleTester('k8s-image-tag', {
  valid: [
    { name: 'sha-semver tag', filePath: 'pod.yaml', code: pod('  - name: web\n    image: registry.example.com/team/web:3f9c2ab-v1.4.2\n') },
    { name: 'digest, with or without tag', filePath: 'pod.yaml', code: pod('  - name: a\n    image: web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  - name: b\n    image: "web:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"\n') },
    { name: 'templated or substituted images are not judged', filePath: 'pod.yaml', code: pod('  - name: a\n    image: "{{ .Values.image }}"\n  - name: b\n    image: ${IMAGE}\n') },
    { name: 'a registry port is not a tag', filePath: 'pod.yaml', code: pod('  - name: web\n    image: localhost:5000/web:0a1b2c3-v0.1.0\n') },
    { name: 'custom pattern', filePath: 'pod.yaml', config: { ownImages: ['web'], imageTagPattern: '^v\\d+\\.\\d+\\.\\d+$' }, code: pod('  - name: web\n    image: web:v1.2.3\n') },
    { name: 'kustomize images: newTag in the scheme (kubebuilder controller:latest)', filePath: path.join(kustomized, 'manager.yaml'), code: deployment('controller:latest') },
    {
      name: 'pinned third-party images get no tag-scheme finding (corpus: redis, dex): no ownImages known',
      filePath: 'pod.yaml',
      code: pod('  - name: redis\n    image: redis:8.10.1-alpine\n  - name: dex\n    image: ghcr.io/dexidp/dex:v2.45.1\n'),
    },
    {
      name: 'pinned third-party images get no tag-scheme finding: ownImages names other images',
      filePath: 'pod.yaml',
      config: { ownImages: ['ghcr.io/acme/*'] },
      code: pod('  - name: redis\n    image: redis:8.10.1-alpine\n  - name: dex\n    image: ghcr.io/dexidp/dex:v2.45.1\n  - name: api\n    image: ghcr.io/acme/payments-api:3f9c2ab-v1.4.2\n'),
    },
    { name: 'kustomize images: a digest', filePath: path.join(kustomized, 'pinned.yaml'), code: deployment('web') },
  ],
  invalid: [
    {
      name: 'latest and untagged are errors, on the image value',
      filePath: 'pod.yaml',
      code: pod('  - name: a\n    image: nginx:latest\n  - name: b\n    image: "registry.example.com:5000/team/web"\n'),
      errors: [
        { line: 8, column: 12, endColumn: 24, severity: 'error', message: "tagged 'latest'" },
        { line: 10, column: 12, endColumn: 48, severity: 'error', message: 'has no tag' },
      ],
      output: null,
    },
    {
      name: 'a tag outside the scheme is a warning; init containers and CronJobs too',
      filePath: 'cron.yaml',
      config: { ownImages: ['busybox', 'backup'] },
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: i, image: "busybox:1.36"}]\n          containers:\n          - name: c\n            image: backup:v1.2.3\n',
      errors: [
        { line: 9, column: 45, endColumn: 59, severity: 'warning', message: "tag '1.36'" },
        { line: 12, column: 20, endColumn: 33, severity: 'warning', message: "tag 'v1.2.3'" },
      ],
    },
    {
      name: 'the scheme is <sha>-v<semver>: a semver without the v, a bare sha or a plain version is a warning (GKE and podinfo tags)',
      filePath: 'pod.yaml',
      config: { ownImages: ['web', 'ghcr.io/stefanprodan/*', 'us-docker.pkg.dev/google-samples/**'] },
      code: pod('  - name: a\n    image: web:3f9c2ab-1.4.2\n  - name: b\n    image: web:3f9c2ab\n  - name: c\n    image: ghcr.io/stefanprodan/podinfo:6.14.1\n  - name: d\n    image: us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0\n  - name: e\n    image: web:3f9c2ab-v1.4.2-rc.1\n'),
      errors: [
        { line: 8, column: 12, endColumn: 29, severity: 'warning', message: "tag '3f9c2ab-1.4.2'" },
        { line: 10, column: 12, endColumn: 23, severity: 'warning', message: "tag '3f9c2ab'" },
        { line: 12, column: 12, endColumn: 47, severity: 'warning', message: "tag '6.14.1'" },
        { line: 14, column: 12, endColumn: 73, severity: 'warning', message: "tag '1.0'" },
      ],
      output: null,
    },
    {
      name: 'a digest after a tag outside the scheme is accepted (ingress-nginx); latest in an init container is an error',
      filePath: 'pod.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: copyutil\n    image: quay.io/argoproj/argocd:latest\n  containers:\n  - name: controller\n    image: registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:9724476b928967173d501040631b23ba07f47073999e80e34b120e8db5f234d5\n',
      errors: [{ line: 8, column: 12, endColumn: 42, severity: 'error', message: "Init container 'copyutil'" }],
    },
    {
      name: 'kustomize images: the newTag is judged (fluxcd source-controller, untagged in the manifest)',
      filePath: path.join(kustomized, 'deployment.yaml'),
      config: { ownImages: ['fluxcd/source-controller'] },
      code: deployment('fluxcd/source-controller'),
      errors: [{ line: 10, column: 16, endColumn: 40, severity: 'warning', message: "tag 'v1.9.0' (set by kustomization.yaml)" }],
      output: null,
    },
    {
      name: 'kustomize images do not apply to a file the kustomization does not list',
      filePath: path.join(kustomized, 'other.yaml'),
      code: deployment('fluxcd/source-controller'),
      errors: [{ line: 10, column: 16, endColumn: 40, severity: 'error', message: 'has no tag' }],
    },
    {
      name: 'through a merge key',
      filePath: 'pod.yaml',
      code: 'x-base: &base\n  image: web\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - <<: *base\n    name: p\n',
      errors: [{ line: 2, column: 10, endColumn: 13, severity: 'error' }],
    },
    {
      name: 'latest and untagged stay errors for third-party images, whatever ownImages says',
      filePath: 'pod.yaml',
      config: { ownImages: ['ghcr.io/acme/*'] },
      code: pod('  - name: redis\n    image: redis\n  - name: dex\n    image: ghcr.io/dexidp/dex:latest\n'),
      errors: [
        { line: 8, column: 12, severity: 'error', message: 'has no tag' },
        { line: 10, column: 12, severity: 'error', message: "tagged 'latest'" },
      ],
    },
    {
      name: 'an ownImages pattern with a tag or a docker.io prefix still names the repository',
      filePath: 'pod.yaml',
      config: { ownImages: ['docker.io/acme/api:*'] },
      code: pod('  - name: api\n    image: acme/api:1.4.2\n'),
      errors: [{ line: 8, column: 12, severity: 'warning', message: "tag '1.4.2'" }],
    },
  ],
});
