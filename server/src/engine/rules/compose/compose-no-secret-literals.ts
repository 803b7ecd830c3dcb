import type { Rule } from '../../types';
import { isSecretName } from '../../secrets';
import { environmentOf, type ComposeModel } from '../../yaml/compose';
import { hasInterpolation } from '../../yaml/compose-interpolation';
import { ReportsByRange } from './shared/reports';


export const composeNoSecretLiterals: Rule<ComposeModel> = {
  id: 'compose-no-secret-literals',
  target: 'compose',
  meta: {
    description: 'No `environment` entry with a secret-looking name (PASSWORD, TOKEN, API_KEY…) has a literal value.',
    defaultSeverity: 'error',
    fixable: false,
    why:
      'A password or token written in the compose file is in version control for good, in every clone and CI log, and visible to anyone who can run `docker inspect`.',
    remediation:
      'Interpolate the value instead (`DB_PASSWORD: ${DB_PASSWORD}` from an untracked `.env` or the CI secret store), or use Compose `secrets:` and point the service at the file (`DB_PASSWORD_FILE: /run/secrets/db_password`).',
    notes:
      'Names whose last word only points at or describes a secret (`_FILE`, `_PATH`, `_DIR`, `_URL`, `_NAME`…) or that name a secret held elsewhere (`SECRET_ID`, `SECRET_VERSION`, `_REF`, `_ARN`, as for no-secrets-in-image) are not reported; values with `${…}` are not literals. ' +
      'No automatic fix: where the secret should come from is a decision.',
    examples: {
      bad:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    environment:\n' +
        '      DB_PASSWORD: hunter2\n',
      good:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    environment:\n' +
        '      DB_PASSWORD: ${DB_PASSWORD}\n',
    },
  },
  check(ctx) {
    const shared = new ReportsByRange();
    for (const service of ctx.model.services) {
      for (const entry of environmentOf(ctx.model.file, service)) {
        const name = entry.name.toUpperCase();
        if (!isSecretName(name)) continue;
        if (entry.value === undefined || entry.value.trim() === '' || entry.isBoolean || hasInterpolation(entry.value)) continue;
        shared.add(entry.valueRange, service.name, (services) => ({
          range: entry.valueRange,
          message: `'${entry.name}' of ${services} is a literal secret in the compose file, so it is in version control and \`docker inspect\`. Use \`\${${entry.name}}\` from an untracked .env, or Compose \`secrets:\` with \`${entry.name}_FILE\` pointing at the mounted file.`,
        }));
      }
    }
    shared.flush(ctx.report);
  },
};
