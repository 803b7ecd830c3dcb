import type { ServiceRule, TextEdit } from '../../types';
import type { ServiceModel } from '../../service/model';
import { dockerfileForCompose, imageFactsOf, where } from '../../service/rule-support';
import { ledgerService } from './shared/example-service';

export const portConsistency: ServiceRule<ServiceModel> = {
  id: 'port-consistency',
  target: 'service',
  meta: {
    description: "The manifest's `containerPort` (and compose's container port) is a port the Dockerfile EXPOSEs.",
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: it replaces the port the manifest\'s author wrote with the Dockerfile\'s EXPOSE, which is documentation only: the binary may listen on the manifest\'s port and EXPOSE be the stale one.',
    why:
      'EXPOSE documents the port the binary listens on: when the manifest declares another `containerPort`, probes and Services that follow the manifest hit a closed port, and the pod never becomes ready or traffic is refused.',
    remediation:
      "Make the manifest's `containerPort` (and the probes and Service ports that use it) the port the binary listens on, and EXPOSE that same port.",
    notes:
      "The rule compares the containers (and compose services) of the service's image with the EXPOSE of its shipped stage. " +
      'The quick fix sets the container port, and probes on the old port number, to the exposed port when there is exactly one.',
    examples: {
      bad: ledgerService({
        'deploy/deployment.yaml':
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
          '            - {name: http, containerPort: 9090}\n',
      }),
      good: ledgerService({
        'deploy/deployment.yaml':
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
      }),
    },
  },
  check(ctx) {
    const model = ctx.model;
    const image = model.image;
    if (image && image.ports.length > 0) {
      const exposed = image.ports.map((p) => p.port);
      const exposedAt = where(model, image.dockerfile.path, image.ports[0].range);
      for (const c of model.containers) {
        if (c.isInit || c.ports.length === 0 || c.ports.some((p) => exposed.includes(p.port))) continue;
        const first = c.ports[0];
        const target = exposed.length === 1 ? exposed[0] : undefined;
        const edits: TextEdit[] = [];
        if (target !== undefined) {
          edits.push({ range: first.ref.range, newText: String(target) });
          for (const probe of c.probePorts) if (probe.port === first.port) edits.push({ range: probe.ref.range, newText: String(target) });
        }
        ctx.report({
          file: c.file,
          range: first.ref.range,
          message: `containerPort ${first.port}${c.name ? ` of container '${c.name}'` : ''} differs from the Dockerfile's EXPOSE ${exposed.join(', ')} (${exposedAt}): if the binary listens on the exposed port, probes and Services following the manifest reach a closed one. ${target !== undefined ? `Use ${target}` : 'Align the ports'}, or fix EXPOSE if the binary listens on ${first.port}.`,
          fix: target !== undefined ? { title: `Use port ${target} (the Dockerfile's EXPOSE)`, safety: 'unsafe', edits } : undefined,
        });
      }
    }
    for (const compose of model.composeServices) {
      const dockerfile = dockerfileForCompose(model, compose);
      const facts = dockerfile ? imageFactsOf(dockerfile) : undefined;
      if (!facts || facts.ports.length === 0 || compose.ports.length === 0) continue;
      const exposed = facts.ports.map((p) => p.port);
      if (compose.ports.some((p) => exposed.includes(p.port))) continue;
      const first = compose.ports[0];
      const target = exposed.length === 1 ? exposed[0] : undefined;
      const suffix = String(first.port);
      const portEnd = first.text.split('/')[0].length;
      const portStart = portEnd - suffix.length;
      const verbatim = first.text.slice(portStart, portEnd) === suffix && first.range.start.line === first.range.end.line;
      const range = verbatim
        ? { start: { line: first.range.start.line, character: first.range.start.character + portStart }, end: { line: first.range.start.line, character: first.range.start.character + portEnd } }
        : first.range;
      ctx.report({
        file: compose.file,
        range,
        message: `Container port ${first.port} of compose service '${compose.name}' differs from the Dockerfile's EXPOSE ${exposed.join(', ')} (${where(model, facts.dockerfile.path, facts.ports[0].range)}): if the binary listens on the exposed port, the published port leads nowhere. ${target !== undefined ? `Use ${target}` : 'Align the ports'}, or fix EXPOSE if the binary listens on ${first.port}.`,
        fix: target !== undefined && verbatim ? { title: `Use container port ${target}`, safety: 'unsafe', edits: [{ range, newText: String(target) }] } : undefined,
      });
    }
  },
};
