import type { Node } from 'yaml';
import type { Range, Rule } from '../../types';
import { containerSecurityContext, fieldAt, isWindowsPod, podSecurityContext, asText, valueRange, type Container, type K8sModel } from '../../yaml/k8s';
import { containerLabel, containerRef, onceAt } from './shared/messages';
import { mergeIntoPodSpec, setValueEdit } from './shared/fixes';

const ACCEPTED = new Set(['RuntimeDefault', 'Localhost']);
const LEGACY_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const LEGACY_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

export const k8sSeccompProfile: Rule<K8sModel> = {
  id: 'k8s-seccomp-profile',
  target: 'k8s',
  meta: {
    description: 'Every container runs under the `RuntimeDefault` (or a `Localhost`) seccomp profile.',
    defaultSeverity: 'info',
    fixable: true,
    fixSafety:
      'Adding a pod-level `RuntimeDefault` where no profile is set is safe: it is the profile Docker applies to every container, so images tested with `docker run` already run under it, and privileged containers are not confined by it. Replacing a profile the author set (`Unconfined`, or a legacy `unconfined` seccomp annotation) is unsafe: it may have been set for a system call the default profile blocks.',
    why:
      'Without a seccomp profile a container may call every system call of the host kernel, which widens the attack surface of a kernel exploit; the Pod Security "restricted" standard requires `RuntimeDefault` or `Localhost`.',
    remediation:
      'Set `seccompProfile: {type: RuntimeDefault}` in the pod-level securityContext (containers inherit it).',
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
        '        seccompProfile: {type: RuntimeDefault}\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n',
    },
    equivalents: {
      checkov: ['CKV_K8S_31'],
      trivy: ['KSV030'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    const seen = new Set<string>();
    for (const w of model.workloads) {
      if (isWindowsPod(w)) continue;
      const podSc = podSecurityContext(w);
      const pod = fieldAt(w.doc, podSc?.map, ['seccompProfile', 'type']);
      const legacy = /^(runtime|docker)\/default$|^localhost\//.test(w.annotations.get(LEGACY_ANNOTATION) ?? '');
      const lacking: Container[] = [];
      for (const c of w.containers) {
        const own = fieldAt(w.doc, containerSecurityContext(c)?.map, ['seccompProfile', 'type']);
        const effective = own ?? pod;
        if (effective && ACCEPTED.has(asText(effective.value) ?? '')) continue;
        if (effective) {
          const range = valueRange(model, effective);
          if (!onceAt(seen, range)) continue;
          const edit = setValueEdit(model, effective, 'RuntimeDefault');
          ctx.report({
            range,
            message: `${effective === pod && w.containers.length > 1 ? `The pod of ${w.kind} '${w.name ?? '(unnamed)'}'` : containerLabel(c)} runs with seccomp profile ${JSON.stringify(effective.value ?? null)}, so it may make any system call of the host kernel. Use type: RuntimeDefault (Pod Security "restricted").`,
            fix: edit ? { title: 'Use the RuntimeDefault seccomp profile', edits: [edit], safety: 'unsafe' } : undefined,
          });
          continue;
        }
        if (!legacy) lacking.push(c);
      }
      if (lacking.length === 0 || w.partial) continue;
      // One finding per pod: the fix is one pod-level profile, and the message names every container it covers.
      const first = lacking[0];
      // On the container's name, not its securityContext key, which another rule's fix may add: the finding stays put.
      const range: Range = podSc ? model.editor.rangeOf(podSc.pair.key as Node) : first.nameRange;
      if (!onceAt(seen, range)) continue;
      const who = lacking.length === 1 ? containerLabel(first) : `${w.kind} '${w.name ?? '(unnamed)'}': ${joinList(lacking.map(containerRef))}`;
      const edits = mergeIntoPodSpec(model, w, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
      // A legacy annotation (`unconfined`) is the author's choice, and Kubernetes rejects a field that disagrees with it.
      const annotation = [...w.annotations].find(([key]) => key === LEGACY_ANNOTATION || key.startsWith(LEGACY_CONTAINER_ANNOTATION));
      ctx.report({
        range,
        message: `${who} ${lacking.length === 1 ? 'has' : 'have'} no seccomp profile, so ${lacking.length === 1 ? 'it' : 'they'} may make any system call of the host kernel. Set seccompProfile type RuntimeDefault in the pod's securityContext (Pod Security "restricted")${annotation ? `, and remove the annotation ${annotation[0]}: ${annotation[1]}, which Kubernetes requires to agree with it` : ''}.`,
        fix: edits.length ? { title: 'Add pod-level seccompProfile RuntimeDefault', edits, safety: annotation ? 'unsafe' : 'safe' } : undefined,
      });
    }
  },
};

/** `a`, `a and b`, `a, b and c`. */
function joinList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
