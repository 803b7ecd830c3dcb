import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeNoUnconfined: Rule<ComposeModel> = {
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
