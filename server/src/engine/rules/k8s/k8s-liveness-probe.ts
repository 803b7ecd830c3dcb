import type { Rule } from '../../types';
import { checkHttpProbe, type K8sModel } from '../../yaml/k8s';

export const k8sLivenessProbe: Rule<K8sModel> = {
  id: 'k8s-liveness-probe',
  target: 'k8s',
  meta: {
    description: 'Every app container of a long-running workload has an `httpGet` liveness probe on `/health`.',
    defaultSeverity: 'error',
    fixable: true,
    // h17b classifies
    fixSafety: 'Unsafe until each fix is classified: review every fix before applying it.',
    rationale:
      'Without a liveness probe a deadlocked process keeps its pod forever; with an exec probe the check needs a shell or curl that a distroless image does not have. The standard\'s services answer `/health` without touching dependencies, so a liveness `httpGet` on `/health` restarts only a process that is really stuck. Init containers and Job/CronJob containers are not checked.',
    equivalents: {
      kubeLinter: ['no-liveness-probe'],
      checkov: ['CKV_K8S_8'],
      polaris: ['livenessProbeMissing'],
    },
  },
  check(ctx) {
    checkHttpProbe(ctx, 'livenessProbe', 'a hung process is never restarted.');
  },
};
