import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sNoSecretLiterals: Rule<K8sModel> = {
  id: 'k8s-no-secret-literals',
  target: 'k8s',
  meta: {
    description: 'env[].value literal for a secret-looking name',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
