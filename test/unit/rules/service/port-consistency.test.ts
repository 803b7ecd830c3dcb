import { compliantService, serviceRuleTester } from '../../service/helpers';

const container = (ports: string[], extra: string[] = []) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ledger',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: ledger',
    '          image: ghcr.io/acme/ledger:abc1234-v1.0.0',
    '          ports:',
    ...ports,
    ...extra,
    '',
  ].join('\n');

serviceRuleTester('port-consistency', {
  valid: [
    { name: 'compliant service (EXPOSE 8080, containerPort 8080)', files: compliantService() },
    { name: 'an extra metrics port beside the exposed one', files: compliantService('ledger', { 'deploy/deployment.yaml': container(['            - containerPort: 9090', '              name: metrics', '            - containerPort: 8080']) }) },
    { name: 'no EXPOSE: nothing to compare', files: compliantService('ledger', { Dockerfile: 'FROM golang:1.24 AS build\nFROM gcr.io/distroless/static-debian12:nonroot\n', 'deploy/deployment.yaml': container(['            - containerPort: 9090']) }) },
    { name: 'UDP ports are not compared', files: compliantService('ledger', { 'deploy/deployment.yaml': container(['            - containerPort: 5353', '              protocol: UDP']) }) },
    { name: 'compose long and short syntax matching EXPOSE', files: compliantService('ledger', { 'compose.yaml': 'services:\n  ledger:\n    build: .\n    ports:\n      - "127.0.0.1:18080:8080/tcp"\n      - target: 8080\n        published: 8081\n' }) },
    {
      name: "a manifest with another service's image is compared with that service only",
      files: {
        ...compliantService('ledger'),
        ...compliantService('payments', { Dockerfile: compliantService('payments')['payments/Dockerfile'].replace('EXPOSE 8080', 'EXPOSE 9090'), 'deploy/deployment.yaml': null }),
        'k8s/payments.yaml': container(['            - containerPort: 9090']).replace(/ledger/g, 'payments'),
      },
    },
    {
      name: 'a sidecar from an official image under the service folder is not the service',
      files: compliantService('ledger', { 'deploy/deployment.yaml': container(['            - containerPort: 5432']).replace('ghcr.io/acme/ledger:abc1234-v1.0.0', 'postgres:16') }),
    },
  ],
  invalid: [
    {
      name: "under the service folder, a pod's only container is the service's, whatever its image name",
      files: compliantService('ledger', { 'deploy/deployment.yaml': container(['            - containerPort: 9090']).replace('acme/ledger:', 'acme/ledger-api-v2:') }),
      errors: [{ file: 'ledger/deploy/deployment.yaml', line: 12, column: 30 }],
    },
    {
      name: 'containerPort differs: the fix moves the port and the probes on it',
      files: compliantService('ledger', {
        'deploy/deployment.yaml': container(['            - containerPort: 9090'], ['          readinessProbe:', '            httpGet:', '              path: /ready', '              port: 9090', '          livenessProbe:', '            httpGet: {path: /health, port: http}']),
      }),
      errors: [{ file: 'ledger/deploy/deployment.yaml', line: 12, column: 30, endColumn: 34, severity: 'warning', message: "containerPort 9090 of container 'ledger' differs from the Dockerfile's EXPOSE 8080 (Dockerfile:11)" }],
      outputFile: 'ledger/deploy/deployment.yaml',
      output: container(['            - containerPort: 8080'], ['          readinessProbe:', '            httpGet:', '              path: /ready', '              port: 8080', '          livenessProbe:', '            httpGet: {path: /health, port: http}']),
    },
    {
      name: 'a Deployment inside a kind: List, found by image name',
      files: {
        ...compliantService('ledger', { 'deploy/deployment.yaml': null }),
        'k8s/all.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: x}\n    spec:\n      template:\n        spec:\n          containers:\n            - name: app\n              image: registry.example.com/team/ledger@sha256:abc\n              ports: [{containerPort: 80}]\n',
      },
      errors: [{ file: 'k8s/all.yaml', line: 13, column: 39, endColumn: 41 }],
      outputFile: 'k8s/all.yaml',
      output: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: x}\n    spec:\n      template:\n        spec:\n          containers:\n            - name: app\n              image: registry.example.com/team/ledger@sha256:abc\n              ports: [{containerPort: 8080}]\n',
    },
    {
      name: 'several EXPOSE ports: reported without a fix',
      files: compliantService('ledger', {
        Dockerfile: 'FROM golang:1.24 AS build\nFROM gcr.io/distroless/static-debian12:nonroot\nEXPOSE 8080 8443/tcp 53/udp\n',
        'deploy/deployment.yaml': container(['            - {containerPort: 9000}']),
      }),
      errors: [{ file: 'ledger/deploy/deployment.yaml', line: 12, column: 31, message: 'EXPOSE 8080, 8443' }],
      output: null,
    },
    {
      name: 'compose container port differs',
      files: compliantService('ledger', { 'compose.yaml': 'services:\n  ledger:\n    build:\n      context: .\n    ports:\n      - "8080:9090"\n' }),
      errors: [{ file: 'ledger/compose.yaml', line: 6, column: 15, endColumn: 19, message: "Container port 9090 of compose service 'ledger'" }],
      outputFile: 'ledger/compose.yaml',
      output: 'services:\n  ledger:\n    build:\n      context: .\n    ports:\n      - "8080:8080"\n',
    },
  ],
});
