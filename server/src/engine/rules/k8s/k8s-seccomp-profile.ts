import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sSeccompProfile: Rule<unknown> = {
  id: 'k8s-seccomp-profile',
  target: 'k8s',
  meta: {
    description: 'no RuntimeDefault/Localhost seccomp profile (Pod Security "restricted")',
    defaultSeverity: 'info',
    fixable: true,
    rationale: '',
  },
  check() {},
};
