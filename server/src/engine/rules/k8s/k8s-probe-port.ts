import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sProbePort: Rule<K8sModel> = {
  id: 'k8s-probe-port',
  target: 'k8s',
  meta: {
    description: 'a probe\'s port names or numbers no declared containerPort',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
