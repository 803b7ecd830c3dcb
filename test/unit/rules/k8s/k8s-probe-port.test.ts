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
    { name: 'no ports declared: a number cannot be checked', filePath: 'pod.yaml', code: pod('  - name: web\n    livenessProbe: {httpGet: {path: /health, port: 8080}}\n') },
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
      name: 'a name with no ports at all, and a number that is not declared',
      filePath: 'pod.yaml',
      code: pod('  - name: a\n    readinessProbe: {httpGet: {path: /ready, port: http}}\n  - name: b\n    ports: [{containerPort: 80}]\n    startupProbe:\n      grpc: {port: 9090}\n'),
      errors: [{ line: 8, column: 52, endColumn: 56, message: '(none)' }, { line: 12, column: 20, endColumn: 24, message: '(80)' }],
    },
  ],
});
