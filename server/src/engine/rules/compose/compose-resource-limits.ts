import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const composeResourceLimits: Rule<unknown> = {
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
