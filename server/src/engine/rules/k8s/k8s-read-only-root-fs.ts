import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sReadOnlyRootFs: Rule<K8sModel> = {
  id: 'k8s-read-only-root-fs',
  target: 'k8s',
  meta: {
    description: 'readOnlyRootFilesystem not true',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
