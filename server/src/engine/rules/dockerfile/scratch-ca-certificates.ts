import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const scratchCaCertificates: Rule<DockerfileModel> = {
  id: 'scratch-ca-certificates',
  target: 'dockerfile',
  meta: {
    description: 'scratch runtime without /etc/ssl/certs/ca-certificates.crt copied in',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
