import type { Rule } from '../../types';
import { field, valueRange, type K8sModel } from '../../yaml/k8s';

const NAMESPACES: Record<string, string> = {
  hostNetwork: "it shares the node's network stack: it can bind node ports and reach services listening on localhost",
  hostPID: "it sees every process on the node and can signal or inspect them",
  hostIPC: "it shares the node's IPC namespace and can read other processes' shared memory",
};

export const k8sHostNamespaces: Rule<K8sModel> = {
  id: 'k8s-host-namespaces',
  target: 'k8s',
  meta: {
    description: 'Pods do not share the node\'s network, PID or IPC namespace (`hostNetwork`, `hostPID`, `hostIPC`).',
    defaultSeverity: 'warning',
    fixable: false,
    why:
      "A pod with `hostNetwork`, `hostPID` or `hostIPC` set to true leaves the isolation of its own namespaces: it can listen on the node's interfaces, see and signal every process of the node, or read other processes' shared memory.",
    remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to false).',
    notes:
      'An application service never needs them; node agents that do should be reviewed and suppressed explicitly.',
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
        '      hostNetwork: true\n' +
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
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n',
    },
    equivalents: {
      kubeLinter: ['host-network', 'host-pid', 'host-ipc'],
      checkov: ['CKV_K8S_19', 'CKV_K8S_17', 'CKV_K8S_18'],
      polaris: ['hostNetworkSet', 'hostPIDSet', 'hostIPCSet'],
      trivy: ['KSV009', 'KSV010', 'KSV008'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const w of model.workloads) {
      for (const [key, why] of Object.entries(NAMESPACES)) {
        const f = field(w.doc, w.podSpec, key);
        if (f?.value !== true) continue;
        ctx.report({
          range: valueRange(model, f),
          message: `${w.kind} '${w.name ?? '(unnamed)'}' sets ${key}: true, so ${why}. Remove it unless this is a reviewed node agent.`,
        });
      }
    }
  },
};
