// The probe check of k8s-liveness-probe and k8s-readiness-probe (kube-linter's template and check
// split): the two rules differ only in the probe key and the words of their messages.
import { isMap, isSeq, type Scalar } from 'yaml';
import type { RuleContext } from '../../../types';
import { resolveNode } from '../../../yaml/document';
import { isEmptyValue } from '../../../yaml/edit';
import { containerField, field, fieldAt, forEachContainer, isTemplated, keyRange, asText, toPortNumber, valueRange, type Container, type K8sModel } from '../../../yaml/k8s';
import { mergeIntoContainer, setValueEdit } from './fixes';
import { containerLabel, containerRef } from './messages';

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
      const scheme = asText(fieldAt(doc, c.map, [key, 'httpGet', 'scheme'])?.value);
      return scheme?.toUpperCase() === 'HTTPS' ? { port, scheme: 'HTTPS' } : { port };
    }
  }
  const ports = containerField(c, 'ports')?.node;
  const declared: { name?: string; number?: number }[] = [];
  if (isSeq(ports)) {
    for (const item of ports.items) {
      const p = resolveNode(item, doc);
      if (!isMap(p)) continue;
      const protocol = asText(field(doc, p, 'protocol')?.value);
      if (protocol && protocol.toUpperCase() !== 'TCP') continue;
      const number = toPortNumber(field(doc, p, 'containerPort')?.value);
      const name = asText(field(doc, p, 'name')?.value);
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
