import { compliantService, serviceRuleTester } from '../../service/helpers';

const deployment = (podSecurity: string[], containerExtra: string[] = [], image = 'ghcr.io/acme/ledger:abc1234-v1.0.0') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ledger',
    'spec:',
    '  template:',
    '    spec:',
    ...podSecurity,
    '      containers:',
    '        - name: ledger',
    `          image: ${image}`,
    ...containerExtra,
    '',
  ].join('\n');

serviceRuleTester('user-id-consistency', {
  valid: [
    { name: 'compliant service (USER nonroot:nonroot, runAsUser 65532)', files: compliantService() },
    {
      name: 'no USER on a :nonroot distroless base is 65532 too; container-level value',
      files: compliantService('ledger', {
        Dockerfile: 'FROM golang:1.24 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
        'deploy/deployment.yaml': deployment([], ['          securityContext:', '            runAsUser: 65532']),
      }),
    },
    {
      name: 'numeric USER and runAsNonRoot without runAsUser is fine (the kubelet can verify a number)',
      files: compliantService('ledger', {
        Dockerfile: 'FROM golang:1.24 AS build\nFROM scratch\nUSER 10001:10001\n',
        'deploy/deployment.yaml': deployment(['      securityContext:', '        runAsNonRoot: true']),
      }),
    },
    {
      name: 'a root image is left to runtime-nonroot-user: a manifest that overrides it is not reported',
      files: compliantService('ledger', { Dockerfile: 'FROM golang:1.24 AS build\nFROM debian:bookworm\nUSER root\n' }),
    },
    {
      name: 'images of other services, official images and templated values are not compared',
      files: compliantService('ledger', {
        'deploy/deployment.yaml': deployment(['      securityContext:', '        runAsUser: 999'], [], 'postgres:16'),
        'deploy/other.yaml': deployment(['      securityContext:', '        runAsUser: "{{ .Values.uid }}"']),
      }),
    },
  ],
  invalid: [
    {
      name: 'the issue: USER nonroot:nonroot, runAsNonRoot: true, no numeric runAsUser (kubelet refuses to start)',
      files: compliantService('ledger', { 'deploy/deployment.yaml': deployment(['      securityContext:', '        runAsNonRoot: true']) }),
      errors: [{ file: 'ledger/deploy/deployment.yaml', line: 8, column: 7, endColumn: 22, severity: 'warning', message: "the image runs as the named user 'nonroot:nonroot' (Dockerfile:10)" }],
      outputFile: 'ledger/deploy/deployment.yaml',
      output: deployment(['      securityContext:', '        runAsNonRoot: true', '        runAsUser: 65532']),
    },
    {
      name: 'flow-style container securityContext',
      files: compliantService('ledger', { 'deploy/deployment.yaml': deployment([], ['          securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}']) }),
      errors: [{ file: 'ledger/deploy/deployment.yaml', line: 11, column: 11, endColumn: 26 }],
      outputFile: 'ledger/deploy/deployment.yaml',
      output: deployment([], ['          securityContext: {runAsNonRoot: true, runAsUser: 65532, readOnlyRootFilesystem: true}']),
    },
    {
      name: 'runAsUser differs from the image user; found by image name from a manifest outside the service',
      files: {
        ...compliantService('ledger', { 'deploy/deployment.yaml': null }),
        'k8s/ledger.yaml': deployment(['      securityContext:', '        runAsNonRoot: true', '        runAsUser: 1000']),
      },
      errors: [{ file: 'k8s/ledger.yaml', line: 10, column: 20, endColumn: 24, message: "runAsUser 1000 differs from the image's user 'nonroot:nonroot' (UID 65532, Dockerfile:10)" }],
      outputFile: 'k8s/ledger.yaml',
      output: deployment(['      securityContext:', '        runAsNonRoot: true', '        runAsUser: 65532']),
    },
    {
      name: 'a named user of unknown UID: reported without a fix',
      files: compliantService('ledger', {
        Dockerfile: 'FROM golang:1.24 AS build\nFROM alpine:3.20\nRUN adduser -D -u 1000 app\nUSER app\n',
        'deploy/deployment.yaml': deployment([], ['          securityContext:', '            runAsNonRoot: true']),
      }),
      errors: [{ file: 'ledger/deploy/deployment.yaml', line: 11, column: 11, message: 'Use a numeric USER in the Dockerfile' }],
      output: null,
    },
    {
      name: 'compose user differs from the image user',
      files: compliantService('ledger', { 'compose.yaml': 'services:\n  ledger:\n    build: .\n    user: "1000:1000"\n' }),
      errors: [{ file: 'ledger/compose.yaml', line: 4, column: 12, endColumn: 16, message: "user 1000 of compose service 'ledger'" }],
      outputFile: 'ledger/compose.yaml',
      output: 'services:\n  ledger:\n    build: .\n    user: "65532:1000"\n',
    },
  ],
});
