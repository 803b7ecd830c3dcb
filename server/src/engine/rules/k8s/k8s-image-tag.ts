import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sImageTag: Rule<unknown> = {
  id: 'k8s-image-tag',
  target: 'k8s',
  meta: {
    description: '—',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
