import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sHostNamespaces: Rule<K8sModel> = {
  id: 'k8s-host-namespaces',
  target: 'k8s',
  meta: {
    description: 'hostNetwork, hostPID or hostIPC true',
    defaultSeverity: 'warning',
    fixable: false,
    rationale: '',
  },
  check() {},
};
