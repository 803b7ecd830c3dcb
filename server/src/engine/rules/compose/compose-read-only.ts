import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeReadOnly: Rule<ComposeModel> = {
  id: 'compose-read-only',
  target: 'compose',
  meta: {
    description: 'a service lacks read_only: true',
    defaultSeverity: 'warning',
    fixable: false,
    rationale: '',
  },
  check() {},
};
