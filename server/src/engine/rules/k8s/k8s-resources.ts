import { isScalar } from 'yaml';
import type { Range, Rule } from '../../types';
import type { ResolvedConfig } from '../../config';
import { QuotedString, type YamlValue } from '../../yaml/render';
import { containerField, fieldAt, forEachContainer, keyRange, asText, type K8sModel } from '../../yaml/k8s';
import { containerLabel } from './shared/messages';
import { mergeIntoContainer } from './shared/fixes';

const GROUPS = ['requests', 'limits'] as const;
const RESOURCES = ['cpu', 'memory'] as const;

export const k8sResources: Rule<K8sModel> = {
  id: 'k8s-resources',
  target: 'k8s',
  meta: {
    description: 'Every container sets CPU and memory requests and limits.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Unsafe: the numbers are invented (the configured defaults); a memory limit below what the service uses gets it OOM-killed, and a CPU limit throttles it.',
    why:
      'Requests tell the scheduler how much room a pod needs; limits stop one pod from starving the node (and a Go service without a memory limit grows its heap until the node kills something else).',
    remediation: 'Set `resources.requests` and `resources.limits` for `cpu` and `memory` on every container.',
    notes:
      'The quick fix inserts the configured defaults (100m / 128Mi requests, 500m / 512Mi limits) after `ports`, never below an existing request or above an existing limit.',
    examples: {
      bad:
        'apiVersion: apps/v1\n' +
        'kind: Deployment\n' +
        'metadata:\n' +
        '  name: ledger\n' +
        'spec:\n' +
        '  selector:\n' +
        '    matchLabels: {app: ledger}\n' +
        '  template:\n' +
        '    metadata:\n' +
        '      labels: {app: ledger}\n' +
        '    spec:\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          resources:\n' +
        '            requests: {cpu: 100m, memory: 128Mi}\n',
      good:
        'apiVersion: apps/v1\n' +
        'kind: Deployment\n' +
        'metadata:\n' +
        '  name: ledger\n' +
        'spec:\n' +
        '  selector:\n' +
        '    matchLabels: {app: ledger}\n' +
        '  template:\n' +
        '    metadata:\n' +
        '      labels: {app: ledger}\n' +
        '    spec:\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          resources:\n' +
        '            requests: {cpu: 100m, memory: 128Mi}\n' +
        '            limits: {cpu: 500m, memory: 512Mi}\n',
    },
    equivalents: {
      kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
      checkov: ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'],
      polaris: ['cpuRequestsMissing', 'cpuLimitsMissing', 'memoryRequestsMissing', 'memoryLimitsMissing'],
      trivy: ['KSV011', 'KSV015', 'KSV016', 'KSV018'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      if (c.workload.partial) return;
      const doc = c.workload.doc;
      const resources = containerField(c, 'resources');
      const missing: [group: (typeof GROUPS)[number], resource: (typeof RESOURCES)[number]][] = [];
      for (const group of GROUPS) {
        for (const resource of RESOURCES) {
          const value = resources && fieldAt(doc, resources.node, [group, resource])?.value;
          if (value === undefined || value === null || value === '') missing.push([group, resource]);
        }
      }
      if (missing.length === 0) return;
      let range: Range = c.nameRange;
      if (resources) {
        range = keyRange(model, resources);
        const groups = new Set(missing.map(([g]) => g));
        const only = groups.size === 1 ? fieldAt(doc, resources.node, [[...groups][0]]) : undefined;
        if (only) range = keyRange(model, only);
      }
      const names = missing.map(([g, r]) => `${g}.${r}`);
      const patch: Record<string, Record<string, YamlValue>> = {};
      const quote = quantityQuote(doc, resources?.node);
      for (const [group, resource] of missing) {
        const value = defaultFor(group, resource, resources?.node, doc, ctx.config.defaultResources);
        (patch[group] ??= {})[resource] = quote ? new QuotedString(value, quote) : value;
      }
      const edits = mergeIntoContainer(model, c, { resources: patch });
      const isSet = (group: (typeof GROUPS)[number], resource: (typeof RESOURCES)[number]) => !missing.some(([g, r]) => g === group && r === resource);
      ctx.report({
        range,
        message: `${containerLabel(c)} does not set resources ${names.join(', ')}: ${consequences(missing, isSet)} Set ${names.length === 1 ? 'it' : 'them'} to what the service needs.`,
        fix: edits.length ? { title: `Add resources ${names.join(', ')}`, edits, safety: 'unsafe' } : undefined,
      });
    });
  },
};

/**
 * What the missing values mean, and only that: a request missing beside its limit defaults to the
 * limit; a missing limit, or a request with no limit, has an effect unless a LimitRange (which the
 * files need not show) gives a default.
 */
function consequences(
  missing: [group: (typeof GROUPS)[number], resource: (typeof RESOURCES)[number]][],
  isSet: (group: (typeof GROUPS)[number], resource: (typeof RESOURCES)[number]) => boolean,
): string {
  const defaulted = missing.filter(([g, r]) => g === 'requests' && isSet('limits', r)).map(([, r]) => r);
  const unsetRequests = missing.filter(([g, r]) => g === 'requests' && !defaulted.includes(r)).map(([, r]) => r);
  const unsetLimits = missing.filter(([g]) => g === 'limits').map(([, r]) => r);
  const named = (r: string) => (r === 'cpu' ? 'CPU' : 'memory');
  const clauses: string[] = [];
  if (unsetRequests.length === 2) clauses.push('without requests the scheduler counts the pod as needing no CPU or memory and may place it on a full node');
  else if (unsetRequests.length === 1) clauses.push(`without requests.${unsetRequests[0]} the scheduler counts the pod as needing no ${named(unsetRequests[0])} and may place it on a full node`);
  if (unsetLimits.length === 2) clauses.push('without limits it can take every idle core and grow until the node runs short of memory');
  else if (unsetLimits[0] === 'cpu') clauses.push('without limits.cpu it can take every idle core of the node');
  else if (unsetLimits[0] === 'memory') clauses.push('without limits.memory it can grow until the node runs short of memory and the kernel kills processes');
  const sentences: string[] = [];
  if (defaulted.length > 0) {
    const which = defaulted.map((r) => `requests.${r}`).join(' and ');
    sentences.push(`Kubernetes sets ${which} to ${defaulted.length === 1 ? 'its limit' : 'their limits'}, so the scheduler reserves the full ${defaulted.length === 1 ? 'limit' : 'limits'} for it.`);
  }
  if (clauses.length > 0) {
    const joined = clauses.length === 1 ? clauses[0] : `${clauses.slice(0, -1).join(', ')}, and ${clauses[clauses.length - 1]}`;
    const text = sentences.length > 0 ? `${joined[0].toUpperCase()}${joined.slice(1)}` : joined;
    sentences.push(`${text} (unless a LimitRange of its namespace sets defaults).`);
  }
  return sentences.join(' ');
}

/** The quotes every string quantity already written in `resources` uses (`cpu: "100m"`), so new ones match. */
function quantityQuote(doc: Parameters<typeof fieldAt>[0], resources: unknown): 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | undefined {
  const styles = new Set<string | undefined>();
  for (const group of GROUPS) {
    for (const resource of RESOURCES) {
      const f = resources ? fieldAt(doc, resources, [group, resource]) : undefined;
      if (f && isScalar(f.node) && typeof f.node.value === 'string') styles.add(f.node.type);
    }
  }
  if (styles.size !== 1) return undefined;
  const [style] = styles;
  return style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE' ? style : undefined;
}

/** The configured default, kept at or above an existing request and at or below an existing limit. */
function defaultFor(
  group: 'requests' | 'limits',
  resource: 'cpu' | 'memory',
  resources: unknown,
  doc: Parameters<typeof fieldAt>[0],
  defaults: ResolvedConfig['defaultResources'],
): string {
  const wanted = defaults[group][resource];
  const otherGroup = group === 'requests' ? 'limits' : 'requests';
  const other = asText(resources ? fieldAt(doc, resources, [otherGroup, resource])?.value : undefined);
  const a = parseQuantity(wanted);
  const b = other === undefined ? undefined : parseQuantity(other);
  if (a === undefined || b === undefined || other === undefined) return wanted;
  if (group === 'limits' && a < b) return other;
  if (group === 'requests' && a > b) return other;
  return wanted;
}

const SUFFIXES: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity (`500m`, `1.5`, `128Mi`, `1e3`) as a number; undefined when unreadable. */
export function parseQuantity(q: string): number | undefined {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] !== undefined) return n * 10 ** Number(m[2]);
  return n * SUFFIXES[m[3] ?? ''];
}
