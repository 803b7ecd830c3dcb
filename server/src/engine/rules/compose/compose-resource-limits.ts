import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeResourceLimits: Rule<ComposeModel> = {
  id: 'compose-resource-limits',
  target: 'compose',
  meta: {
    description: 'no deploy.resources.limits cpus and memory',
    defaultSeverity: 'warning',
    fixable: false,
    rationale: '',
  },
  check() {},
};
