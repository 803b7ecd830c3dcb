// Peer tools' annotations on a workload (kube-linter, kube-score, Checkov, Polaris) that silence our
// equivalent rules there, as suppress.ts does for comments; the peer ids come from each rule's meta.
import type { Node } from 'yaml';
import type { Equivalents, Range } from './types';
import { PeerIdMap } from './suppress';
import { field, type K8sModel } from './yaml/k8s';

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

/** A suppression test from the workloads' annotations, for the rule runner's `extraSuppressed`. */
export function annotationSuppressions(
  model: K8sModel,
  rules: { id: string; meta: { equivalents?: Equivalents } }[],
): (ruleId: string, range: Range) => boolean {
  let peers = peerMaps.get(rules);
  if (!peers) peerMaps.set(rules, (peers = new PeerIdMap(rules)));
  const polarisRules = rules.filter((r) => (r.meta.equivalents?.polaris ?? []).length > 0).map((r) => r.id);
  const kubeLinterRules = rules.filter((r) => (r.meta.equivalents?.kubeLinter ?? []).length > 0).map((r) => r.id);
  const perWorkload = model.workloads.map((w) => {
    const suppressed = suppressedByAnnotations(w.annotations, peers!, polarisRules, kubeLinterRules);
    // A peer check about one pod field (kube-linter host-pid) silences only the finding on that field.
    const fieldLines = new Map<string, number>();
    for (const key of new Set(suppressed.fields.map(([, k]) => k))) {
      const f = field(w.doc, w.podSpec, key);
      const node = (f?.node as Node | null) ?? (f?.pair.key as Node | undefined);
      if (node?.range) fieldLines.set(key, model.editor.lineOf(node.range[0]));
    }
    return { w, suppressed, fieldLines };
  });
  return (ruleId, range) =>
    perWorkload.some(({ w, suppressed, fieldLines }) => {
      if (range.start.line < w.fromLine || range.start.line > w.toLine) return false;
      if (suppressed.rules.has(ruleId)) return true;
      return suppressed.fields.some(([id, key]) => id === ruleId && fieldLines.get(key) === range.start.line);
    });
}

const peerMaps = new WeakMap<object, PeerIdMap>();
const KUBE_LINTER = 'ignore-check.kube-linter.io/';
const POLARIS = 'polaris.fairwinds.com/';
const CHECKOV = /^checkov\.io\/skip\d*$/;

/** Peer checks that cover one pod-spec field of a rule that checks several. */
const FIELD_CHECKS: Record<string, string> = {
  'kubeLinter:host-network': 'hostNetwork',
  'kubeLinter:host-pid': 'hostPID',
  'kubeLinter:host-ipc': 'hostIPC',
  'checkov:CKV_K8S_19': 'hostNetwork',
  'checkov:CKV_K8S_17': 'hostPID',
  'checkov:CKV_K8S_18': 'hostIPC',
  'polaris:hostNetworkSet': 'hostNetwork',
  'polaris:hostPIDSet': 'hostPID',
  'polaris:hostIPCSet': 'hostIPC',
};

export interface AnnotationSuppressions {
  /** Rule ids silenced for the whole workload. */
  rules: Set<string>;
  /** [rule id, pod-spec field]: silenced only for the finding on that field. */
  fields: [string, string][];
}

/**
 * Rule ids silenced by peer annotations: `ignore-check.kube-linter.io/<check>`,
 * `checkov.io/skip<N>: CKV_K8S_xx=reason`, `polaris.fairwinds.com/<check>-exempt: "true"` and
 * `polaris.fairwinds.com/exempt: "true"`, kube-linter's `kube-linter.io/ignore-all` and kube-score's
 * `kube-score/ignore: <check>,…`.
 */
export function suppressedByAnnotations(annotations: Map<string, string>, peers: PeerIdMap, polarisRules: string[], kubeLinterRules: string[] = []): AnnotationSuppressions {
  const out: AnnotationSuppressions = { rules: new Set(), fields: [] };
  const add = (tool: string, check: string) => {
    const ids = peers.lookup(tool, check);
    const fieldKey = FIELD_CHECKS[`${tool}:${check}`];
    for (const id of ids) {
      if (fieldKey) out.fields.push([id, fieldKey]);
      else out.rules.add(id);
    }
    return ids.length > 0;
  };
  for (const [key, value] of annotations) {
    if (key === KUBE_LINTER_IGNORE_ALL) kubeLinterRules.forEach((id) => out.rules.add(id));
    else if (key === KUBE_SCORE_IGNORE) kubeScoreIgnored(value).forEach((id) => out.rules.add(id));
    else if (key.startsWith(KUBE_LINTER)) {
      const check = key.slice(KUBE_LINTER.length).trim().toLowerCase();
      // People often drop kube-linter's `no-` prefix (`liveness-probe` for `no-liveness-probe`).
      if (!add('kubeLinter', check)) add('kubeLinter', `no-${check}`);
    } else if (CHECKOV.test(key)) {
      add('checkov', value.split('=')[0].trim().toUpperCase());
    } else if (key.startsWith(POLARIS) && /^true$/i.test(value.trim())) {
      const rest = key.slice(POLARIS.length);
      if (rest === 'exempt') polarisRules.forEach((id) => out.rules.add(id));
      else if (rest.endsWith('-exempt')) add('polaris', rest.slice(0, -'-exempt'.length));
    }
  }
  return out;
}
