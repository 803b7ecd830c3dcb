import { isSeq, isScalar } from 'yaml';
import type { FixSafety, Rule } from '../../types';
import { field, forEachContainer, isWindowsPod, missingSecurityRange, securityField, valueRange, type Container, type K8sModel } from '../../yaml/k8s';
import { containerLabel } from './shared/messages';
import { mergeIntoContainer, setValueEdit } from './shared/fixes';

export const k8sNoPrivilegeEscalation: Rule<K8sModel> = {
  id: 'k8s-no-privilege-escalation',
  target: 'k8s',
  meta: {
    description: 'Every container sets `allowPrivilegeEscalation: false` and is not `privileged`.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Adding a missing `allowPrivilegeEscalation: false` is safe: it only stops setuid binaries and file capabilities from raising a process\'s privileges, which a service does not rely on. It is unsafe where the files show the container may rely on it: it adds capabilities (a non-root binary may get them from file capabilities), runs with an Unconfined seccomp or AppArmor profile (rootless BuildKit), or is privileged or adds CAP_SYS_ADMIN (Kubernetes rejects the combination). Replacing an explicit `true` or `privileged: true` is unsafe: the author may need it (node agents).',
    why:
      "With `allowPrivilegeEscalation` unset (it defaults to true) a process can gain more privileges than its parent through setuid binaries or file capabilities; a `privileged` container has all capabilities and the host's devices.",
    remediation:
      'Set `securityContext.allowPrivilegeEscalation: false` on every container (the pod-level securityContext has no such field) and remove `privileged: true`.',
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
        '            capabilities: {drop: [ALL]}\n',
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
        '            capabilities: {drop: [ALL]}\n',
    },
    equivalents: {
      kubeLinter: ['privilege-escalation-container', 'privileged-container'],
      checkov: ['CKV_K8S_20', 'CKV_K8S_16'],
      polaris: ['privilegeEscalationAllowed', 'runAsPrivileged'],
      trivy: ['KSV001', 'KSV017'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      if (isWindowsPod(c.workload)) return;
      const privileged = securityField(c, 'privileged');
      if (privileged?.value === true) {
        const edit = setValueEdit(model, privileged, false);
        ctx.report({
          range: valueRange(model, privileged),
          message: `${containerLabel(c)} is privileged: it gets every capability and the host's devices, so escaping the container is trivial. Set privileged: false and grant only the capabilities it needs.`,
          fix: edit ? { title: 'Set privileged: false', edits: [edit], safety: 'unsafe' } : undefined,
        });
      }
      const f = securityField(c, 'allowPrivilegeEscalation');
      if (f?.value === false) return;
      const added = addedCapabilities(c);
      // Kubernetes rejects allowPrivilegeEscalation: false beside privileged: true or an added CAP_SYS_ADMIN.
      const needsEscalation = privileged?.value === true || added.some((cap) => /^(CAP_)?SYS_ADMIN$/i.test(cap));
      // An added capability (a non-root binary may get it from file capabilities) or a profile the author
      // unconfined (rootless BuildKit's newuidmap) says the container may rely on gaining privileges.
      const addSafety: FixSafety = needsEscalation || added.length > 0 || loosenedConfinement(c) ? 'unsafe' : 'safe';
      if (f) {
        const empty = f.value === null || f.value === undefined || f.value === '';
        const edit = setValueEdit(model, f, false);
        ctx.report({
          range: valueRange(model, f),
          message: `${containerLabel(c)} sets allowPrivilegeEscalation to ${String(f.value ?? 'nothing')}, so a process can gain privileges through setuid binaries. Set it to false.`,
          fix: edit ? { title: 'Set allowPrivilegeEscalation: false', edits: [edit], safety: empty ? addSafety : 'unsafe' } : undefined,
        });
        return;
      }
      if (c.workload.partial) return;
      const edits = mergeIntoContainer(model, c, { securityContext: { allowPrivilegeEscalation: false } });
      ctx.report({
        range: missingSecurityRange(model, c),
        message: `${containerLabel(c)} does not set securityContext.allowPrivilegeEscalation: false; it defaults to true, so a process can gain privileges through setuid binaries. Set it on the container (the pod-level securityContext does not cover it)${needsEscalation ? '; Kubernetes accepts it only once the container is not privileged and does not add CAP_SYS_ADMIN' : ''}.`,
        fix: edits.length ? { title: 'Set allowPrivilegeEscalation: false', edits, safety: addSafety } : undefined,
      });
    });
  },
};

function addedCapabilities(c: Container): string[] {
  const capabilities = securityField(c, 'capabilities');
  const add = capabilities && field(c.workload.doc, capabilities.node, 'add')?.node;
  return isSeq(add) ? add.items.filter(isScalar).map((i) => String(i.value ?? '')).filter((cap) => cap.trim() !== '') : [];
}

/** A seccomp or AppArmor profile set to Unconfined for this container (own, pod-level or the AppArmor annotation). */
function loosenedConfinement(c: Container): boolean {
  for (const key of ['seccompProfile', 'appArmorProfile']) {
    const profile = securityField(c, key);
    const type = profile && field(c.workload.doc, profile.node, 'type')?.value;
    if (typeof type === 'string' && /^unconfined$/i.test(type)) return true;
  }
  return /^unconfined$/i.test(c.workload.annotations.get(`container.apparmor.security.beta.kubernetes.io/${c.name ?? ''}`) ?? '');
}
