// Where the k8s fixes write: a new key goes to its natural place in a container or pod spec, and
// every fix goes through one merge, so two fixes never create two blocks.
import { isAlias, isScalar, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../../types';
import { scalarSource } from '../../../yaml/document';
import { isEmptyValue, type Placement, type PlacementOf } from '../../../yaml/edit';
import type { YamlValue } from '../../../yaml/render';
import type { Container, Field, K8sModel, Workload } from '../../../yaml/k8s';

/** distroless `nonroot` (and Chainguard's): the user id fixes write. */
export const NONROOT_UID = 65532;

/** Order of keys in a container securityContext written by the fixes (and kept among existing ones). */
const SECURITY_CONTEXT_ORDER = [
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'readOnlyRootFilesystem',
  'allowPrivilegeEscalation',
  'privileged',
  'capabilities',
  'seccompProfile',
];

/**
 * Where a new key goes among keys that have a canonical order. Given the map, by where its keys
 * are written (they need not follow the order): after the last predecessor, else before the first
 * successor, else at the end. Without a map: before a successor, else after a predecessor.
 */
export function orderedPlacement(order: readonly string[], key: string, map?: YAMLMap): Placement[] {
  const i = order.indexOf(key);
  if (i === -1) return [];
  if (!map) return [...order.slice(i + 1).map((k) => ({ before: k })), ...order.slice(0, i).reverse().map((k) => ({ after: k }))];
  const written = map.items.map((p) => scalarSource(p.key)).filter((k): k is string => k !== undefined && order.includes(k));
  const lastPredecessor = written.filter((k) => order.indexOf(k) < i).pop();
  if (lastPredecessor !== undefined) return [{ after: lastPredecessor }];
  const firstSuccessor = written.find((k) => order.indexOf(k) > i);
  return firstSuccessor !== undefined ? [{ before: firstSuccessor }] : [];
}

/** Natural places for blocks a fix adds to a container: resources after ports, probes together, securityContext last. */
const CONTAINER_PLACEMENT: Record<string, Placement[]> = {
  resources: [{ after: 'ports' }, { before: 'volumeMounts' }, { before: 'livenessProbe' }, { before: 'readinessProbe' }, { before: 'startupProbe' }, { before: 'lifecycle' }, { before: 'securityContext' }],
  livenessProbe: [{ before: 'readinessProbe' }, { after: 'resources' }, { after: 'ports' }, { before: 'startupProbe' }, { before: 'lifecycle' }, { before: 'securityContext' }],
  readinessProbe: [{ after: 'livenessProbe' }, { before: 'startupProbe' }, { after: 'resources' }, { after: 'ports' }, { before: 'lifecycle' }, { before: 'securityContext' }],
  securityContext: [],
};

const containerPlacement: PlacementOf = (keyPath, key, map) => {
  if (keyPath.length === 0) return CONTAINER_PLACEMENT[key] ?? [];
  if (keyPath.length === 1 && keyPath[0] === 'securityContext') return orderedPlacement(SECURITY_CONTEXT_ORDER, key, map);
  if (keyPath.length === 1 && keyPath[0] === 'resources') return orderedPlacement(['requests', 'limits'], key, map);
  if (keyPath.length === 2 && keyPath[0] === 'resources') return orderedPlacement(['cpu', 'memory'], key, map);
  if (keyPath.length === 1 && (keyPath[0] === 'livenessProbe' || keyPath[0] === 'readinessProbe')) return orderedPlacement(['httpGet', 'initialDelaySeconds', 'periodSeconds'], key, map);
  if (keyPath.length === 2 && keyPath[1] === 'httpGet') return orderedPlacement(['path', 'port'], key, map);
  return [];
};

/**
 * Adds what `patch` has and the container lacks, at the natural places. Every fix that writes
 * into the container's securityContext goes through here, so two of them never create two
 * blocks: when the block is missing they insert at the same point and the fix loop takes one
 * per pass.
 */
export function mergeIntoContainer(model: K8sModel, c: Container, patch: Record<string, YamlValue>): TextEdit[] {
  return model.editor.merge(c.workload.doc, c.map, patch, containerPlacement);
}

const podPlacement: PlacementOf = (keyPath, key, map) => {
  if (keyPath.length === 0) return [{ before: 'initContainers' }, { before: 'containers' }];
  if (keyPath.length === 1 && keyPath[0] === 'securityContext') return orderedPlacement(SECURITY_CONTEXT_ORDER, key, map);
  return [];
};

export function mergeIntoPodSpec(model: K8sModel, w: Workload, patch: Record<string, YamlValue>): TextEdit[] {
  return model.editor.merge(w.doc, w.podSpec, patch, podPlacement);
}

/** Sets a field that exists to `value`: replaces a scalar, fills an empty value. */
export function setValueEdit(model: K8sModel, f: Field, value: string | number | boolean): TextEdit | undefined {
  const node = f.node;
  if (isScalar(node) && node.value !== null && node.value !== '' && node.range && !isAlias(f.pair.value)) return model.editor.replaceScalar(node, value);
  if (isEmptyValue(node)) return model.editor.fillEmpty(f.pair, value);
  return undefined;
}
