import { isScalar, type Scalar } from 'yaml';
import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
import { interpolate, isTrue } from '../../yaml/compose-interpolation';
import { scalarSource } from '../../yaml/document';
import { ReportsByRange } from './shared/reports';

export const composeReadOnly: Rule<ComposeModel> = {
  id: 'compose-read-only',
  target: 'compose',
  meta: {
    description: 'Every service runs with a read-only root filesystem (`read_only: true`).',
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: a service that writes anywhere in its image (`/tmp`, a cache, a pid file) fails once the root filesystem is read-only, the file does not show whether it does, and the fix adds no `tmpfs:`; replacing an explicit `false` also overrides the author.',
    why:
      'A writable root filesystem lets a compromised or buggy process replace binaries, drop tools and persist changes inside the container.',
    remediation:
      'A Go service built on distroless needs no writes outside its volumes: set `read_only: true` on the service and mount `tmpfs:` (e.g. ' +
      '`/tmp`) or a volume for the few paths it really writes.',
    notes: 'The same requirement is `readOnlyRootFilesystem: true` in Kubernetes.',
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
        '    read_only: true\n' +
        '    tmpfs:\n' +
        '      - /tmp\n',
    },
  },
  check(ctx) {
    const shared = new ReportsByRange();
    for (const service of ctx.model.services) {
      const field = service.field('read_only');
      if (!field) {
        if (service.extendsElsewhere || !service.map) continue;
        const edit = ctx.model.editor.insertPairs(service.map, { read_only: true });
        ctx.report({
          range: service.keyRange,
          message: `Service '${service.name}' has a writable root filesystem, so a compromised process can alter the container. Add \`read_only: true\` (with \`tmpfs:\` for paths it must write).`,
          fix: { title: 'Set read_only: true', edits: [edit], safety: 'unsafe' },
        });
        continue;
      }
      const text = scalarSource(field.value);
      const value = text === undefined ? undefined : interpolate(text);
      if (text !== undefined && value === undefined) continue;
      if (value !== undefined && isTrue(value)) continue;
      const shown = text === undefined ? (field.value === null || isScalar(field.value) ? 'empty' : 'not a boolean') : `'${text}'`;
      const node = field.value;
      shared.add(field.valueRange, service.name, (services) => ({
        range: field.valueRange,
        message: `\`read_only\` is ${shown} for ${services}, so the root filesystem is writable. Set \`read_only: true\` (with \`tmpfs:\` for paths it must write).`,
        fix: isScalar(node) && text !== undefined && text === value ? { title: 'Set read_only: true', edits: [ctx.model.editor.replaceScalar(node as Scalar, true)], safety: 'unsafe' } : undefined,
      }));
    }
    shared.flush(ctx.report);
  },
};
