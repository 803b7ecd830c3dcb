import type { Rule } from '../../types';
import { field, setValueEdit, valueRange, type K8sModel } from '../../yaml/k8s';

const DRAIN_SECONDS = 30;

export const k8sTerminationGrace: Rule<K8sModel> = {
  id: 'k8s-termination-grace',
  target: 'k8s',
  meta: {
    description: `\`terminationGracePeriodSeconds\` is at least ${DRAIN_SECONDS} (the service drains for up to ${DRAIN_SECONDS} s on SIGTERM).`,
    defaultSeverity: 'warning',
    fixable: true,
    // h17b classifies
    fixSafety: 'Unsafe until each fix is classified: review every fix before applying it.',
    rationale:
      `On SIGTERM the standard's services stop accepting, finish in-flight requests and close their dependencies within ${DRAIN_SECONDS} seconds. A shorter \`terminationGracePeriodSeconds\` makes the kubelet SIGKILL them mid-drain, dropping requests on every rollout. Leave it unset (the default is ${DRAIN_SECONDS}) or set it to ${DRAIN_SECONDS} or more.`,
  },
  check(ctx) {
    const model = ctx.model;
    for (const w of model.workloads) {
      const grace = field(w.doc, w.podSpec, 'terminationGracePeriodSeconds');
      if (!grace || typeof grace.value !== 'number' || grace.value >= DRAIN_SECONDS) continue;
      const edit = setValueEdit(model, grace, DRAIN_SECONDS);
      ctx.report({
        range: valueRange(model, grace),
        message: `terminationGracePeriodSeconds is ${grace.value}, shorter than the ${DRAIN_SECONDS} s the service may take to drain on SIGTERM: the kubelet kills it mid-drain and in-flight requests fail. Set it to ${DRAIN_SECONDS} or more.`,
        fix: edit ? { title: `Set terminationGracePeriodSeconds: ${DRAIN_SECONDS}`, edits: [edit], safety: 'unsafe' /* h17b classifies */ } : undefined,
      });
    }
  },
};
