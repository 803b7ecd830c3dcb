import type { Rule } from '../../types';
import { field, valueRange, type K8sModel } from '../../yaml/k8s';
import { setValueEdit } from './shared/fixes';

const DRAIN_SECONDS = 30;

export const k8sTerminationGrace: Rule<K8sModel> = {
  id: 'k8s-termination-grace',
  target: 'k8s',
  meta: {
    description: `\`terminationGracePeriodSeconds\` is at least ${DRAIN_SECONDS} (the service drains for up to ${DRAIN_SECONDS} s on SIGTERM).`,
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: it replaces the period the author wrote; a longer one cannot stop the service from working, but it slows every rollout and node drain by up to the new period.',
    why:
      "On SIGTERM the standard's services stop accepting, finish in-flight requests and close their dependencies within 30 seconds; a shorter `terminationGracePeriodSeconds` makes the kubelet SIGKILL them mid-drain, dropping requests on every rollout.",
    remediation: 'Leave `terminationGracePeriodSeconds` unset (the default is 30) or set it to 30 or more.',
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
        '      terminationGracePeriodSeconds: 5\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n',
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
        '      terminationGracePeriodSeconds: 30\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const w of model.workloads) {
      const grace = field(w.doc, w.podSpec, 'terminationGracePeriodSeconds');
      if (!grace || typeof grace.value !== 'number' || grace.value >= DRAIN_SECONDS) continue;
      const edit = setValueEdit(model, grace, DRAIN_SECONDS);
      ctx.report({
        range: valueRange(model, grace),
        message: `terminationGracePeriodSeconds is ${grace.value}, below the ${DRAIN_SECONDS} s the standard gives a service to drain on SIGTERM: if it is still draining after ${grace.value} s, the kubelet kills it and its in-flight requests fail. Set it to ${DRAIN_SECONDS} or more.`,
        fix: edit ? { title: `Set terminationGracePeriodSeconds: ${DRAIN_SECONDS}`, edits: [edit], safety: 'unsafe' } : undefined,
      });
    }
  },
};
