import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sTerminationGrace: Rule<K8sModel> = {
  id: 'k8s-termination-grace',
  target: 'k8s',
  meta: {
    description: 'terminationGracePeriodSeconds below 30 while the service drains for up to 30 s',
    defaultSeverity: 'warning',
    fixable: true,
    rationale: '',
  },
  check() {},
};
