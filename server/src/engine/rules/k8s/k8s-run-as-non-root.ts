import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sRunAsNonRoot: Rule<K8sModel> = {
  id: 'k8s-run-as-non-root',
  target: 'k8s',
  meta: {
    description: 'neither pod nor container sets runAsNonRoot: true, or runAsUser: 0',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
