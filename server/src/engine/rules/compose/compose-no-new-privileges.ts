import { isSeq } from 'yaml';
import type { FixSafety, Rule } from '../../types';
import { listItems, type ComposeModel, type ComposeService } from '../../yaml/compose';
import { appendItem } from './shared/fixes';
import { interpolate, isTrue } from '../../yaml/compose-interpolation';
import { scalarSource } from '../../yaml/document';
import { ReportsByRange } from './shared/reports';

const OPTION = 'no-new-privileges:true';

export const composeNoNewPrivileges: Rule<ComposeModel> = {
  id: 'compose-no-new-privileges',
  target: 'compose',
  meta: {
    description: 'Every service sets `security_opt: [no-new-privileges:true]`.',
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Adding `no-new-privileges:true` where the service does not mention it is safe: it only stops setuid binaries and file capabilities from raising a process\'s privileges, which a service does not rely on (an entrypoint that starts as root and drops to its user is unaffected). It is unsafe where the file shows the service may rely on it (`cap_add`, `privileged`, an unconfined seccomp or AppArmor profile), and when it replaces an explicit `no-new-privileges:false`: the author turned it off on purpose.',
    why:
      'Without `no-new-privileges`, a process in the container can gain privileges through setuid/setgid binaries or file capabilities, which turns a foothold as the service user into root inside the container.',
    remediation:
      "Add `no-new-privileges:true` to the service's `security_opt` list; a Go service never needs to gain privileges.",
    notes: 'It is the compose counterpart of Kubernetes `allowPrivilegeEscalation: false`.',
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
        '    security_opt:\n' +
        '      - no-new-privileges:true\n',
    },
  },
  check(ctx) {
    const { file } = ctx.model;
    const shared = new ReportsByRange();
    for (const service of ctx.model.services) {
      const addSafety: FixSafety = mayRelyOnGainingPrivileges(ctx.model, service) ? 'unsafe' : 'safe';
      const field = service.field('security_opt');
      if (!field) {
        if (service.extendsElsewhere || !service.map) continue;
        const edit = ctx.model.editor.insertPairs(service.map, { security_opt: [OPTION] });
        ctx.report({
          range: service.keyRange,
          message: `Service '${service.name}' has no \`security_opt: [no-new-privileges:true]\`, so any setuid binary in the image can raise a process to root. Add it.`,
          fix: { title: 'Add security_opt: [no-new-privileges:true]', edits: [edit], safety: addSafety },
        });
        continue;
      }
      const items = listItems(file, field.value, service.doc);
      if (items.some((i) => interpolate(i.value) === undefined)) continue;
      const options = items.map((item) => ({ item, setting: noNewPrivileges(interpolate(item.value)!) })).filter((o) => o.setting !== undefined);
      if (options.some((o) => o.setting === true)) continue;
      const disabled = options.find((o) => o.setting === false);
      if (disabled) {
        const { item } = disabled;
        shared.add(item.range, service.name, (services) => ({
          range: item.range,
          message: `\`${item.value}\` lets setuid binaries raise a process to root in ${services}. Use \`no-new-privileges:true\`.`,
          fix: item.value === interpolate(item.value)
            ? { title: 'Set no-new-privileges:true', edits: [ctx.model.editor.replaceScalar(item.node, OPTION)], safety: 'unsafe' }
            : undefined,
        }));
        continue;
      }
      const seq = isSeq(field.value) ? field.value : undefined;
      const edit = seq ? appendItem(ctx.model.editor, seq, OPTION) : undefined;
      shared.add(field.keyRange, service.name, (services) => ({
        range: field.keyRange,
        message: `\`security_opt\` lacks \`no-new-privileges:true\` for ${services}, so any setuid binary in the image can raise a process to root. Add it to the list.`,
        fix: edit ? { title: 'Add no-new-privileges:true to security_opt', edits: [edit], safety: addSafety } : undefined,
      }));
    }
    shared.flush(ctx.report);
  },
};

/**
 * What the file shows of a service that may need to gain privileges: added capabilities (a non-root
 * binary may get them from file capabilities), `privileged`, or an unconfined seccomp/AppArmor profile.
 */
function mayRelyOnGainingPrivileges(model: ComposeModel, service: ComposeService): boolean {
  const capAdd = service.field('cap_add');
  if (capAdd && listItems(model.file, capAdd.value, service.doc).length > 0) return true;
  const privileged = service.field('privileged');
  const text = privileged ? scalarSource(privileged.value) : undefined;
  if (text !== undefined && isTrue(interpolate(text) ?? '')) return true;
  const securityOpt = service.field('security_opt');
  if (!securityOpt) return false;
  return listItems(model.file, securityOpt.value, service.doc).some((item) => /^\s*(seccomp|apparmor)\s*[:=]\s*unconfined\s*$/i.test(interpolate(item.value) ?? ''));
}

/** `no-new-privileges`, `no-new-privileges:true|false`, `no-new-privileges=…`; undefined for other options. */
function noNewPrivileges(option: string): boolean | undefined {
  const m = /^\s*no-new-privileges(?:\s*[:=]\s*(.*))?$/i.exec(option);
  if (!m) return undefined;
  return m[1] === undefined || /^(true|1|t)$/i.test(m[1].trim());
}
