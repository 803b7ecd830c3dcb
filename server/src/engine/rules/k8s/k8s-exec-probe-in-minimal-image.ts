import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sExecProbeInMinimalImage: Rule<K8sModel> = {
  id: 'k8s-exec-probe-in-minimal-image',
  target: 'k8s',
  meta: {
    description: 'an exec probe or lifecycle hook runs curl/wget/sh/cat (absent in distroless)',
    defaultSeverity: 'error',
    fixable: true,
    rationale: '',
  },
  check() {},
};
