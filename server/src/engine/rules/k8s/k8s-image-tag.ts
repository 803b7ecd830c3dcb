import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sImageTag: Rule<K8sModel> = {
  id: 'k8s-image-tag',
  target: 'k8s',
  meta: {
    description: '—',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
