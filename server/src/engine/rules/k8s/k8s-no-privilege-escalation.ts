import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sNoPrivilegeEscalation: Rule<K8sModel> = {
  id: 'k8s-no-privilege-escalation',
  target: 'k8s',
  meta: {
    description: 'allowPrivilegeEscalation not false, or privileged: true',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
