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

ruleTester('k8s-readiness-probe', {
  valid: [
    { name: 'httpGet on /ready', filePath: 'deploy.yaml', code: deploy('      - name: api\n        readinessProbe:\n          httpGet: {path: /ready, port: http}\n') },
    { name: 'init containers are not checked', filePath: 'deploy.yaml', code: deploy('      - name: api\n        readinessProbe: {httpGet: {path: /ready, port: 80}}\n').replace('      containers:', '      initContainers: [{name: migrate}]\n      containers:') },
    {
      name: 'probe shared through an anchor',
      filePath: 'deploy.yaml',
      code: deploy('      - name: a\n        readinessProbe: &ready\n          httpGet: {path: /ready, port: 8080}\n      - name: b\n        readinessProbe: *ready\n'),
    },
  ],
  invalid: [
    {
      name: 'missing with two declared ports (argo-cd repo-server): the port the liveness probe checks, not the first one',
      filePath: 'repo-server.yaml',
      code: deploy(
        '      - name: argocd-repo-server\n        image: quay.io/argoproj/argocd:latest\n        ports:\n        - containerPort: 8081\n        - containerPort: 8084\n        livenessProbe:\n          httpGet:\n            path: /healthz?full=true\n            port: 8084\n          initialDelaySeconds: 30\n        securityContext:\n          runAsNonRoot: true\n',
      ),
      errors: [{ line: 9, column: 9, endColumn: 33, severity: 'error', message: 'has no readinessProbe' }],
      output: deploy(
        '      - name: argocd-repo-server\n        image: quay.io/argoproj/argocd:latest\n        ports:\n        - containerPort: 8081\n        - containerPort: 8084\n        livenessProbe:\n          httpGet:\n            path: /healthz?full=true\n            port: 8084\n          initialDelaySeconds: 30\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8084\n        securityContext:\n          runAsNonRoot: true\n',
      ),
    },
    {
      name: 'an http port is chosen over an earlier https one',
      filePath: 'deploy.yaml',
      code: deploy('      - name: web\n        ports:\n        - name: https\n          containerPort: 8443\n        - name: http\n          containerPort: 8080\n'),
      errors: [{ line: 9, column: 9, endColumn: 18 }],
      output: deploy('      - name: web\n        ports:\n        - name: https\n          containerPort: 8443\n        - name: http\n          containerPort: 8080\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: http\n'),
    },
    {
      name: 'missing: inserted right after the liveness probe',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        ports:\n        - {name: http, containerPort: 8080}\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: http\n        # hardening\n        securityContext: {runAsNonRoot: true}\n'),
      errors: [{ line: 9, column: 9, endColumn: 18, severity: 'error', message: 'has no readinessProbe' }],
      output: deploy(
        '      - name: api\n        ports:\n        - {name: http, containerPort: 8080}\n        livenessProbe:\n          httpGet:\n            path: /health\n            port: http\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: http\n        # hardening\n        securityContext: {runAsNonRoot: true}\n',
      ),
    },
    {
      name: 'pointing at /health: on the path value',
      filePath: 'deploy.yaml',
      code: deploy("      - name: api\n        readinessProbe:\n          httpGet: {path: '/health', port: 8080}\n"),
      errors: [{ line: 11, column: 27, endColumn: 36, message: 'checks "/health", not the standard\'s /ready (answering 503 while a dependency is down)' }],
      output: deploy("      - name: api\n        readinessProbe:\n          httpGet: {path: '/ready', port: 8080}\n"),
    },
    {
      name: 'grpc probe: on the handler key',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        ports: [{containerPort: 50051}]\n        readinessProbe:\n          grpc:\n            port: 50051\n'),
      errors: [{ line: 12, column: 11, endColumn: 15, message: 'uses grpc' }],
      output: deploy('      - name: api\n        ports: [{containerPort: 50051}]\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 50051\n'),
    },
    {
      name: 'empty probe: on its key',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n'),
      errors: [{ line: 11, column: 9, endColumn: 23, message: 'empty readinessProbe, which is no probe: the pod gets traffic as soon as its process starts' }],
      output: deploy('      - name: api\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8080\n'),
    },
    {
      name: 'a startupProbe holds traffic back until it passes: the message says so',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        ports: [{name: http, containerPort: 8080}]\n        startupProbe: {httpGet: {path: /health, port: http}}\n'),
      errors: [{ line: 9, column: 9, message: "has no readinessProbe: the pod gets traffic as soon as its startupProbe passes, and keeps getting it while its dependencies are down." }],
    },
    {
      name: 'empty probe and no declared port: no fix',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        readinessProbe:\n'),
      errors: [{ line: 10, column: 9, endColumn: 23, message: 'Make it an httpGet on /ready (on the port the service listens on, which the container does not declare).' }],
      output: null,
    },
    {
      name: 'a working /healthz readiness probe (kind deploy-ingress-nginx.yaml): no claim that the pod gets traffic before it can serve',
      filePath: 'deploy-ingress-nginx.yaml',
      code: deploy('      - name: controller\n        ports:\n        - containerPort: 80\n          name: http\n        readinessProbe:\n          failureThreshold: 3\n          httpGet:\n            path: /healthz\n            port: 10254\n            scheme: HTTP\n'),
      errors: [{ line: 16, column: 19, endColumn: 27, message: /^The readinessProbe of container 'controller' checks "\/healthz", not the standard's \/ready \(answering 503 while a dependency is down\)\. Serve \/ready and point the probe at it\.$/ }],
    },
    {
      name: 'Pod with CRLF and a named port',
      filePath: 'pod.yaml',
      code: 'apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: web}\r\nspec:\r\n  containers:\r\n  - name: web\r\n    ports:\r\n    - name: web\r\n      containerPort: 3000\r\n',
      errors: [{ line: 6, column: 5 }],
      output: 'apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: web}\r\nspec:\r\n  containers:\r\n  - name: web\r\n    ports:\r\n    - name: web\r\n      containerPort: 3000\r\n    readinessProbe:\r\n      httpGet:\r\n        path: /ready\r\n        port: web\r\n',
    },
  ],
});
