import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const deploy = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
${containers}`;

ruleTester('k8s-exec-probe-in-minimal-image', {
  valid: [
    { name: 'httpGet probes', filePath: 'deploy.yaml', code: deploy('      - name: api\n        livenessProbe: {httpGet: {path: /health, port: 8080}}\n') },
    { name: 'an exec probe of the app\'s own binary', filePath: 'deploy.yaml', code: deploy('      - name: api\n        readinessProbe:\n          exec:\n            command: ["/bin/grpc_health_probe", "-addr=:9555"]\n') },
    { name: 'a preStop of the app itself', filePath: 'deploy.yaml', code: deploy('      - name: api\n        lifecycle:\n          preStop:\n            exec: {command: [/app, drain]}\n') },
  ],
  invalid: [
    {
      name: 'cat in a liveness probe: on the program; replaced by httpGet on /health',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        ports:\n        - containerPort: 8080\n        livenessProbe:\n          exec:\n            command:\n            - cat\n            - /tmp/healthy\n          periodSeconds: 5\n'),
      errors: [{ line: 15, column: 15, endColumn: 18, severity: 'error', message: "runs 'cat'" }],
      output: deploy('      - name: api\n        ports:\n        - containerPort: 8080\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: 8080\n          periodSeconds: 5\n'),
    },
    {
      name: 'nc in a readiness probe of a distroless container: one list of the tools minimal images lack, shared with no-shell-healthcheck and compose-healthcheck-in-minimal-image',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        image: gcr.io/distroless/static-debian12:nonroot\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n          exec: {command: ["nc", "-z", "localhost", "8080"]}\n'),
      errors: [{ line: 13, column: 28, endColumn: 32, severity: 'error', message: "runs 'nc', which distroless and scratch images do not have: its image 'gcr.io/distroless/static-debian12:nonroot' is one of them, so the probe always fails" }],
      output: deploy('      - name: api\n        image: gcr.io/distroless/static-debian12:nonroot\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8080\n'),
    },
    {
      name: 'a shell with curl in a readiness probe; Job containers too; a distroless image: the probe always fails',
      filePath: 'job.yaml',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n      - name: j\n        image: gcr.io/distroless/static-debian12:nonroot\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n          exec: {command: ["/bin/sh", "-c", "curl -f localhost:8080/ready"]}\n',
      errors: [{ line: 12, column: 28, endColumn: 37, message: "runs 'sh', which distroless and scratch images do not have: its image 'gcr.io/distroless/static-debian12:nonroot' is one of them, so the probe always fails" }],
      output: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n      - name: j\n        image: gcr.io/distroless/static-debian12:nonroot\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8080\n',
    },
    {
      name: 'redis image with a shell probe and no declared port (hello-app-redis redis-cluster.yaml): the consequence is conditional, and no port is invented',
      filePath: 'redis-cluster.yaml',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis}\nspec:\n  template:\n    spec:\n      containers:\n      - name: redis\n        image: redis:6.0.5\n        livenessProbe:\n          exec:\n            command: ["sh", "-c", "redis-cli -h $(hostname) ping"]\n',
      errors: [{ line: 12, column: 23, endColumn: 27, message: "runs 'sh', which distroless and scratch images do not have: if its image is one of them (as the standard's runtime images are), the probe always fails. Use an httpGet probe on /health (on the port the service listens on, which the container does not declare)." }],
      output: null,
    },
    {
      name: 'curl of a local URL in a distroless container: httpGet on the same URL, no port declared or invented',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        image: gcr.io/distroless/static-debian12:nonroot\n        livenessProbe:\n          exec:\n            command: ["curl", "-fsS", "http://localhost:9090/healthz"]\n          periodSeconds: 10\n'),
      errors: [{ line: 13, column: 23, endColumn: 29, message: 'Check the same URL with an httpGet probe (path /healthz, port 9090), which needs no program in the image.' }],
      output: deploy('      - name: api\n        image: gcr.io/distroless/static-debian12:nonroot\n        livenessProbe:\n          httpGet:\n            path: /healthz\n            port: 9090\n          periodSeconds: 10\n'),
    },
    {
      name: 'wget of an https URL in a shell script: scheme HTTPS, port 443',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        readinessProbe:\n          exec: {command: [sh, -c, "wget -q -O- https://127.0.0.1/ready || exit 1"]}\n'),
      errors: [{ line: 11, column: 28, endColumn: 30 }],
      output: deploy('      - name: api\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 443\n            scheme: HTTPS\n'),
    },
    {
      name: 'preStop sh -c sleep becomes the sleep action',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        lifecycle:\n          preStop:\n            exec:\n              command: ["sh", "-c", "sleep 5"]\n'),
      errors: [{ line: 13, column: 25, endColumn: 29, message: 'preStop hook' }],
      output: deploy('      - name: api\n        lifecycle:\n          preStop:\n            sleep:\n              seconds: 5\n'),
    },
    {
      name: 'other hook scripts get no automatic fix; init containers are checked',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        lifecycle:\n          postStart:\n            exec:\n              command: [wget, -q, http://localhost/warm]\n').replace('      containers:', '      initContainers:\n      - name: wait\n        startupProbe: {exec: {command: [bash, -c, "test -f /ready"]}}\n      containers:'),
      errors: [{ line: 10, column: 41, endColumn: 45, message: "runs 'bash'" }, { line: 16, column: 25, endColumn: 29, message: "runs 'wget'" }],
      output: null,
    },
  ],
});

it('k8s-exec-probe-in-minimal-image: the same URL in a known distroless image is a safe fix; in another image, or with two URLs, unsafe', () => {
  const probe = (image: string, command: string) => deploy(`      - name: api\n        image: ${image}\n        ports: [{containerPort: 8080}]\n        livenessProbe: {exec: {command: ${command}}}\n`);
  const safety = (code: string) => fixSafetyOf('k8s-exec-probe-in-minimal-image', code, { filePath: 'deploy.yaml' });
  assert.deepEqual(safety(probe('gcr.io/distroless/static-debian12:nonroot', '[curl, -f, "localhost:8080/health"]')), ['safe']);
  assert.deepEqual(safety(probe('alpine:3.20', '[curl, -f, "localhost:8080/health"]')), ['unsafe']);
  assert.deepEqual(safety(probe('gcr.io/distroless/static-debian12:nonroot', '[sh, -c, "curl -f localhost:8080/health && curl -f localhost:8081/ready"]')), ['unsafe']);
});

it('k8s-exec-probe-in-minimal-image: every fix is unsafe (a path the files do not show is served; the sleep action needs Kubernetes 1.30)', () => {
  const code = deploy('      - name: api\n        ports: [{name: http, containerPort: 8080}]\n        livenessProbe: {exec: {command: [cat, /tmp/healthy]}}\n        lifecycle:\n          preStop: {exec: {command: [sh, -c, "sleep 5"]}}\n');
  assert.deepEqual(fixSafetyOf('k8s-exec-probe-in-minimal-image', code, { filePath: 'deploy.yaml' }), ['unsafe', 'unsafe']);
});
