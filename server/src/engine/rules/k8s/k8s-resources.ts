import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sResources: Rule<K8sModel> = {
  id: 'k8s-resources',
  target: 'k8s',
  meta: {
    description: 'any of requests.cpu, requests.memory, limits.cpu, limits.memory missing',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
