import type { Rule } from '../../types';
import { containerField, type K8sModel } from '../../yaml/k8s';
import { checkHttpProbe } from './shared/http-probe';

export const k8sReadinessProbe: Rule<K8sModel> = {
  id: 'k8s-readiness-probe',
  target: 'k8s',
  meta: {
    description: 'Every app container of a long-running workload has an `httpGet` readiness probe on `/ready`.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Unsafe: adding a probe writes the path `/ready`, which the files do not show the service serves, and re-pointing or retyping an existing probe replaces one that may work today; a probe on a path the service does not answer keeps the pod out of its Service. Where no port is known (none declared, no other httpGet probe) there is no fix: no port is invented.',
    why:
      'Without a readiness probe a pod gets traffic as soon as its process starts, before it can serve, and keeps getting it while a dependency is down.',
    remediation: "Add a `readinessProbe` with `httpGet` on the service's `/ready` endpoint.",
    notes:
      "The standard's services answer `/ready` with 503 while a dependency check fails, so a readiness `httpGet` on `/ready` takes the pod out of the Service until it can serve again, and lets a rollout wait for it. " +
      'Init containers and Job/CronJob containers are not checked.',
    examples: {
      bad:
        'apiVersion: apps/v1\n' +
        'kind: Deployment\n' +
        'metadata:\n' +
        '  name: ledger\n' +
        'spec:\n' +
        '  selector:\n' +
        '    matchLabels: {app: ledger}\n' +
        '  template:\n' +
        '    metadata:\n' +
        '      labels: {app: ledger}\n' +
        '    spec:\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          livenessProbe:\n' +
        '            httpGet: {path: /health, port: http}\n',
      good:
        'apiVersion: apps/v1\n' +
        'kind: Deployment\n' +
        'metadata:\n' +
        '  name: ledger\n' +
        'spec:\n' +
        '  selector:\n' +
        '    matchLabels: {app: ledger}\n' +
        '  template:\n' +
        '    metadata:\n' +
        '      labels: {app: ledger}\n' +
        '    spec:\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          livenessProbe:\n' +
        '            httpGet: {path: /health, port: http}\n' +
        '          readinessProbe:\n' +
        '            httpGet: {path: /ready, port: http}\n',
    },
    equivalents: {
      kubeLinter: ['no-readiness-probe'],
      checkov: ['CKV_K8S_9'],
      polaris: ['readinessProbeMissing'],
    },
  },
  check(ctx) {
    checkHttpProbe(ctx, 'readinessProbe', {
      // A startupProbe holds traffic back until it passes, but not afterwards.
      missing: (c) =>
        containerField(c, 'startupProbe')
          ? 'the pod gets traffic as soon as its startupProbe passes, and keeps getting it while its dependencies are down.'
          : 'the pod gets traffic as soon as its process starts, whether or not it can serve yet, and while its dependencies are down.',
      convention: 'answering 503 while a dependency is down',
    });
  },
};
