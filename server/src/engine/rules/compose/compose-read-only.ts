import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const composeReadOnly: Rule<unknown> = {
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
