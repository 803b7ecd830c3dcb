import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeCapDropAll: Rule<ComposeModel> = {
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
