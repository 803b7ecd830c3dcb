import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sProbePort: Rule<unknown> = {
  id: 'k8s-probe-port',
  target: 'k8s',
  meta: {
    description: 'a probe\'s port names or numbers no declared containerPort',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
