import { isMap, isSeq } from 'yaml';
import type { Rule } from '../../types';
import { containerField, field, fieldAt, forEachContainer, isTemplated, asText, toPortNumber, valueRange, type K8sModel } from '../../yaml/k8s';
import { containerRef } from './shared/messages';
import { resolveNode } from '../../yaml/document';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

export const k8sProbePort: Rule<K8sModel> = {
  id: 'k8s-probe-port',
  target: 'k8s',
  meta: {
    description: 'A probe\'s port is one the container declares in `ports`: a named port must resolve (error); an undeclared number is a warning.',
    defaultSeverity: 'error',
    fixable: false,
    why:
      'A probe on a named port the container does not declare always fails (an error): the kubelet cannot resolve the name, so it restarts a healthy container (liveness) or never routes traffic to it (readiness).',
    remediation:
      'Probe a port the container declares under `ports` (by its name or number), or declare the port the probe uses.',
    notes:
      'A numeric port need not be declared (the kubelet probes it whatever `ports` says; ingress-nginx serves `/healthz` on an undeclared 10254, `skaffold debug` adds the delve port), so a number missing from `ports` is a warning: check that the service listens on it, and declare it so the port is documented.',
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
        '            httpGet: {path: /ready, port: web}\n',
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
        '          readinessProbe:\n' +
        '            httpGet: {path: /ready, port: http}\n',
    },
    equivalents: {
      kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      const doc = c.workload.doc;
      const numbers = new Set<number>();
      const names = new Set<string>();
      const ports = containerField(c, 'ports')?.node;
      if (isSeq(ports)) {
        for (const item of ports.items) {
          const p = resolveNode(item, doc);
          if (!isMap(p)) continue;
          const n = toPortNumber(field(doc, p, 'containerPort')?.value);
          if (n !== undefined) numbers.add(n);
          const name = asText(field(doc, p, 'name')?.value);
          if (name) names.add(name);
        }
      }
      const declared = [...numbers, ...names].join(', ');
      for (const probe of PROBES) {
        for (const handler of PORT_HANDLERS) {
          const port = fieldAt(doc, c.map, [probe, handler, 'port']);
          if (!port || port.value === null || port.value === undefined || isTemplated(port.value)) continue;
          const number = toPortNumber(port.value);
          if (number !== undefined) {
            if (numbers.size === 0 || numbers.has(number)) continue;
            ctx.report({
              range: valueRange(model, port),
              severity: 'warning',
              message: `The ${probe} of ${containerRef(c)} uses port ${number}, which is not among its declared ports (${declared}): if the service does not listen on ${number}, the probe always fails. Check the port, and declare it in ports.`,
            });
            continue;
          }
          if (names.has(String(port.value))) continue;
          ctx.report({
            range: valueRange(model, port),
            message: `The ${probe} of ${containerRef(c)} uses the port name ${JSON.stringify(port.value)}, which no ports[].name of the container declares (${declared || 'it declares none'}): the kubelet cannot resolve it, so the probe always fails. Use a declared port name or number.`,
          });
        }
      }
    });
  },
};
