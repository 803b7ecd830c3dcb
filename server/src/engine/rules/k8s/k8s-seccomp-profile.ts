import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sSeccompProfile: Rule<K8sModel> = {
  id: 'k8s-seccomp-profile',
  target: 'k8s',
  meta: {
    description: 'no RuntimeDefault/Localhost seccomp profile (Pod Security "restricted")',
    defaultSeverity: 'info',
    fixable: true,
    rationale: '',
  },
  check() {},
};
