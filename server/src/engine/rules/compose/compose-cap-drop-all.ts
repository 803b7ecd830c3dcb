import { isSeq } from 'yaml';
import type { Rule } from '../../types';
import { listItems, type ComposeModel } from '../../yaml/compose';
import { appendItem } from './shared/fixes';
import { interpolate } from '../../yaml/compose-interpolation';
import { ReportsByRange } from './shared/reports';

export const composeCapDropAll: Rule<ComposeModel> = {
  id: 'compose-cap-drop-all',
  target: 'compose',
  meta: {
    description: 'Every service drops all Linux capabilities (`cap_drop: [ALL]`).',
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: images whose entrypoint starts as root often need some of Docker\'s default capabilities (CHOWN, SETUID and SETGID to drop to their own user, NET_BIND_SERVICE for a port below 1024), and the file does not show which; the fix adds back none.',
    why:
      'Docker grants containers a default set of capabilities (`CHOWN`, `NET_RAW`, `SETUID`, `DAC_OVERRIDE`…) that a Go service listening on a high port never uses, and each one widens what an attacker can do after a compromise.',
    remediation:
      'Add `cap_drop: [ALL]` and `cap_add` back only what the service provably needs (e.g. ' +
      '`NET_BIND_SERVICE` for ports below 1024).',
    notes: 'It is the compose counterpart of Kubernetes `capabilities.drop: [ALL]`.',
    examples: {
      bad:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    security_opt:\n' +
        '      - no-new-privileges:true\n',
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
      const field = service.field('cap_drop');
      if (!field) {
        if (service.extendsElsewhere || !service.map) continue;
        const edit = ctx.model.editor.insertPairs(service.map, { cap_drop: ['ALL'] });
        ctx.report({
          range: service.keyRange,
          message: `Service '${service.name}' keeps Docker's default capabilities (NET_RAW, SETUID, CHOWN…), which a compromised process can use. Add \`cap_drop: [ALL]\` and \`cap_add\` only what it requires.`,
          fix: { title: 'Add cap_drop: [ALL]', edits: [edit], safety: 'unsafe' },
        });
        continue;
      }
      const items = listItems(file, field.value, service.doc);
      if (items.some((i) => interpolate(i.value) === undefined)) continue;
      if (items.some((i) => /^(CAP_)?ALL$/i.test(interpolate(i.value)!.trim()))) continue;
      const seq = isSeq(field.value) ? field.value : undefined;
      const edit = seq ? appendItem(ctx.model.editor, seq, 'ALL') : undefined;
      shared.add(field.keyRange, service.name, (services) => ({
        range: field.keyRange,
        message: `\`cap_drop\` does not contain \`ALL\` for ${services}, so Docker's other default capabilities stay granted. Add \`ALL\` to the list and \`cap_add\` only what is required.`,
        fix: edit ? { title: 'Add ALL to cap_drop', edits: [edit], safety: 'unsafe' } : undefined,
      }));
    }
    shared.flush(ctx.report);
  },
};
