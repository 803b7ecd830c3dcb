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
      errors: [{ line: 14, column: 15, endColumn: 21, severity: 'error', message: 'uses the port name "health", which no ports[].name of the container declares (8080, http): the kubelet cannot resolve it, so the probe always fails.' }],
      output: null,
    },
    {
      name: 'a name with no ports at all, and a number that is not declared',
      filePath: 'pod.yaml',
      code: pod('  - name: a\n    readinessProbe: {httpGet: {path: /ready, port: http}}\n  - name: b\n    ports: [{containerPort: 80}]\n    startupProbe:\n      grpc: {port: 9090}\n'),
      errors: [
        { line: 8, column: 52, endColumn: 56, severity: 'error', message: '(it declares none)' },
        { line: 12, column: 20, endColumn: 24, severity: 'warning', message: 'port 9090, which is not among its declared ports (80): if the service does not listen on 9090, the probe always fails' },
      ],
    },
    {
      name: 'an undeclared numeric port that works (kind deploy-ingress-nginx.yaml: /healthz on 10254): a hedged warning, not "always fails"',
      filePath: 'deploy-ingress-nginx.yaml',
      code: pod('  - name: controller\n    livenessProbe:\n      failureThreshold: 5\n      httpGet:\n        path: /healthz\n        port: 10254\n        scheme: HTTP\n    ports:\n    - containerPort: 80\n      name: http\n    - containerPort: 443\n      name: https\n'),
      errors: [{ line: 12, column: 15, endColumn: 20, severity: 'warning', message: /^The livenessProbe of container 'controller' uses port 10254, which is not among its declared ports \(80, 443, http, https\): if the service does not listen on 10254, the probe always fails\. Check the port, and declare it in ports\.$/ }],
      output: null,
    },
    {
      name: 'the dlv port skaffold debug adds (skaffold debug go k8s pod.yaml): a warning',
      filePath: 'pod.yaml',
      code: pod('  - name: go-web\n    image: skaffold-debug-go\n    ports:\n    - containerPort: 8080\n    # connect to the dlv APIv2 port\n    readinessProbe:\n      tcpSocket:\n        port: 56268\n      initialDelaySeconds: 2\n'),
      errors: [{ line: 14, column: 15, endColumn: 20, severity: 'warning', message: 'if the service does not listen on 56268' }],
    },
  ],
});
