import type { Rule } from '../../types';
import type { K8sModel } from '../../yaml/k8s';
// PLACEHOLDER: check not implemented yet.
export const k8sRunAsUser: Rule<K8sModel> = {
  id: 'k8s-run-as-user',
  target: 'k8s',
  meta: {
    description: 'runAsNonRoot: true with no numeric runAsUser on pod or container: the kubelet cannot verify a named image user such as distroless nonroot and refuses to start the pod',
    defaultSeverity: 'warning',
    fixable: true,
    rationale: '',
  },
  check() {},
};
