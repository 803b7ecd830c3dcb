import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sDropCapabilities: Rule<K8sModel> = {
  id: 'k8s-drop-capabilities',
  target: 'k8s',
  meta: {
    description: 'capabilities.drop does not contain ALL',
    defaultSeverity: 'warning',
    fixable: true,
    rationale: '',
  },
  check() {},
};
