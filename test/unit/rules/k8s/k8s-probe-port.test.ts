import { ruleTester } from '../../helpers';

const pod = (containers: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
${containers}`;

ruleTester('k8s-probe-port', {
  valid: [
    { name: 'named port', filePath: 'pod.yaml', code: pod('  - name: web\n    ports: [{name: http, containerPort: 8080}]\n    livenessProbe: {httpGet: {path: /health, port: http}}\n') },
    { name: 'numbered port', filePath: 'pod.yaml', code: pod('  - name: web\n    ports:\n    - containerPort: 8080\n    readinessProbe:\n      tcpSocket:\n        port: 8080\n') },
  ],
  invalid: [
    {
      name: 'unknown name: on the port value',
      filePath: 'pod.yaml',
      code: pod('  - name: web\n    ports:\n    - name: http\n      containerPort: 8080\n    livenessProbe:\n      httpGet:\n        path: /health\n        port: health\n'),
      errors: [{ line: 14, column: 15, endColumn: 21, severity: 'error', message: '"health"' }],
      output: null,
    },
    {
      name: 'a number with no ports declared (GKE hello-app-redis; argo-cd notifications tcpSocket): on the port value',
      filePath: 'app.yaml',
      code: pod('  - name: hello-app\n    image: us-docker.pkg.dev/google-samples/containers/gke/hello-app-redis:1.0\n    readinessProbe:\n      httpGet:\n        path: /\n        port: 8080\n  - name: argocd-notifications-controller\n    livenessProbe:\n      tcpSocket:\n        port: 9001\n'),
      errors: [
        { line: 12, column: 15, endColumn: 19, severity: 'error', message: 'uses port 8080, which is not one of its declared ports (none)' },
        { line: 16, column: 15, endColumn: 19, severity: 'error', message: 'port 9001' },
      ],
      output: null,
    },
    {
      name: 'a name with no ports at all, and a number that is not declared',
      filePath: 'pod.yaml',
      code: pod('  - name: a\n    readinessProbe: {httpGet: {path: /ready, port: http}}\n  - name: b\n    ports: [{containerPort: 80}]\n    startupProbe:\n      grpc: {port: 9090}\n'),
      errors: [{ line: 8, column: 52, endColumn: 56, message: '(none)' }, { line: 12, column: 20, endColumn: 24, message: '(80)' }],
    },
  ],
});
