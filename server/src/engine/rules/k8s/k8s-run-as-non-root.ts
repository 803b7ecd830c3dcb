import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sRunAsNonRoot: Rule<unknown> = {
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
