import { isMap, isSeq } from 'yaml';
import type { Rule } from '../../types';
import { containerField, containerRef, field, fieldAt, forEachContainer, isTemplated, str, toPortNumber, valueRange, type K8sModel } from '../../yaml/k8s';
import { resolveNode } from '../../yaml/document';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

export const k8sProbePort: Rule<K8sModel> = {
  id: 'k8s-probe-port',
  target: 'k8s',
  meta: {
    description: 'A probe\'s port is one the container declares in `ports` (by name or number).',
    defaultSeverity: 'error',
    fixable: false,
    rationale:
      'A probe on a port the container does not listen on always fails: the kubelet restarts a healthy container (liveness) or never routes traffic to it (readiness). A named port must match a `ports[].name`; a number must match a `containerPort` when the container declares its ports. Probe the port the service listens on, or declare it.',
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
          const name = str(field(doc, p, 'name')?.value);
          if (name) names.add(name);
        }
      }
      const declared = [...numbers, ...names].join(', ');
      for (const probe of PROBES) {
        for (const handler of PORT_HANDLERS) {
          const port = fieldAt(doc, c.map, [probe, handler, 'port']);
          if (!port || port.value === null || port.value === undefined || isTemplated(port.value)) continue;
          const number = toPortNumber(port.value);
          const unknown = number !== undefined ? numbers.size > 0 && !numbers.has(number) : !names.has(String(port.value));
          if (!unknown) continue;
          ctx.report({
            range: valueRange(model, port),
            message: `The ${probe} of ${containerRef(c)} uses port ${JSON.stringify(port.value)}, which is not one of its declared ports (${declared || 'none'}): the probe always fails. Probe the port the service listens on, or declare it in ports.`,
          });
        }
      }
    });
  },
};
