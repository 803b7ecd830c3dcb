import type { Rule, TextEdit } from '../../types';
import type { ResourceValues } from '../../config';
import { isEmptyScalar, subField, type ComposeField, type ComposeModel, type ComposeService } from '../../yaml/compose';
import { interpolate } from '../../yaml/compose-interpolation';
import { scalarSource } from '../../yaml/document';
import { ReportsByRange } from './shared/reports';

export const composeResourceLimits: Rule<ComposeModel> = {
  id: 'compose-resource-limits',
  target: 'compose',
  meta: {
    description: 'Every service has a CPU and a memory limit (`deploy.resources.limits.cpus` and `.memory`).',
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: the limits are invented (the configured defaults); a memory limit below what the service uses gets it OOM-killed, and a CPU limit throttles it.',
    why:
      'Without limits one service can take every CPU and all memory of the host, starving its neighbours and getting the whole machine OOM-killed instead of itself.',
    remediation:
      'Set `deploy.resources.limits` with `cpus` and `memory` (Compose applies them with `docker compose up`, no Swarm needed).',
    notes:
      'The service-level `cpus:` and `mem_limit:` keys of the Compose Specification count too. ' +
      'The fix inserts the configured default limits (`defaultResources.limits`, 500m / 512Mi by default, written as `cpus: "0.50"` / `memory: 512M`); tune them to the service.',
    examples: {
      bad:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    cap_drop: [ALL]\n',
      good:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    cap_drop: [ALL]\n' +
        '    deploy:\n' +
        '      resources:\n' +
        '        limits:\n' +
        '          cpus: "0.50"\n' +
        '          memory: 512M\n',
    },
  },
  check(ctx) {
    const { file } = ctx.model;
    const shared = new ReportsByRange();
    const defaults = composeLimits(ctx.config.defaultResources.limits);
    for (const service of ctx.model.services) {
      const doc = service.doc;
      const deploy = service.field('deploy');
      const resources = subField(file, deploy, 'resources', doc);
      const limits = subField(file, resources, 'limits', doc);
      const cpus = [subField(file, limits, 'cpus', doc), service.field('cpus')];
      const memory = [subField(file, limits, 'memory', doc), service.field('mem_limit')];
      for (const field of [...cpus, ...memory]) {
        if (!field || isSet(field)) continue;
        const empty = !field.value || isEmptyScalar(field.value);
        shared.add(field.valueRange, service.name, (services) => ({
          range: field.valueRange,
          message: `\`${field.key}\` ${empty ? 'is empty' : `is ${scalarSource(field.value) ?? 'not a value'}`}, which sets no limit for ${services}, so it can starve the host. Set a real limit (e.g. ${field.key === 'cpus' ? `'${defaults.cpus}'` : defaults.memory}).`,
        }));
      }
      const missing: ('cpus' | 'memory')[] = [];
      if (!cpus.some((f) => f)) missing.push('cpus');
      if (!memory.some((f) => f)) missing.push('memory');
      if (missing.length === 0 || service.extendsElsewhere || !service.map) continue;
      const what = missing.length === 2 ? 'CPU or memory limit' : missing[0] === 'cpus' ? 'CPU limit' : 'memory limit';
      const takes = missing.length === 2 ? "all of the host's CPU and memory" : missing[0] === 'cpus' ? 'every CPU of the host' : "all of the host's memory";
      const keys = missing.map((k) => `\`${k}\``).join(' and ');
      const legacy = !deploy && !!(service.field('cpus') || service.field('mem_limit'));
      const edits = limitEdits(ctx.model, service, !!deploy, missing, defaults, legacy);
      const fix = edits ? { title: `Add ${missing.map((k) => (k === 'cpus' ? `cpus '${defaults.cpus}'` : `memory ${defaults.memory}`)).join(' and ')} limits`, edits, safety: 'unsafe' as const } : undefined;
      const nearest = limits ?? resources ?? deploy;
      if (!nearest) {
        ctx.report({
          range: service.keyRange,
          message: legacy
            ? `Service '${service.name}' has no ${what}, so it can take ${takes} and starve the other services. Add ${missing.map((k) => (k === 'cpus' ? '`cpus`' : '`mem_limit`')).join(' and ')} beside the limit it already sets.`
            : `Service '${service.name}' has no ${what}, so it can take ${takes} and starve the other services. Add \`deploy.resources.limits\` with ${keys}.`,
          fix,
        });
        continue;
      }
      const where = nearest === limits ? 'deploy.resources.limits' : nearest === resources ? 'deploy.resources' : 'deploy';
      shared.add(nearest.keyRange, service.name, (services) => ({
        range: nearest.keyRange,
        message: `\`${where}\` of ${services} sets no ${missing.join(' or ')} limit, so the service can starve the host. Add ${keys} under \`deploy.resources.limits\`.`,
        fix,
      }), `${missing.join()} ${legacy}`);
    }
    shared.flush(ctx.report);
  },
};

/** A limit with a value other than 0 (or one that interpolation leaves unknown). */
function isSet(field: ComposeField): boolean {
  if (!field.value || isEmptyScalar(field.value)) return false;
  const text = scalarSource(field.value);
  if (text === undefined) return false;
  const value = interpolate(text);
  if (value === undefined) return true;
  return value.trim() !== '' && !(/^\s*0*(\.0*)?\s*[a-z]*\s*$/i.test(value) && /0/.test(value));
}

/**
 * Inserts the missing limits into the deepest map that exists, following merge keys and aliases
 * (so a `deploy` merged in from an anchor is extended, not shadowed); a service without any
 * `deploy` gets its own; services that use the legacy keys get the legacy key.
 */
function limitEdits(
  model: ComposeModel,
  service: ComposeService,
  hasDeploy: boolean,
  missing: ('cpus' | 'memory')[],
  defaults: { cpus: string; memory: string },
  legacy: boolean,
): TextEdit[] | undefined {
  if (!service.map) return undefined;
  const editor = model.editor;
  const value = (k: 'cpus' | 'memory') => (k === 'cpus' ? defaults.cpus : defaults.memory);
  if (legacy) return [editor.insertPairs(service.map, Object.fromEntries(missing.map((k) => [k === 'memory' ? 'mem_limit' : k, value(k)])))];
  const deploy = { resources: { limits: Object.fromEntries(missing.map((k) => [k, value(k)])) } };
  if (!hasDeploy) return [editor.insertPairs(service.map, { deploy })];
  const edits = editor.merge(service.doc, service.map, { deploy });
  return edits.length > 0 ? edits : undefined;
}

/** Kubernetes quantities (500m, 512Mi) as Compose writes them ('0.50', 512M). */
export function composeLimits(limits: ResourceValues): { cpus: string; memory: string } {
  return { cpus: composeCpus(limits.cpu), memory: composeMemory(limits.memory) };
}

function composeCpus(quantity: string): string {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
  if (!m) return '0.50';
  const millis = Math.round(Number(m[1]) * (m[2] ? 1 : 1000));
  return (millis / 1000).toFixed(millis % 10 === 0 ? 2 : 3);
}

function composeMemory(quantity: string): string {
  const m = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  if (!m) return '512M';
  const [, amount, unit] = m;
  if (!unit) return `${amount}b`;
  if (unit.endsWith('i')) return `${amount}${unit[0] === 'K' ? 'k' : unit[0]}`;
  const bytes = BigInt(amount) * 1000n ** BigInt('kMGT'.indexOf(unit) + 1);
  return `${bytes}b`;
}
