import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeNoNewPrivileges: Rule<ComposeModel> = {
  id: 'compose-no-new-privileges',
  target: 'compose',
  meta: {
    description: 'security_opt lacks no-new-privileges:true',
    defaultSeverity: 'warning',
    fixable: false,
    rationale: '',
  },
  check() {},
};
