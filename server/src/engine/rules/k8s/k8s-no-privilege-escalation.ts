import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sNoPrivilegeEscalation: Rule<unknown> = {
  id: 'k8s-no-privilege-escalation',
  target: 'k8s',
  meta: {
    description: 'allowPrivilegeEscalation not false, or privileged: true',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
