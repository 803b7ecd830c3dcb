import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sReadinessProbe: Rule<K8sModel> = {
  id: 'k8s-readiness-probe',
  target: 'k8s',
  meta: {
    description: 'no readiness probe, or one that is not httpGet on /ready',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
