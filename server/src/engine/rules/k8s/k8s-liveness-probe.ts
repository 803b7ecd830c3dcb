import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sLivenessProbe: Rule<K8sModel> = {
  id: 'k8s-liveness-probe',
  target: 'k8s',
  meta: {
    description: 'no liveness probe, or one that is not httpGet on /health',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
