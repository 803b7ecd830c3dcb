import { ruleTester } from '../../helpers';

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
      errors: [{ line: 12, column: 19, endColumn: 29, message: '"/healthz" instead of /health' }],
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
      errors: [{ line: 7, column: 21 }, { line: 13, column: 17 }],
      output:
        'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  template:\n    spec:\n      containers: [{name: rs, livenessProbe: {httpGet: {path: /health, port: 8080}}}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: p, livenessProbe: {httpGet: {path: /health, port: 8080}}}]\n',
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
