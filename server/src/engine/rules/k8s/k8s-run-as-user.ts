import type { Rule } from '../../types';
import type { Node } from 'yaml';
import { containerLabel, forEachContainer, NONROOT_UID, onceAt, securityContextAt, securityContextPair, securityField, setValueEdit, toUserId, valueRange, type K8sModel } from '../../yaml/k8s';

export const k8sRunAsUser: Rule<K8sModel> = {
  id: 'k8s-run-as-user',
  target: 'k8s',
  meta: {
    description: 'A container with `runAsNonRoot: true` also has a numeric `runAsUser` (pod or container level).',
    defaultSeverity: 'warning',
    fixable: true,
    // h17b classifies
    fixSafety: 'Unsafe until each fix is classified: review every fix before applying it.',
    rationale:
      'With `runAsNonRoot: true` the kubelet must prove the user is not root. An image user given by name, such as distroless `nonroot`, cannot be checked, so the pod fails with "container has runAsNonRoot and image has non-numeric user". Set a numeric `runAsUser` (65532 is distroless `nonroot`) beside `runAsNonRoot`.',
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
      if (nonRoot?.value !== true) return;
      const user = securityField(c, 'runAsUser');
      if (user && toUserId(user.value) !== undefined) return;
      if (user) {
        const range = valueRange(model, user);
        if (!onceAt(seen, range)) return;
        const edit = setValueEdit(model, user, NONROOT_UID);
        ctx.report({
          range,
          message: `${containerLabel(c)} has runAsUser ${JSON.stringify(user.value ?? null)}, which is not a numeric user id: with runAsNonRoot: true the kubelet refuses to start it. Use a number such as ${NONROOT_UID} (distroless nonroot).`,
          fix: edit ? { title: `Set runAsUser: ${NONROOT_UID}`, edits: [edit], safety: 'unsafe' /* h17b classifies */ } : undefined,
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
        message: `${containerLabel(c)} has runAsNonRoot: true but no numeric runAsUser: the kubelet cannot verify a named image user (such as distroless nonroot) and refuses to start the pod. Set runAsUser: ${NONROOT_UID}.`,
        fix: edit ? { title: `Set runAsUser: ${NONROOT_UID}`, edits: [edit], safety: 'unsafe' /* h17b classifies */ } : undefined,
      });
    });
  },
};
