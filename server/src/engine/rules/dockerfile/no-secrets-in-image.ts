import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const noSecretsInImage: Rule<DockerfileModel> = {
  id: 'no-secrets-in-image',
  target: 'dockerfile',
  meta: {
    description: 'ENV or ARG whose name looks secret (PASSWORD, PASSWD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL…; build args land in the image history even without a default), except names that only reference a secret (*_FILE, *_PATH, *_DIR); or COPY/ADD of .env, *.pem, *.key, id_rsa*',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: false,
    rationale: '',
  },
  check() {},
};
