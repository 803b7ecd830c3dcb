import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sReadinessProbe: Rule<unknown> = {
  id: 'k8s-readiness-probe',
  target: 'k8s',
  meta: {
    description: 'no readiness probe, or one that is not httpGet on /ready',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
