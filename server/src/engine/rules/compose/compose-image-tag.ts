import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeImageTag: Rule<ComposeModel> = {
  id: 'compose-image-tag',
  target: 'compose',
  meta: {
    description: 'image: is :latest or untagged (build-only services excepted)',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
