import { isSeq, isScalar } from 'yaml';
import type { Rule, TextEdit } from '../../types';
import { field, forEachContainer, isWindowsPod, keyRange, missingSecurityRange, securityField, type K8sModel } from '../../yaml/k8s';
import { containerLabel } from './shared/messages';
import { mergeIntoContainer } from './shared/fixes';
import { isEmptyValue } from '../../yaml/edit';

export const k8sDropCapabilities: Rule<K8sModel> = {
  id: 'k8s-drop-capabilities',
  target: 'k8s',
  meta: {
    description: 'Every container drops all Linux capabilities (`capabilities.drop: [ALL]`).',
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: an image whose entrypoint runs as root often needs some of the default capabilities (CHOWN, SETUID and SETGID to drop to its own user, NET_BIND_SERVICE for a port below 1024), and the files do not show which; the fix adds back none.',
    why:
      'Container runtimes grant a default set of capabilities (NET_RAW, CHOWN, SETUID…) that a Go service listening on a high port never needs and an attacker can use (NET_RAW allows spoofing on the pod network).',
    remediation:
      "Add `drop: [ALL]` under each container's `securityContext.capabilities` (the pod-level securityContext has no capabilities) and `add` back only what is really needed, such as NET_BIND_SERVICE for a port below 1024.",
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
        '          securityContext:\n' +
        '            allowPrivilegeEscalation: false\n',
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
        '          securityContext:\n' +
        '            allowPrivilegeEscalation: false\n' +
        '            capabilities:\n' +
        '              drop: [ALL]\n',
    },
    equivalents: {
      checkov: ['CKV_K8S_37', 'CKV_K8S_28'],
      polaris: ['insecureCapabilities'],
      trivy: ['KSV003'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      if (isWindowsPod(c.workload)) return;
      const doc = c.workload.doc;
      const capabilities = securityField(c, 'capabilities');
      const message = `${containerLabel(c)} does not drop all Linux capabilities, so it keeps the runtime's defaults (NET_RAW, SETUID…) that an attacker can use. Add ALL to securityContext.capabilities.drop and add back only what it needs.`;
      const title = 'Drop ALL capabilities';
      if (!capabilities) {
        if (c.workload.partial) return;
        const edits = mergeIntoContainer(model, c, { securityContext: { capabilities: { drop: ['ALL'] } } });
        ctx.report({ range: missingSecurityRange(model, c), message, fix: edits.length ? { title, edits, safety: 'unsafe' } : undefined });
        return;
      }
      const drop = field(doc, capabilities.node, 'drop');
      if (!drop) {
        if (c.workload.partial) return;
        const edits = mergeIntoContainer(model, c, { securityContext: { capabilities: { drop: ['ALL'] } } });
        ctx.report({ range: keyRange(model, capabilities), message, fix: edits.length ? { title, edits, safety: 'unsafe' } : undefined });
        return;
      }
      const items = isSeq(drop.node) ? drop.node.items.map((i) => (isScalar(i) ? String(i.value) : '')) : [];
      if (items.some((i) => i.toUpperCase() === 'ALL')) return;
      let edit: TextEdit | undefined;
      if (isSeq(drop.node)) edit = model.editor.appendToSeq(drop.node, ['ALL']);
      else if (isEmptyValue(drop.node)) edit = model.editor.fillEmpty(drop.pair, ['ALL']);
      else if (isScalar(drop.node)) edit = model.editor.replaceNodeInline(drop.node, ['ALL']);
      ctx.report({ range: model.editor.pairRange(drop.pair), message, fix: edit ? { title, edits: [edit], safety: 'unsafe' } : undefined });
    });
  },
};
