import type { Rule, TextEdit } from '../../types';
import { forEachContainer, isWindowsPod, missingSecurityRange, securityContextAt, securityField, toUserId, valueRange, type K8sModel } from '../../yaml/k8s';
import { containerLabel, containerRef, onceAt } from './shared/messages';
import { mergeIntoContainer, NONROOT_UID, setValueEdit } from './shared/fixes';

export const k8sRunAsNonRoot: Rule<K8sModel> = {
  id: 'k8s-run-as-non-root',
  target: 'k8s',
  meta: {
    description: 'Every container runs with `runAsNonRoot: true` (pod or container level) and never as `runAsUser: 0`.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Adding `runAsNonRoot: true` beside a non-zero numeric `runAsUser` is safe: the kubelet\'s check passes and the process runs as before. Every other fix is unsafe: writing `runAsUser: 65532` invents a user id the image may not work with (its entrypoint may need root, or own files as another user), and replacing `runAsUser: 0` or `runAsNonRoot: false` changes what the author chose.',
    why: 'A process running as root inside the container is root on the host as soon as it escapes.',
    remediation:
      'Set `runAsNonRoot: true` (on the pod or the container) with a numeric `runAsUser` (65532 is distroless `nonroot`), and never `runAsUser: 0`.',
    notes:
      '`runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root; it is inherited from the pod-level securityContext.',
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
        '        runAsUser: 65532\n' +
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
      kubeLinter: ['run-as-non-root'],
      checkov: ['CKV_K8S_23'],
      polaris: ['runAsRootAllowed'],
      trivy: ['KSV012'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    const seen = new Set<string>();
    forEachContainer(model, (c) => {
      // Windows pods run as windowsOptions.runAsUserName; runAsUser is rejected there, and root is a Linux notion.
      if (isWindowsPod(c.workload)) return;
      const user = securityField(c, 'runAsUser');
      const nonRoot = securityField(c, 'runAsNonRoot');
      if (user && toUserId(user.value) === 0) {
        const range = valueRange(model, user);
        if (!onceAt(seen, range)) return;
        const edits: TextEdit[] = [];
        const edit = setValueEdit(model, user, NONROOT_UID);
        if (edit) edits.push(edit);
        if (nonRoot && nonRoot.value !== true) {
          const e = setValueEdit(model, nonRoot, true);
          if (e) edits.push(e);
        } else if (!nonRoot) {
          const block = securityContextAt(c, user.level);
          if (block) edits.push(model.editor.insertPairs(block, { runAsNonRoot: true }, [{ before: 'runAsUser' }]));
        }
        ctx.report({
          range,
          message: `${containerLabel(c)} runs as root (runAsUser: 0), so a container escape gives root on the node. Use a non-root user id such as ${NONROOT_UID} (distroless nonroot) with runAsNonRoot: true.`,
          fix: edit ? { title: `Run as user ${NONROOT_UID} with runAsNonRoot: true`, edits, safety: 'unsafe' } : undefined,
        });
        return;
      }
      if (nonRoot?.value === true) return;
      if (nonRoot) {
        const range = valueRange(model, nonRoot);
        if (!onceAt(seen, range)) return;
        const edits: TextEdit[] = [];
        const edit = setValueEdit(model, nonRoot, true);
        if (edit) edits.push(edit);
        const block = securityContextAt(c, nonRoot.level);
        if (!user && block) edits.push(model.editor.insertPairs(block, { runAsUser: NONROOT_UID }, [{ after: 'runAsNonRoot' }]));
        const uid = user ? toUserId(user.value) : undefined;
        ctx.report({
          range,
          message: `${containerLabel(c)} sets runAsNonRoot to ${String(nonRoot.value ?? 'nothing')}, so the kubelet does not refuse to run it as root${uid ? ` (runAsUser: ${uid} keeps it off root today)` : ''}. Set runAsNonRoot: true with a numeric runAsUser.`,
          fix: edit ? { title: 'Set runAsNonRoot: true', edits, safety: 'unsafe' } : undefined,
        });
        return;
      }
      if (c.workload.partial) return;
      const edits = mergeIntoContainer(model, c, { securityContext: user ? { runAsNonRoot: true } : { runAsNonRoot: true, runAsUser: NONROOT_UID } });
      const uid = user ? toUserId(user.value) : undefined;
      // A non-zero numeric runAsUser already keeps it off root: the kubelet's check passes, so adding it changes nothing that runs.
      const keptOffRoot = uid !== undefined && uid > 0;
      const consequence = keptOffRoot
        ? `It runs as user ${uid} (runAsUser), but nothing makes the kubelet refuse root if that setting is dropped or changed.`
        : user
          ? `It runs as whatever runAsUser ${JSON.stringify(user.value ?? null)} gives, and nothing makes the kubelet refuse root.`
          : `It runs as the image's user, which is root unless the image sets another, and a container escape as root gives root on the node.`;
      ctx.report({
        range: missingSecurityRange(model, c),
        message: `Neither the pod nor ${containerRef(c)} sets runAsNonRoot: true. ${consequence} Set runAsNonRoot: true${user ? '' : ` and runAsUser: ${NONROOT_UID}`}.`,
        fix: edits.length
          ? { title: user ? 'Set runAsNonRoot: true' : `Set runAsNonRoot: true and runAsUser: ${NONROOT_UID}`, edits, safety: keptOffRoot ? 'safe' : 'unsafe' }
          : undefined,
      });
    });
  },
};
