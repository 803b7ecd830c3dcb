/**
 * kube-score's check ids (README_CHECKS.md of zegl/kube-score) and the rules of ours they cover,
 * for its `kube-score/ignore: <check>[,<check>…]` annotation. Checks with no counterpart here
 * (pod-networkpolicy, container-image-pull-policy…) silence nothing.
 */
export const KUBE_SCORE_CHECKS: Readonly<Record<string, readonly string[]>> = {
  'container-resources': ['k8s-resources'],
  'container-image-tag': ['k8s-image-tag'],
  'pod-probes': ['k8s-liveness-probe', 'k8s-readiness-probe'],
  'container-security-context-user-group-id': ['k8s-run-as-user'],
  'container-security-context-readonlyrootfilesystem': ['k8s-read-only-root-fs'],
  'container-seccomp-profile': ['k8s-seccomp-profile'],
};

export const KUBE_SCORE_IGNORE = 'kube-score/ignore';
/** kube-linter's annotation that turns off every kube-linter check for the object. */
export const KUBE_LINTER_IGNORE_ALL = 'kube-linter.io/ignore-all';

/** The rules a `kube-score/ignore` annotation value silences. */
export function kubeScoreIgnored(value: string): string[] {
  return value.split(',').flatMap((check) => KUBE_SCORE_CHECKS[check.trim().toLowerCase()] ?? []);
}
