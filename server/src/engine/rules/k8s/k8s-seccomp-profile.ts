import type { Node } from 'yaml';
import type { Range, Rule } from '../../types';
import {
  containerLabel,
  containerSecurityContext,
  fieldAt,
  forEachContainer,
  mergeIntoPodSpec,
  onceAt,
  podSecurityContext,
  setValueEdit,
  str,
  valueRange,
  type K8sModel,
} from '../../yaml/k8s';

const ACCEPTED = new Set(['RuntimeDefault', 'Localhost']);
const LEGACY_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';

export const k8sSeccompProfile: Rule<K8sModel> = {
  id: 'k8s-seccomp-profile',
  target: 'k8s',
  meta: {
    description: 'Every container runs under the `RuntimeDefault` (or a `Localhost`) seccomp profile.',
    defaultSeverity: 'info',
    fixable: true,
    // h17b classifies
    fixSafety: 'Unsafe until each fix is classified: review every fix before applying it.',
    rationale:
      'Without a seccomp profile a container may call every system call of the host kernel, which widens the attack surface of a kernel exploit; the Pod Security "restricted" standard requires `RuntimeDefault` or `Localhost`. Set `seccompProfile: {type: RuntimeDefault}` in the pod-level securityContext (containers inherit it).',
    equivalents: {
      checkov: ['CKV_K8S_31'],
      trivy: ['KSV030'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    const seen = new Set<string>();
    forEachContainer(model, (c) => {
      const w = c.workload;
      const own = fieldAt(w.doc, containerSecurityContext(c)?.map, ['seccompProfile', 'type']);
      const podSc = podSecurityContext(w);
      const pod = fieldAt(w.doc, podSc?.map, ['seccompProfile', 'type']);
      const effective = own ?? pod;
      if (effective && ACCEPTED.has(str(effective.value) ?? '')) return;
      if (effective) {
        const range = valueRange(model, effective);
        if (!onceAt(seen, range)) return;
        const edit = setValueEdit(model, effective, 'RuntimeDefault');
        ctx.report({
          range,
          message: `${containerLabel(c)} runs with seccomp profile ${JSON.stringify(effective.value ?? null)}, so it may make any system call of the host kernel. Use type: RuntimeDefault (Pod Security "restricted").`,
          fix: edit ? { title: 'Use the RuntimeDefault seccomp profile', edits: [edit], safety: 'unsafe' /* h17b classifies */ } : undefined,
        });
        return;
      }
      if (/^(runtime|docker)\/default$|^localhost\//.test(w.annotations.get(LEGACY_ANNOTATION) ?? '')) return;
      if (w.partial) return;
      const ownSc = containerSecurityContext(c);
      const range: Range = podSc ? model.editor.rangeOf(podSc.pair.key as Node) : ownSc ? model.editor.rangeOf(ownSc.pair.key as Node) : c.nameRange;
      if (!onceAt(seen, range)) return;
      const edits = mergeIntoPodSpec(model, w, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
      ctx.report({
        range,
        message: `${containerLabel(c)} has no seccomp profile, so it may make any system call of the host kernel. Set seccompProfile type RuntimeDefault in the pod's securityContext (Pod Security "restricted").`,
        fix: edits.length ? { title: 'Add pod-level seccompProfile RuntimeDefault', edits, safety: 'unsafe' /* h17b classifies */ } : undefined,
      });
    });
  },
};
