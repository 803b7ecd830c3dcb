import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const composeNoUnconfined: Rule<unknown> = {
  id: 'compose-no-unconfined',
  target: 'compose',
  meta: {
    description: 'seccomp:unconfined or apparmor:unconfined in security_opt, or privileged: true',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
