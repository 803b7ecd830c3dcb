// Containers of Kubernetes manifests and services of compose files, reduced to what the
// service rules compare with the image: image name, ports and the user they run as.
import * as path from 'node:path';
import { isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Range } from '../types';
import { nodeRange, resolveNode, type YamlFile, scalarSource } from '../yaml/document';
import { asText, buildK8sModel, containerSecurityContext, field, fieldAt, podSecurityContext, securityField } from '../yaml/k8s';
import { buildComposeModel, buildOf, listItems, contentRange, type ComposeService } from '../yaml/compose';

export interface YamlScalarRef {
  node: Scalar;
  range: Range;
}

export interface SecurityField {
  value: unknown;
  ref: YamlScalarRef;
  level: 'pod' | 'container';
}

export interface ManifestContainer {
  file: string;
  yaml: YamlFile;
  doc: Document.Parsed;
  kind: string;
  workloadName?: string;
  name?: string;
  image?: string;
  isInit: boolean;
  /** Number of app (non-init) containers in the pod. */
  podContainerCount: number;
  ports: { port: number; ref: YamlScalarRef }[];
  /** Probe `port` values that are numbers, to move with the container port. */
  probePorts: { port: number; ref: YamlScalarRef }[];
  /** Effective `runAsUser`: the container's, else the pod's. */
  runAsUser?: SecurityField;
  /** Effective `runAsNonRoot`. */
  runAsNonRoot?: SecurityField;
  /** The securityContext map that holds the effective `runAsNonRoot`, for inserting `runAsUser` beside it. */
  runAsNonRootContext?: { map: YAMLMap<Node, Node>; keyRange: Range };
}

/** Kubernetes containers of every workload of a YAML file (the k8s model: `kind: List`, merge keys, aliases). */
export function manifestContainers(filePath: string, yaml: YamlFile): ManifestContainer[] {
  const model = buildK8sModel(yaml, { filePath });
  const out: ManifestContainer[] = [];
  for (const workload of model?.workloads ?? []) {
    const doc = workload.doc;
    const podContainerCount = workload.containers.filter((c) => !c.init).length;
    for (const c of workload.containers) {
      const effective = (name: string): SecurityField | undefined => {
        const f = securityField(c, name);
        const ref = f ? scalarRef(yaml, f.node) : undefined;
        return f && ref ? { value: ref.node.value, ref, level: f.level } : undefined;
      };
      const runAsNonRoot = effective('runAsNonRoot');
      const context = runAsNonRoot?.level === 'container' ? containerSecurityContext(c) : podSecurityContext(workload);
      out.push({
        file: filePath,
        yaml,
        doc,
        kind: workload.kind,
        workloadName: workload.name,
        name: c.name,
        image: asText(field(doc, c.map, 'image')?.value),
        isInit: c.init,
        podContainerCount,
        ports: containerPorts(yaml, c.map, doc),
        probePorts: probePorts(yaml, c.map, doc),
        runAsUser: effective('runAsUser'),
        runAsNonRoot,
        runAsNonRootContext:
          runAsNonRoot && context?.map ? { map: context.map as YAMLMap<Node, Node>, keyRange: nodeRange(yaml, context.pair.key as Node) } : undefined,
      });
    }
  }
  return out;
}

function containerPorts(yaml: YamlFile, container: unknown, doc: Document.Parsed): { port: number; ref: YamlScalarRef }[] {
  const ports = field(doc, container, 'ports')?.node;
  if (!isSeq(ports)) return [];
  const out: { port: number; ref: YamlScalarRef }[] = [];
  for (const item of ports.items) {
    const entry = resolveNode(item, doc);
    const protocol = asText(field(doc, entry, 'protocol')?.value) ?? 'TCP';
    const ref = scalarRef(yaml, field(doc, entry, 'containerPort')?.node);
    const port = ref ? Number(ref.node.value) : NaN;
    if (ref && Number.isInteger(port) && protocol.toUpperCase() === 'TCP') out.push({ port, ref });
  }
  return out;
}

function probePorts(yaml: YamlFile, container: unknown, doc: Document.Parsed): { port: number; ref: YamlScalarRef }[] {
  const out: { port: number; ref: YamlScalarRef }[] = [];
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = field(doc, container, probe)?.node;
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const ref = scalarRef(yaml, fieldAt(doc, p, [handler, 'port'])?.node);
      if (ref && typeof ref.node.value === 'number') out.push({ port: ref.node.value, ref });
    }
  }
  return out;
}

/** A compose service with the fields the service rules compare. */
export interface ComposeServiceFacts {
  file: string;
  yaml: YamlFile;
  name: string;
  image?: string;
  /** Absolute build context and Dockerfile, when the service is built. */
  build?: { context: string; dockerfile: string };
  /** Container side of `ports` entries. */
  ports: { port: number; range: Range; text: string; node: Scalar }[];
  user?: { value: string; range: Range };
  service: ComposeService;
}

export function composeServices(filePath: string, yaml: YamlFile): ComposeServiceFacts[] {
  const model = buildComposeModel(yaml, { filePath });
  if (!model) return [];
  const dir = path.dirname(filePath);
  return model.services.map((service) => {
    const image = service.field('image');
    const build = buildOf(yaml, service);
    const user = service.field('user');
    const userText = user?.value ? scalarSource(user.value) : undefined;
    const facts: ComposeServiceFacts = {
      file: filePath,
      yaml,
      name: service.name,
      image: image?.value ? scalarSource(image.value) : undefined,
      ports: [],
      service,
    };
    if (build && !build.dockerfileInline && !/^[a-z][a-z0-9+.-]*:\/\//i.test(build.context) && !build.context.startsWith('git@')) {
      const context = path.resolve(dir, build.context);
      facts.build = { context, dockerfile: path.resolve(context, build.dockerfile ?? 'Dockerfile') };
    }
    if (userText !== undefined && user?.value) facts.user = { value: userText, range: user.valueRange };
    const ports = service.field('ports');
    for (const item of ports?.value ? listItems(yaml, ports.value, service.doc) : []) {
      const containerPort = composeContainerPort(item.value);
      if (containerPort !== undefined) facts.ports.push({ port: containerPort, range: item.range, text: item.value, node: item.node });
    }
    if (isSeq(ports?.value)) {
      for (const entry of ports.value.items) {
        const target = field(service.doc, entry, 'target')?.node;
        const ref = scalarRef(yaml, target);
        const protocol = asText(field(service.doc, entry, 'protocol')?.value) ?? 'tcp';
        if (ref && Number.isInteger(Number(ref.node.value)) && protocol.toLowerCase() === 'tcp') {
          facts.ports.push({ port: Number(ref.node.value), range: ref.range, text: String(ref.node.value), node: ref.node });
        }
      }
    }
    return facts;
  });
}

/** `8080`, `8080:8081`, `127.0.0.1:8080:8081/tcp` → the container side; undefined for ranges, UDP, variables. */
export function composeContainerPort(spec: string): number | undefined {
  const [ports, protocol = 'tcp'] = spec.split('/');
  if (protocol.toLowerCase() !== 'tcp') return undefined;
  const containerSide = ports.split(':').pop() ?? '';
  return /^\d+$/.test(containerSide) ? Number(containerSide) : undefined;
}

function scalarRef(yaml: YamlFile, node: unknown): YamlScalarRef | undefined {
  return isScalar(node) && node.value !== null ? { node, range: contentRange(yaml, node) } : undefined;
}

/** The last path segment of an image reference without tag or digest: `ghcr.io/acme/payments:1` → `payments`. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
  return repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
}

/** True for Docker Hub official images (`postgres:16`, `library/redis`): never a service of this workspace. */
export function isOfficialImage(image: string): boolean {
  const repo = image.split('@')[0].replace(/:[^/]*$/, '');
  return !repo.includes('/') || repo.startsWith('library/') || repo.startsWith('docker.io/library/');
}
