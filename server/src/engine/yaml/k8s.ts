import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { readBounded } from '../files';
import type { Equivalents, LintRequest, Range, RuleContext, TextEdit } from '../types';
import { PeerIdMap } from '../suppress';
import { KUBE_LINTER_IGNORE_ALL, KUBE_SCORE_IGNORE, kubeScoreIgnored } from '../peer-annotations';
import { getPair, resolveNode, type YamlFile } from './document';
import { YamlEditor, isEmptyValue, type Placement, type PlacementOf, type YamlValue } from './edit';

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
export function buildK8sModel(file: YamlFile, request: LintRequest): K8sModel | undefined {
  if (!file.docs.some(isK8sObject)) return undefined;
  const editor = new YamlEditor(file);
  const partial = isKustomizePatch(request.filePath);
  const workloads: Workload[] = [];
  for (const doc of file.docs) {
    // Each document on its own: one without apiVersion and kind is no Kubernetes object (kubectl
    // rejects it), whatever the documents around it are, and a document is judged the same when
    // a large file is linted document by document.
    if (!isK8sObject(doc)) continue;
    const root = doc.contents as YAMLMap;
    const objects: YAMLMap[] = [root];
    if (str(field(doc, root, 'kind')?.value) === 'List') {
      const items = field(doc, root, 'items')?.node;
      if (isSeq(items)) for (const item of items.items) if (isMap(resolveNode(item, doc))) objects.push(resolveNode(item, doc) as YAMLMap);
    }
    for (const object of objects) {
      const workload = workloadOf(doc, object, editor, partial);
      if (workload) workloads.push(workload);
    }
  }
  return { file, editor, workloads, kustomizeImages: kustomizeImagesFor(request.filePath) };
}

function isK8sObject(doc: Document.Parsed): boolean {
  const root = doc.contents;
  return isMap(root) && !!getPair(root, 'apiVersion', doc) && !!getPair(root, 'kind', doc);
}

function workloadOf(doc: Document.Parsed, object: YAMLMap, editor: YamlEditor, partial: boolean): Workload | undefined {
  const kind = str(field(doc, object, 'kind')?.value);
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
      const key = scalarText(pair.key);
      const value = resolveNode(pair.value, doc);
      if (key !== undefined) annotations.set(key, isScalar(value) ? String(value.value ?? '') : '');
    }
  }
  const workload: Workload = {
    doc,
    kind,
    name: str(field(doc, metadata, 'name')?.value),
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
      workload.containers.push({ workload, map, init, name: str(nameField?.value), nameRange });
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
  const os = str(fieldAt(w.doc, w.podSpec, ['os', 'name'])?.value);
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

/** distroless `nonroot` (and Chainguard's): the user id fixes write. */
export const NONROOT_UID = 65532;

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
  const written = map.items.map((p) => scalarText(p.key)).filter((k): k is string => k !== undefined && order.includes(k));
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

/** Reports once per range: pod-level findings would otherwise repeat for every container. */
export function onceAt(seen: Set<string>, range: Range): boolean {
  const key = `${range.start.line}:${range.start.character}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

export type ProbeKey = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** The path the standard wants a probe on: `/ready` for readiness, `/health` otherwise. */
export function standardProbePath(key: ProbeKey): string {
  return key === 'readinessProbe' ? '/ready' : '/health';
}

/** `/health`, `/health/` and `/health?verbose` are the same endpoint. */
export function sameHttpPath(actual: unknown, wanted: string): boolean {
  if (typeof actual !== 'string') return false;
  const p = actual.trim().replace(/[?#].*$/, '');
  return p === wanted || p === `${wanted}/`;
}

/** What a probe rule says: the consequence of having no probe, and what the standard's endpoint does. */
export interface ProbeTexts {
  /** Why a missing probe matters, for this container (true of a container without this probe). */
  missing: (c: Container) => string;
  /** What the standard's endpoint gives that another path or handler may not (said without claiming the existing probe fails). */
  convention: string;
}

/**
 * The presence check of `k8s-liveness-probe` / `k8s-readiness-probe`: a probe of `key` that is an
 * `httpGet` on `path`, on long-running workloads' app containers. Every fix is unsafe: it invents
 * a path the files do not show the service serves, or replaces a probe that may work today; where
 * no port is known, none is invented and no fix is offered.
 */
export function checkHttpProbe(ctx: RuleContext<K8sModel>, key: ProbeKey, texts: ProbeTexts): void {
  const model = ctx.model;
  const path = standardProbePath(key);
  forEachContainer(
    model,
    (c) => {
      const doc = c.workload.doc;
      const target = probeTargetFor(c);
      const noPort = target ? '' : ' (on the port the service listens on, which the container does not declare)';
      const probe = containerField(c, key);
      if (!probe || !isMap(probe.node)) {
        if (c.workload.partial) return;
        const empty = !!probe;
        const edits = !target ? [] : !probe ? mergeIntoContainer(model, c, { [key]: { httpGet: { path, ...target } } }) : isEmptyValue(probe.node) ? [model.editor.fillEmpty(probe.pair, { httpGet: { path, ...target } })] : [];
        ctx.report({
          range: empty ? keyRange(model, probe) : c.nameRange,
          message: empty
            ? `${containerLabel(c)} has an empty ${key}, which is no probe: ${texts.missing(c)} Make it an httpGet on ${path}${noPort}.`
            : `${containerLabel(c)} has no ${key}: ${texts.missing(c)} Add an httpGet ${key} on ${path}${noPort}.`,
          fix: edits.length ? { title: `Add httpGet ${key} on ${path}`, edits, safety: 'unsafe' } : undefined,
        });
        return;
      }
      const get = field(doc, probe.node, 'httpGet');
      if (get) {
        const pathField = field(doc, get.node, 'path');
        if (pathField && sameHttpPath(pathField.value, path)) return;
        if (pathField && isTemplated(pathField.value)) return;
        if (!pathField && c.workload.partial) return;
        const edit = pathField ? setValueEdit(model, pathField, path) : isMap(get.node) ? mergeIntoContainer(model, c, { [key]: { httpGet: { path } } })[0] : undefined;
        ctx.report({
          range: pathField ? valueRange(model, pathField) : keyRange(model, get),
          message: `The ${key} of ${containerRef(c)} checks ${pathField ? JSON.stringify(pathField.value) : 'the default path /'}, not the standard's ${path} (${texts.convention}). Serve ${path} and point the probe at it.`,
          fix: edit ? { title: `Probe ${path}`, edits: [edit], safety: 'unsafe' } : undefined,
        });
        return;
      }
      const handler = PROBE_HANDLERS.map((h) => field(doc, probe.node, h)).find((f) => f !== undefined);
      if (!handler && c.workload.partial) return;
      const handlerName = handler ? String((handler.pair.key as Scalar).value) : undefined;
      // A tcpSocket or grpc probe already names the port the service listens on: keep it.
      const handlerPort = handler && field(doc, handler.node, 'port')?.value;
      const keepPort = typeof handlerPort === 'number' || (typeof handlerPort === 'string' && handlerPort.trim() !== '' && !isTemplated(handlerPort));
      const httpGet = keepPort ? { path, port: handlerPort as string | number } : target ? { path, ...target } : undefined;
      const edits = !httpGet ? [] : handler ? [model.editor.replacePair(probe.node, handler.pair, { httpGet })] : mergeIntoContainer(model, c, { [key]: { httpGet } });
      const noPortHere = httpGet ? '' : noPort;
      ctx.report({
        range: handler ? keyRange(model, handler) : keyRange(model, probe),
        message: handlerName
          ? `The ${key} of ${containerRef(c)} uses ${handlerName}, not the standard's httpGet on ${path} (${texts.convention})${handlerName === 'tcpSocket' ? ': a tcpSocket probe only sees that the port accepts connections' : ''}. Serve ${path} and probe it with httpGet${noPortHere}.`
          : `The ${key} of ${containerRef(c)} has no handler, which Kubernetes rejects. Make it an httpGet on ${path}${noPortHere}.`,
        fix: edits.length ? { title: `Use httpGet ${key} on ${path}`, edits, safety: 'unsafe' } : undefined,
      });
    },
    { longRunningOnly: true },
  );
}

export const PROBE_HANDLERS = ['exec', 'tcpSocket', 'grpc'] as const;

/**
 * Port and scheme for a new httpGet probe: the port another httpGet probe of the container already
 * checks (with its scheme), else a port named http (then web, then http-something other than https),
 * else the first declared TCP port (HTTPS when it is named https…). Undefined when the container
 * shows no port: a guess (8080) would be a probe that fails, and restarts a healthy container.
 */
export function probeTargetFor(c: Container): { port: string | number; scheme?: 'HTTPS' } | undefined {
  const doc = c.workload.doc;
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const port = fieldAt(doc, c.map, [key, 'httpGet', 'port'])?.value;
    if ((typeof port === 'number' && Number.isInteger(port)) || (typeof port === 'string' && port.trim() !== '' && !isTemplated(port))) {
      const scheme = str(fieldAt(doc, c.map, [key, 'httpGet', 'scheme'])?.value);
      return scheme?.toUpperCase() === 'HTTPS' ? { port, scheme: 'HTTPS' } : { port };
    }
  }
  const ports = containerField(c, 'ports')?.node;
  const declared: { name?: string; number?: number }[] = [];
  if (isSeq(ports)) {
    for (const item of ports.items) {
      const p = resolveNode(item, doc);
      if (!isMap(p)) continue;
      const protocol = str(field(doc, p, 'protocol')?.value);
      if (protocol && protocol.toUpperCase() !== 'TCP') continue;
      const number = toPortNumber(field(doc, p, 'containerPort')?.value);
      const name = str(field(doc, p, 'name')?.value);
      if (number === undefined && name === undefined) continue;
      declared.push({ name, number });
    }
  }
  const named = (re: RegExp) => declared.find((p) => p.name !== undefined && re.test(p.name));
  const chosen = named(/^http$/i) ?? named(/^web$/i) ?? named(/^http(?!s)/i) ?? declared[0];
  if (!chosen) return undefined;
  const port = (chosen.name ?? chosen.number)!;
  return chosen.name !== undefined && /^https/i.test(chosen.name) ? { port, scheme: 'HTTPS' } : { port };
}

export function toPortNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** `Container 'api'` / `Init container 'migrate'`, to start a message. */
export function containerLabel(c: Container): string {
  return `${c.init ? 'Init container' : 'Container'} '${c.name ?? '(unnamed)'}'`;
}

/** `container 'api'` / `init container 'migrate'`, inside a sentence. */
export function containerRef(c: Container): string {
  return `${c.init ? 'init container' : 'container'} '${c.name ?? '(unnamed)'}'`;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

/** A value with an unrendered template or variable (`{{ .Values.x }}`, `${TAG}`): not judged. */
export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && /\{\{|\$\{|\$\(/.test(value);
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

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** An `images:` entry of a kustomization: kustomize rewrites matching container images when it builds. */
export interface KustomizeImage {
  /** The image name it matches (without tag or digest). */
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  /** The kustomization file, for messages. */
  file: string;
}

interface Kustomization {
  patches: Set<string>;
  resources: Set<string>;
  images: KustomizeImage[];
}

const kustomizeCache = new Map<string, { mtimeMs: number; kustomization: Kustomization }>();
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** The kustomization files in the same folder that list this file (as a resource or a patch). */
function kustomizationsListing(filePath: string): Kustomization[] {
  if (!filePath) return [];
  const found: Kustomization[] = [];
  try {
    const abs = path.resolve(filePath);
    const dir = path.dirname(abs);
    for (const name of KUSTOMIZATION_NAMES) {
      const k = path.join(dir, name);
      if (k === abs || !fs.existsSync(k)) continue;
      const kustomization = readKustomization(k);
      if (kustomization.patches.has(abs) || kustomization.resources.has(abs)) found.push(kustomization);
    }
  } catch {
    return found;
  }
  return found;
}

/** How many folders above a manifest's own are searched for a kustomization that lists it as a patch. */
const MAX_KUSTOMIZE_ANCESTORS = 8;

/**
 * True when a kustomization in the file's folder or a folder above it lists this file under
 * `patches` / `patchesStrategicMerge` (argo-cd `manifests/ha/base/kustomization.yaml` lists
 * `overlays/argocd-server-deployment.yaml`). The walk stops at a repository root (a `.git`
 * entry), the filesystem root, or after MAX_KUSTOMIZE_ANCESTORS folders.
 */
export function isKustomizePatch(filePath: string): boolean {
  if (!filePath) return false;
  try {
    const abs = path.resolve(filePath);
    let dir = path.dirname(abs);
    for (let depth = 0; depth <= MAX_KUSTOMIZE_ANCESTORS; depth++) {
      for (const name of KUSTOMIZATION_NAMES) {
        const k = path.join(dir, name);
        if (k !== abs && fs.existsSync(k) && readKustomization(k).patches.has(abs)) return true;
      }
      const parent = path.dirname(dir);
      if (parent === dir || fs.existsSync(path.join(dir, '.git'))) break;
      dir = parent;
    }
  } catch {
    return false;
  }
  return false;
}

/** The `images:` overrides that a kustomization in the same folder applies to this file's objects. */
export function kustomizeImagesFor(filePath: string): KustomizeImage[] {
  return kustomizationsListing(filePath).flatMap((k) => k.images);
}

/** The override of `images` that applies to an image reference (kustomize matches the name without tag or digest). */
export function kustomizeImageFor(images: readonly KustomizeImage[], image: string): KustomizeImage | undefined {
  const at = image.indexOf('@');
  let name = at === -1 ? image : image.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  return images.find((i) => i.name === name);
}

function readKustomization(file: string): Kustomization {
  const mtimeMs = fs.statSync(file).mtimeMs;
  const cached = kustomizeCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.kustomization;
  const kustomization: Kustomization = { patches: new Set(), resources: new Set(), images: [] };
  // Bounded: the name may be a symlink to a device planted by the repository.
  const read = readBounded(file, MAX_KUSTOMIZATION_BYTES);
  if (!('bytes' in read)) return kustomization;
  const data = parseDocument(read.bytes.toString('utf8'), { strict: false }).toJS() as Record<string, unknown> | null;
  const dir = path.dirname(file);
  const add = (into: Set<string>, p: unknown) => {
    if (typeof p === 'string' && !p.includes('\n')) into.add(path.resolve(dir, p.trim()));
  };
  if (data && typeof data === 'object') {
    for (const key of ['patches', 'patchesJson6902', 'patchesStrategicMerge']) {
      const list = data[key];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry === 'string') add(kustomization.patches, entry);
        else if (entry && typeof entry === 'object') add(kustomization.patches, (entry as { path?: unknown }).path);
      }
    }
    for (const key of ['resources', 'bases']) {
      const list = data[key];
      if (Array.isArray(list)) for (const entry of list) add(kustomization.resources, entry);
    }
    const images = data.images;
    if (Array.isArray(images)) {
      for (const entry of images) {
        if (!entry || typeof entry !== 'object') continue;
        const { name, newName, newTag, digest } = entry as Record<string, unknown>;
        if (typeof name !== 'string' || name.trim() === '') continue;
        const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined);
        kustomization.images.push({ name: name.trim(), newName: text(newName), newTag: text(newTag), digest: text(digest), file: path.basename(file) });
      }
    }
  }
  kustomizeCache.set(file, { mtimeMs, kustomization });
  return kustomization;
}
