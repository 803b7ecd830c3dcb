import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const composeCapDropAll: Rule<unknown> = {
  id: 'compose-cap-drop-all',
  target: 'compose',
  meta: {
    description: 'cap_drop lacks ALL',
    defaultSeverity: 'warning',
    fixable: false,
    rationale: '',
  },
  check() {},
};
