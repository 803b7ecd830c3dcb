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

ruleTester('k8s-liveness-probe', {
  valid: [
    { name: 'httpGet on /health', filePath: 'deploy.yaml', code: deploy('      - name: api\n        livenessProbe:\n          httpGet: {path: /health, port: http}\n') },
    { name: 'trailing slash and query', filePath: 'deploy.yaml', code: deploy('      - name: api\n        livenessProbe:\n          httpGet:\n            path: "/health/?deep=0"\n            port: 8080\n') },
    {
      name: 'Job, CronJob and init containers are not checked',
      filePath: 'batch.yaml',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: j}]\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: init}]\n  containers:\n  - name: p\n    livenessProbe: {httpGet: {path: /health, port: 80}}\n',
    },
  ],
  invalid: [
    {
      name: 'missing beside an HTTPS readiness probe (metrics-server): same port and scheme, placed before it',
      filePath: 'metrics-server.yaml',
      code: deploy(
        '      - name: metrics-server\n        image: gcr.io/k8s-staging-metrics-server/metrics-server:master\n        ports:\n        - name: https\n          containerPort: 10250\n          protocol: TCP\n        readinessProbe:\n          httpGet:\n            path: /readyz\n            port: https\n            scheme: HTTPS\n          periodSeconds: 10\n        securityContext:\n          readOnlyRootFilesystem: true\n',
      ),
      errors: [{ line: 9, column: 9, endColumn: 29, severity: 'error', message: 'has no livenessProbe' }],
      output: deploy(
        '      - name: metrics-server\n        image: gcr.io/k8s-staging-metrics-server/metrics-server:master\n        ports:\n        - name: https\n          containerPort: 10250\n          protocol: TCP\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: https\n            scheme: HTTPS\n        readinessProbe:\n          httpGet:\n            path: /readyz\n            port: https\n            scheme: HTTPS\n          periodSeconds: 10\n        securityContext:\n          readOnlyRootFilesystem: true\n',
      ),
    },
    {
      name: 'only a TLS port (kube-rbac-proxy sidecar, name after args and image): HTTPS on it; http-metrics beats grpc in podinfo',
      filePath: 'deploy.yaml',
      code: deploy(
        '      - args:\n        - --secure-listen-address=:9115\n        image: quay.io/brancz/kube-rbac-proxy:v0.22.1\n        name: kube-rbac-proxy\n        ports:\n        - containerPort: 9115\n          name: https\n        resources:\n          limits: {cpu: 20m, memory: 40Mi}\n      - name: podinfod\n        ports:\n        - name: grpc\n          containerPort: 9999\n        - name: http-metrics\n          containerPort: 9797\n',
      ),
      errors: [
        { line: 12, column: 9, endColumn: 30 },
        { line: 18, column: 9, endColumn: 23 },
      ],
      output: deploy(
        '      - args:\n        - --secure-listen-address=:9115\n        image: quay.io/brancz/kube-rbac-proxy:v0.22.1\n        name: kube-rbac-proxy\n        ports:\n        - containerPort: 9115\n          name: https\n        resources:\n          limits: {cpu: 20m, memory: 40Mi}\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: https\n            scheme: HTTPS\n      - name: podinfod\n        ports:\n        - name: grpc\n          containerPort: 9999\n        - name: http-metrics\n          containerPort: 9797\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: http-metrics\n',
      ),
    },
    {
      name: 'missing: on the name entry; httpGet on the named container port, after ports',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        ports:\n        - name: metrics\n          containerPort: 9090\n        - name: http\n          containerPort: 8080\n        securityContext:\n          runAsNonRoot: true\n'),
      errors: [{ line: 9, column: 9, endColumn: 18, severity: 'error', message: 'has no livenessProbe' }],
      output: deploy(
        '      - name: api\n        ports:\n        - name: metrics\n          containerPort: 9090\n        - name: http\n          containerPort: 8080\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: http\n        securityContext:\n          runAsNonRoot: true\n',
      ),
    },
    {
      name: 'missing with no ports: default 8080, right before the readiness probe',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        image: api:1\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n'),
      errors: [{ line: 9, column: 9 }],
      output: deploy('      - name: api\n        image: api:1\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: 8080\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n'),
    },
    {
      name: 'numbered port, StatefulSet, CRLF',
      filePath: 'sts.yaml',
      code: 'apiVersion: apps/v1\r\nkind: StatefulSet\r\nmetadata: {name: db}\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - name: db\r\n        ports:\r\n        - containerPort: 5432\r\n',
      errors: [{ line: 8, column: 9 }],
      output:
        'apiVersion: apps/v1\r\nkind: StatefulSet\r\nmetadata: {name: db}\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - name: db\r\n        ports:\r\n        - containerPort: 5432\r\n        livenessProbe:\r\n          httpGet:\r\n            path: /health\r\n            port: 5432\r\n',
    },
    {
      name: 'wrong path: on the path value, quotes kept',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        livenessProbe:\n          httpGet:\n            path: "/healthz"\n            port: 8080\n          periodSeconds: 10\n'),
      errors: [{ line: 12, column: 19, endColumn: 29, message: 'checks "/healthz", not the standard\'s /health (answered without touching dependencies' }],
      output: deploy('      - name: api\n        livenessProbe:\n          httpGet:\n            path: "/health"\n            port: 8080\n          periodSeconds: 10\n'),
    },
    {
      name: 'httpGet without a path checks /: on the httpGet key',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        livenessProbe:\n          httpGet:\n            port: 8080\n'),
      errors: [{ line: 11, column: 11, endColumn: 18, message: 'the default path /' }],
      output: deploy('      - name: api\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: 8080\n'),
    },
    {
      name: 'exec and tcpSocket handlers: on the handler key, replaced by httpGet on the same port',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        ports: [{containerPort: 8080}]\n        livenessProbe:\n          exec:\n            command: [cat, /tmp/healthy]\n          initialDelaySeconds: 5\n      - name: sidecar\n        livenessProbe: {tcpSocket: {port: 9000}, periodSeconds: 5}\n'),
      errors: [
        { line: 12, column: 11, endColumn: 15, message: 'uses exec' },
        { line: 16, column: 25, endColumn: 34, message: 'uses tcpSocket' },
      ],
      output: deploy(
        '      - name: api\n        ports: [{containerPort: 8080}]\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: 8080\n          initialDelaySeconds: 5\n      - name: sidecar\n        livenessProbe: {httpGet: {path: /health, port: 9000}, periodSeconds: 5}\n',
      ),
    },
    {
      name: 'ReplicaSet and a bare Pod',
      filePath: 'rs.yaml',
      code: 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  template:\n    spec:\n      containers: [{name: rs}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: p}]\n',
      errors: [
        { line: 7, column: 21, message: "Container 'rs' has no livenessProbe: a hung process is never restarted. Add an httpGet livenessProbe on /health (on the port the service listens on, which the container does not declare)." },
        { line: 13, column: 17 },
      ],
      output: null,
    },
  ],
});

ruleTester('k8s-liveness-probe', {
  valid: [
    {
      name: 'kube-linter annotation without its no- prefix',
      filePath: 'deploy.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n    ignore-check.kube-linter.io/liveness-probe: "worker without HTTP"\nspec:\n  template:\n    spec:\n      containers: [{name: api}]\n',
    },
    {
      name: 'kube-linter annotation with its real name, Polaris and Checkov',
      filePath: 'deploy.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  annotations:\n    ignore-check.kube-linter.io/no-liveness-probe: "x"\nspec:\n  template:\n    spec:\n      containers: [{name: a}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n  annotations:\n    polaris.fairwinds.com/livenessProbeMissing-exempt: "true"\nspec:\n  template:\n    spec:\n      containers: [{name: b}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: c\n  annotations:\n    checkov.io/skip3: "CKV_K8S_8=worker"\nspec:\n  template:\n    spec:\n      containers: [{name: c}]\n',
    },
  ],
  invalid: [
    {
      name: 'a Polaris exemption set to false does not hide it',
      filePath: 'deploy.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n  annotations:\n    polaris.fairwinds.com/livenessProbeMissing-exempt: "false"\nspec:\n  template:\n    spec:\n      containers: [{name: b}]\n',
      errors: [{ line: 10, column: 21 }],
    },
  ],
});

ruleTester('k8s-liveness-probe', {
  valid: [],
  invalid: [
    {
      name: 'a working probe on another path (microservices-demo frontend.yaml): the standard\'s convention, no claim that a hung process is never restarted',
      filePath: 'frontend.yaml',
      code: deploy(
        '      - name: server\n        image: frontend\n        ports:\n        - containerPort: 8080\n        livenessProbe:\n          initialDelaySeconds: 10\n          httpGet:\n            path: "/_healthz"\n            port: 8080\n            httpHeaders:\n            - name: "Cookie"\n              value: "shop_session-id=x-liveness-probe"\n',
      ),
      errors: [{ line: 16, column: 19, endColumn: 30, message: /^The livenessProbe of container 'server' checks "\/_healthz", not the standard's \/health \(answered without touching dependencies, so only a stuck process is restarted\)\. Serve \/health and point the probe at it\.$/ }],
    },
    {
      name: 'a grpc probe (microservices-demo release kubernetes-manifests.yaml): uses grpc, port kept by the fix',
      filePath: 'kubernetes-manifests.yaml',
      code: deploy('      - name: server\n        ports:\n        - containerPort: 9555\n        livenessProbe:\n          initialDelaySeconds: 20\n          periodSeconds: 15\n          grpc:\n            port: 9555\n'),
      errors: [{ line: 15, column: 11, endColumn: 15, message: /^The livenessProbe of container 'server' uses grpc, not the standard's httpGet on \/health \([^)]*\)\. Serve \/health and probe it with httpGet\.$/ }],
      output: deploy('      - name: server\n        ports:\n        - containerPort: 9555\n        livenessProbe:\n          initialDelaySeconds: 20\n          periodSeconds: 15\n          httpGet:\n            path: /health\n            port: 9555\n'),
    },
    {
      name: 'a tcpSocket probe on redis (microservices-demo release kubernetes-manifests.yaml): says what a tcpSocket probe sees',
      filePath: 'kubernetes-manifests.yaml',
      code: deploy('      - name: redis\n        image: redis:alpine\n        ports:\n        - containerPort: 6379\n        livenessProbe:\n          periodSeconds: 5\n          tcpSocket:\n            port: 6379\n'),
      errors: [{ line: 15, column: 11, endColumn: 20, message: 'uses tcpSocket, not the standard\'s httpGet on /health (answered without touching dependencies, so only a stuck process is restarted): a tcpSocket probe only sees that the port accepts connections.' }],
    },
    {
      name: 'podinfo\'s exec probe (podinfo kustomize deployment.yaml): port chosen among the declared ones',
      filePath: 'deployment.yaml',
      code: deploy('      - name: podinfod\n        ports:\n        - name: http\n          containerPort: 9898\n          protocol: TCP\n        livenessProbe:\n          exec:\n            command:\n            - podcli\n            - check\n            - http\n            - localhost:9898/healthz\n          initialDelaySeconds: 5\n'),
      errors: [{ line: 15, column: 11, endColumn: 15, message: "The livenessProbe of container 'podinfod' uses exec, not the standard's httpGet on /health" }],
      output: deploy('      - name: podinfod\n        ports:\n        - name: http\n          containerPort: 9898\n          protocol: TCP\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: http\n          initialDelaySeconds: 5\n'),
    },
    {
      name: 'no declared port (sysdig-daemonset.yaml, CRLF): no port is invented, so no fix',
      filePath: 'sysdig-daemonset.yaml',
      code: 'apiVersion: apps/v1\r\nkind: DaemonSet\r\nmetadata:\r\n  name: sysdig-agent\r\nspec:\r\n  template:\r\n    spec:\r\n      hostNetwork: true\r\n      containers:\r\n      - name: sysdig-agent\r\n        image: sysdig/agent\r\n        securityContext:\r\n         privileged: true\r\n',
      errors: [{ line: 10, column: 9, message: 'on the port the service listens on, which the container does not declare' }],
      output: null,
    },
    {
      name: 'an exec probe and no declared port (podinfo cache deployment.yaml shape): no fix',
      filePath: 'deployment.yaml',
      code: deploy('      - name: redis\n        livenessProbe:\n          exec: {command: [redis-cli, ping]}\n'),
      errors: [{ line: 11, column: 11, message: 'uses exec, not the standard\'s httpGet on /health (answered without touching dependencies, so only a stuck process is restarted). Serve /health and probe it with httpGet (on the port the service listens on, which the container does not declare).' }],
      output: null,
    },
  ],
});

it('k8s-liveness-probe: every fix is unsafe (a path the files do not show is served, or a working probe replaced)', () => {
  const code = deploy(
    '      - name: missing\n        ports: [{name: http, containerPort: 8080}]\n      - name: path\n        livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n      - name: grpc\n        livenessProbe: {grpc: {port: 9555}}\n      - name: nohandler\n        ports: [{containerPort: 8080}]\n        livenessProbe: {periodSeconds: 5}\n',
  );
  assert.deepEqual(fixSafetyOf('k8s-liveness-probe', code, { filePath: 'deploy.yaml' }), ['unsafe', 'unsafe', 'unsafe', 'unsafe']);
});
