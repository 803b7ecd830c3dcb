import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
import { checkHttpProbe } from './shared/http-probe';

export const k8sLivenessProbe: Rule<K8sModel> = {
  id: 'k8s-liveness-probe',
  target: 'k8s',
  meta: {
    description: 'Every app container of a long-running workload has an `httpGet` liveness probe on `/health`.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Unsafe: adding a probe writes the path `/health`, which the files do not show the service serves, and re-pointing or retyping an existing probe replaces one that may work today; a probe on a path the service does not answer restarts a healthy container. Where no port is known (none declared, no other httpGet probe) there is no fix: no port is invented.',
    why:
      'Without a liveness probe a deadlocked process keeps its pod forever; an exec probe needs its program inside the image, and a distroless image has no shell or curl.',
    remediation: "Add a `livenessProbe` with `httpGet` on the service's `/health` endpoint.",
    notes:
      "The standard's services answer `/health` without touching dependencies, so a liveness `httpGet` on `/health` restarts only a process that is really stuck. " +
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
        '          readinessProbe:\n' +
        '            httpGet: {path: /ready, port: http}\n',
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
      kubeLinter: ['no-liveness-probe'],
      checkov: ['CKV_K8S_8'],
      polaris: ['livenessProbeMissing'],
    },
  },
  check(ctx) {
    checkHttpProbe(ctx, 'livenessProbe', {
      missing: () => 'a hung process is never restarted.',
      convention: 'answered without touching dependencies, so only a stuck process is restarted',
    });
  },
};
