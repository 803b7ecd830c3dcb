import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeNoSecretLiterals: Rule<ComposeModel> = {
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
