import type { Rule } from '../../types';
import { forEachContainer, isWindowsPod, missingSecurityRange, securityField, valueRange, type K8sModel } from '../../yaml/k8s';
import { containerLabel } from './shared/messages';
import { mergeIntoContainer, setValueEdit } from './shared/fixes';

export const k8sReadOnlyRootFs: Rule<K8sModel> = {
  id: 'k8s-read-only-root-fs',
  target: 'k8s',
  meta: {
    description: 'Every container sets `securityContext.readOnlyRootFilesystem: true`.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Unsafe: a process that writes anywhere in its image (`/tmp`, a cache, a pid file) fails once the root filesystem is read-only, the files do not show whether it does, and the fix mounts no emptyDir; replacing an explicit `false` also overrides the author.',
    why:
      'A writable root filesystem lets an attacker who gets code execution drop binaries or change the application in place.',
    remediation:
      "A Go binary needs no writes to its image: set `readOnlyRootFilesystem: true` in each container's `securityContext` (the pod-level securityContext has no such field) and mount an `emptyDir` at the few paths that must be writable, such as `/tmp`.",
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
        '      volumes:\n' +
        '        - {name: tmp, emptyDir: {}}\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          securityContext:\n' +
        '            allowPrivilegeEscalation: false\n' +
        '            readOnlyRootFilesystem: true\n' +
        '          volumeMounts:\n' +
        '            - {name: tmp, mountPath: /tmp}\n',
    },
    equivalents: {
      kubeLinter: ['no-read-only-root-fs'],
      checkov: ['CKV_K8S_22'],
      polaris: ['notReadOnlyRootFilesystem'],
      trivy: ['KSV014'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      if (isWindowsPod(c.workload)) return;
      const f = securityField(c, 'readOnlyRootFilesystem');
      if (f?.value === true) return;
      if (f) {
        const edit = setValueEdit(model, f, true);
        ctx.report({
          range: valueRange(model, f),
          message: `${containerLabel(c)} sets readOnlyRootFilesystem to ${String(f.value ?? 'nothing')}, so a compromised process can write to the image's filesystem. Set it to true and mount an emptyDir where the app must write.`,
          fix: edit ? { title: 'Set readOnlyRootFilesystem: true', edits: [edit], safety: 'unsafe' } : undefined,
        });
        return;
      }
      if (c.workload.partial) return;
      const edits = mergeIntoContainer(model, c, { securityContext: { readOnlyRootFilesystem: true } });
      ctx.report({
        range: missingSecurityRange(model, c),
        message: `${containerLabel(c)} does not set securityContext.readOnlyRootFilesystem: true, so a compromised process can write to the image's filesystem. Set it (the pod-level securityContext does not cover it) and mount an emptyDir where the app must write.`,
        fix: edits.length ? { title: 'Set readOnlyRootFilesystem: true', edits, safety: 'unsafe' } : undefined,
      });
    });
  },
};
