import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const k8sReadOnlyRootFs: Rule<unknown> = {
  id: 'k8s-read-only-root-fs',
  target: 'k8s',
  meta: {
    description: 'readOnlyRootFilesystem not true',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
