import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const composeNoSecretLiterals: Rule<unknown> = {
  id: 'compose-no-secret-literals',
  target: 'compose',
  meta: {
    description: 'environment literal for a secret-looking name',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
