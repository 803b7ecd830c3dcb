import type { Rule } from '../../types';
import { listItems, type ComposeModel } from '../../yaml/compose';
import { interpolate, isTrue } from '../../yaml/compose-interpolation';
import { scalarSource } from '../../yaml/document';
import { ReportsByRange } from './shared/reports';

const UNCONFINED = /^\s*(seccomp|apparmor|systempaths)\s*[:=]\s*unconfined\s*$/i;

export const composeNoUnconfined: Rule<ComposeModel> = {
  id: 'compose-no-unconfined',
  target: 'compose',
  meta: {
    description: 'No service runs `privileged: true` or with `seccomp:unconfined` / `apparmor:unconfined` in `security_opt`.',
    defaultSeverity: 'error',
    fixable: false,
    why:
      "`privileged: true` gives the container every capability and the host's devices, and `seccomp:unconfined`, `apparmor:unconfined` or `systempaths=unconfined` switch off the kernel filters that block container escapes: a compromise of the service is a compromise of the host.",
    remediation:
      'Remove `privileged: true` and the `unconfined` security options; if a syscall is really missing from the default profile, ship a custom seccomp profile that allows just that one.',
    notes: 'No automatic fix: only the owner knows why it was added.',
    examples: {
      bad:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    security_opt:\n' +
        '      - seccomp:unconfined\n',
      good:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    security_opt:\n' +
        '      - no-new-privileges:true\n',
    },
  },
  check(ctx) {
    const { file } = ctx.model;
    const shared = new ReportsByRange();
    for (const service of ctx.model.services) {
      const privileged = service.field('privileged');
      const text = privileged ? scalarSource(privileged.value) : undefined;
      const value = text === undefined ? undefined : interpolate(text);
      if (privileged && value !== undefined && isTrue(value)) {
        shared.add(privileged.valueRange, service.name, (services) => ({
          range: privileged.valueRange,
          message: `\`privileged: ${text}\` gives ${services} all capabilities and the host's devices, so a compromise reaches the host. Remove it and \`cap_add\` only what is needed.`,
        }));
      }
      const securityOpt = service.field('security_opt');
      if (!securityOpt) continue;
      for (const item of listItems(file, securityOpt.value, service.doc)) {
        const option = interpolate(item.value);
        const m = option === undefined ? null : UNCONFINED.exec(option);
        if (!m) continue;
        shared.add(item.range, service.name, (services) => ({
          range: item.range,
          message: `\`${item.value}\` switches off the ${m[1].toLowerCase()} confinement that blocks container escapes for ${services}. Remove it (ship a custom profile if one call is really missing).`,
        }));
      }
    }
    shared.flush(ctx.report);
  },
};
