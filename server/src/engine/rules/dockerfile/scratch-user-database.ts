import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const scratchUserDatabase: Rule<DockerfileModel> = {
  id: 'scratch-user-database',
  target: 'dockerfile',
  meta: {
    description: 'scratch runtime with USER <name> but no /etc/passwd copied in',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
