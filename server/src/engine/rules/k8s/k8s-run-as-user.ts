import type { Rule } from '../../types';
import type { Node } from 'yaml';
import { forEachContainer, isTemplated, isWindowsPod, securityContextAt, securityContextPair, securityField, toUserId, valueRange, type K8sModel } from '../../yaml/k8s';
import { containerLabel, onceAt } from './shared/messages';
import { NONROOT_UID, setValueEdit } from './shared/fixes';

const NAMED_USER_REFUSED = "if the image's USER is a name (such as distroless nonroot) rather than a number, the kubelet cannot verify it is not root and refuses to start the pod.";

export const k8sRunAsUser: Rule<K8sModel> = {
  id: 'k8s-run-as-user',
  target: 'k8s',
  meta: {
    description: 'A container with `runAsNonRoot: true` also has a numeric `runAsUser` (pod or container level).',
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: `runAsUser: 65532` overrides the image\'s own user with an id the files do not show it works with (files owned by another user become unreadable or unwritable), and replacing a written value changes what the author chose.',
    why:
      'With `runAsNonRoot: true` the kubelet must prove the user is not root, and an image whose USER is a name, such as distroless `nonroot`, cannot be checked: the pod fails with "container has runAsNonRoot and image has non-numeric user".',
    remediation:
      "The manifest does not show the image's USER, so set a numeric `runAsUser` (65532 is distroless `nonroot`) beside `runAsNonRoot` and the pod starts whatever the image says.",
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
        '      securityContext:\n' +
        '        runAsNonRoot: true\n' +
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
        '      securityContext:\n' +
        '        runAsNonRoot: true\n' +
        '        runAsUser: 65532\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n',
    },
    equivalents: {
      checkov: ['CKV_K8S_40'],
      trivy: ['KSV020'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    const seen = new Set<string>();
    forEachContainer(model, (c) => {
      const nonRoot = securityField(c, 'runAsNonRoot');
      // Windows pods name their user in windowsOptions.runAsUserName; runAsUser is rejected there.
      if (nonRoot?.value !== true || isWindowsPod(c.workload)) return;
      const user = securityField(c, 'runAsUser');
      if (user && (toUserId(user.value) !== undefined || isTemplated(user.value))) return;
      if (user) {
        const range = valueRange(model, user);
        if (!onceAt(seen, range)) return;
        const edit = setValueEdit(model, user, NONROOT_UID);
        ctx.report({
          range,
          message:
            user.value === null || user.value === undefined || user.value === ''
              ? `${containerLabel(c)} has runAsNonRoot: true and an empty runAsUser, which leaves it unset: ${NAMED_USER_REFUSED} Set runAsUser to the image user's numeric id (${NONROOT_UID} for distroless nonroot).`
              : `${containerLabel(c)} has runAsUser ${JSON.stringify(user.value)}, which is not an integer user id, so Kubernetes rejects the manifest. Use the numeric id of the image's user, such as ${NONROOT_UID} for distroless nonroot.`,
          fix: edit ? { title: `Set runAsUser: ${NONROOT_UID}`, edits: [edit], safety: 'unsafe' } : undefined,
        });
        return;
      }
      if (c.workload.partial) return;
      const block = securityContextAt(c, nonRoot.level);
      const keyNode = securityContextPair(c, nonRoot.level)?.key as Node | undefined;
      const range = keyNode ? model.editor.rangeOf(keyNode) : c.nameRange;
      if (!onceAt(seen, range)) return;
      const edit = block ? model.editor.insertPairs(block, { runAsUser: NONROOT_UID }, [{ after: 'runAsNonRoot' }]) : undefined;
      ctx.report({
        range,
        message: `${containerLabel(c)} has runAsNonRoot: true but no runAsUser: ${NAMED_USER_REFUSED} Set runAsUser to the image user's numeric id (${NONROOT_UID} for distroless nonroot).`,
        fix: edit ? { title: `Set runAsUser: ${NONROOT_UID}`, edits: [edit], safety: 'unsafe' } : undefined,
      });
    });
  },
};
