// The Kubernetes model: pod-creating objects (a `kind: List`'s items included) and their containers,
// with the pod-level context resolved and merge keys and aliases followed, read through `field`,
// `securityField` and `forEachContainer`. Fixes, the probe check and message wording live beside
// the rules, in rules/k8s/shared/.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../types';
import { kustomizationsOnDisk, type KustomizationLookup, type KustomizeImage } from '../kustomize-files';
import { getPair, resolveNode, scalarSource, type YamlFile, type YamlOrigin } from './document';
import { YamlEditor } from './edit';

/** Workloads that run until stopped: the probe-presence rules apply to their containers. */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'DeploymentConfig',
]);
export const BATCH_KINDS: ReadonlySet<string> = new Set(['Job', 'CronJob']);

export interface K8sModel {
  file: YamlFile;
  editor: YamlEditor;
  workloads: Workload[];
  /** `images:` overrides of a kustomization in the same folder that lists this file. */
  kustomizeImages: KustomizeImage[];
}

/** A pod-creating object (Pod, Deployment, CronJob, DeploymentConfig…) in one document. */
export interface Workload {
  doc: Document.Parsed;
  kind: string;
  name?: string;
  /** The object's own map (the document root, or an item of a `kind: List`). */
  object: YAMLMap;
  /** The pod spec: `spec` of a Pod, `spec.template.spec`, or `spec.jobTemplate.spec.template.spec`. */
  podSpec: YAMLMap;
  longRunning: boolean;
  /**
   * A kustomize patch (listed as one by a kustomization.yaml in its folder or a folder above):
   * partial by design, so rules judge only the values it sets and never report what it leaves out.
   */
  partial: boolean;
  /** `metadata.annotations` of the object and of its pod template. */
  annotations: Map<string, string>;
  fromLine: number;
  toLine: number;
  containers: Container[];
}

export interface Container {
  workload: Workload;
  map: YAMLMap;
  init: boolean;
  name?: string;
  /** Where a finding about something missing goes when no closer key exists: the `name:` entry. */
  nameRange: Range;
}

/** One field as found (own key, merge key or alias resolved): its pair and resolved value. */
export interface Field {
  pair: Pair;
  node: unknown;
  /** The scalar's value; undefined for collections. */
  value: unknown;
}

/** Undefined when no document of the file is a Kubernetes object. */
export function buildK8sModel(file: YamlFile, origin: YamlOrigin, kustomizations: KustomizationLookup = kustomizationsOnDisk): K8sModel | undefined {
  if (!file.docs.some(isK8sObject)) return undefined;
  const editor = new YamlEditor(file);
  const partial = kustomizations.isPatch(origin.filePath);
  const workloads: Workload[] = [];
  for (const doc of file.docs) {
    // Each document on its own: one without apiVersion and kind is no Kubernetes object (kubectl
    // rejects it), whatever the documents around it are, and a document is judged the same when
    // a large file is linted document by document.
    if (!isK8sObject(doc)) continue;
    const root = doc.contents as YAMLMap;
    const objects: YAMLMap[] = [root];
    if (asText(field(doc, root, 'kind')?.value) === 'List') {
      const items = field(doc, root, 'items')?.node;
      if (isSeq(items)) for (const item of items.items) if (isMap(resolveNode(item, doc))) objects.push(resolveNode(item, doc) as YAMLMap);
    }
    for (const object of objects) {
      const workload = workloadOf(doc, object, editor, partial);
      if (workload) workloads.push(workload);
    }
  }
  return { file, editor, workloads, kustomizeImages: kustomizations.imagesFor(origin.filePath) };
}

function isK8sObject(doc: Document.Parsed): boolean {
  const root = doc.contents;
  return isMap(root) && !!getPair(root, 'apiVersion', doc) && !!getPair(root, 'kind', doc);
}

function workloadOf(doc: Document.Parsed, object: YAMLMap, editor: YamlEditor, partial: boolean): Workload | undefined {
  const kind = asText(field(doc, object, 'kind')?.value);
  if (!kind || (!LONG_RUNNING_KINDS.has(kind) && !BATCH_KINDS.has(kind))) return undefined;
  const spec = mapAt(doc, object, 'spec');
  let podSpec: YAMLMap | undefined;
  let template: YAMLMap | undefined;
  if (kind === 'Pod') podSpec = spec;
  else if (kind === 'CronJob') {
    template = mapAt(doc, mapAt(doc, mapAt(doc, spec, 'jobTemplate'), 'spec'), 'template');
    podSpec = mapAt(doc, template, 'spec');
  } else {
    template = mapAt(doc, spec, 'template');
    podSpec = mapAt(doc, template, 'spec');
  }
  if (!podSpec) return undefined;
  const metadata = mapAt(doc, object, 'metadata');
  const annotations = new Map<string, string>();
  for (const meta of [metadata, mapAt(doc, template, 'metadata')]) {
    const map = mapAt(doc, meta, 'annotations');
    for (const pair of map?.items ?? []) {
      const key = scalarSource(pair.key);
      const value = resolveNode(pair.value, doc);
      if (key !== undefined) annotations.set(key, isScalar(value) ? String(value.value ?? '') : '');
    }
  }
  const workload: Workload = {
    doc,
    kind,
    name: asText(field(doc, metadata, 'name')?.value),
    object,
    podSpec,
    longRunning: LONG_RUNNING_KINDS.has(kind),
    partial,
    annotations,
    fromLine: editor.lineOf(object.range?.[0] ?? 0),
    toLine: editor.lineOf(editor.contentEnd(object)),
    containers: [],
  };
  for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = field(doc, podSpec, key)?.node;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const map = resolveNode(item, doc);
      if (!isMap(map)) continue;
      const nameField = field(doc, map, 'name');
      const nameRange = nameField ? editor.pairRange(nameField.pair) : editor.rangeOf((map.items[0]?.key as Node | undefined) ?? map);
      workload.containers.push({ workload, map, init, name: asText(nameField?.value), nameRange });
    }
  }
  return workload;
}

export interface ForEachContainerOptions {
  /** Only containers of long-running workloads, and no initContainers (probe-presence rules). */
  longRunningOnly?: boolean;
}

/** Calls `check` for every container and initContainer of every workload (kube-linter's PerContainerCheck). */
export function forEachContainer(model: K8sModel, check: (container: Container) => void, options: ForEachContainerOptions = {}): void {
  for (const workload of model.workloads) {
    if (options.longRunningOnly && !workload.longRunning) continue;
    for (const container of workload.containers) {
      if (options.longRunningOnly && container.init) continue;
      check(container);
    }
  }
}

/** A key of a map with merge keys and aliases resolved; undefined when absent. */
export function field(doc: Document.Parsed, map: unknown, key: string): Field | undefined {
  const pair = getPair(map, key, doc);
  if (!pair) return undefined;
  const node = resolveNode(pair.value, doc);
  return { pair, node, value: isScalar(node) ? node.value : undefined };
}

/** A field at a path of keys (`['securityContext', 'capabilities', 'drop']`). */
export function fieldAt(doc: Document.Parsed, map: unknown, keys: readonly string[]): Field | undefined {
  let current: unknown = map;
  let found: Field | undefined;
  for (const key of keys) {
    found = field(doc, current, key);
    if (!found) return undefined;
    current = found.node;
  }
  return found;
}

function mapAt(doc: Document.Parsed, map: unknown, key: string): YAMLMap | undefined {
  const node = field(doc, map, key)?.node;
  return isMap(node) ? node : undefined;
}

export function containerField(c: Container, key: string): Field | undefined {
  return field(c.workload.doc, c.map, key);
}

/** The container's `securityContext` map, when it has one. */
export function containerSecurityContext(c: Container): { pair: Pair; map?: YAMLMap } | undefined {
  const f = containerField(c, 'securityContext');
  return f ? { pair: f.pair, map: isMap(f.node) ? f.node : undefined } : undefined;
}

/**
 * A pod that declares `spec.os.name: windows`: Kubernetes rejects the Linux-only securityContext
 * fields there (capabilities, privileged, allowPrivilegeEscalation, readOnlyRootFilesystem,
 * seccompProfile, runAsUser…), so the rules about them do not apply.
 */
export function isWindowsPod(w: Workload): boolean {
  const os = asText(fieldAt(w.doc, w.podSpec, ['os', 'name'])?.value);
  return os?.trim().toLowerCase() === 'windows';
}

export function podSecurityContext(w: Workload): { pair: Pair; map?: YAMLMap } | undefined {
  const f = field(w.doc, w.podSpec, 'securityContext');
  return f ? { pair: f.pair, map: isMap(f.node) ? f.node : undefined } : undefined;
}

/** The securityContext pair of the container or of its pod. */
export function securityContextPair(c: Container, level: 'container' | 'pod'): Pair | undefined {
  return (level === 'container' ? containerSecurityContext(c) : podSecurityContext(c.workload))?.pair;
}

/** The securityContext map of the container or of its pod, when it is a map. */
export function securityContextAt(c: Container, level: 'container' | 'pod'): YAMLMap | undefined {
  return (level === 'container' ? containerSecurityContext(c) : podSecurityContext(c.workload))?.map;
}

/** A user id as Kubernetes reads it (an integer); undefined for names or garbage. */
export function toUserId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  return undefined;
}

/** A securityContext field as Kubernetes applies it: the container's own, else the pod's for inherited fields. */
export interface EffectiveField extends Field {
  level: 'container' | 'pod';
}

/** Fields the container inherits from the pod-level securityContext. */
const INHERITED = new Set(['runAsNonRoot', 'runAsUser', 'runAsGroup', 'seccompProfile', 'seLinuxOptions', 'appArmorProfile']);

export function securityField(c: Container, key: string): EffectiveField | undefined {
  const own = containerSecurityContext(c)?.map;
  const f = own ? field(c.workload.doc, own, key) : undefined;
  if (f) return { ...f, level: 'container' };
  if (!INHERITED.has(key)) return undefined;
  const pod = podSecurityContext(c.workload)?.map;
  const p = pod ? field(c.workload.doc, pod, key) : undefined;
  return p ? { ...p, level: 'pod' } : undefined;
}

/**
 * Where "missing in the container's securityContext" goes: the container's `name:` entry, whether or
 * not it has a securityContext, so the findings stay put while fixes add keys one by one (the first
 * fix creates `securityContext:`; the others do not move there and vanish from where they were).
 */
export function missingSecurityRange(_model: K8sModel, c: Container): Range {
  return c.nameRange;
}

/** The range of a field's value (the node as written, aliases resolved). */
export function valueRange(model: K8sModel, f: Field): Range {
  return model.editor.rangeOf((f.node as Node | null) ?? (f.pair.key as Node));
}

export function keyRange(model: K8sModel, f: Field): Range {
  return model.editor.rangeOf(f.pair.key as Node);
}

export function toPortNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** A scalar value as text (numbers and booleans spelled out); undefined for null, collections and missing values. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** A value with an unrendered template or variable (`{{ .Values.x }}`, `${TAG}`): not judged. */
export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && /\{\{|\$\{|\$\(/.test(value);
}
