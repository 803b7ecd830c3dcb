import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const composeNoNewPrivileges: Rule<unknown> = {
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
