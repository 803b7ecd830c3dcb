import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sDropCapabilities: Rule<unknown> = {
  id: 'k8s-drop-capabilities',
  target: 'k8s',
  meta: {
    description: 'capabilities.drop does not contain ALL',
    defaultSeverity: 'warning',
    fixable: true,
    rationale: '',
  },
  check() {},
};
