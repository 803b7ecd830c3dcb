import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sHostNamespaces: Rule<unknown> = {
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
