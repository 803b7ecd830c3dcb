import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const noShellHealthcheck: Rule<DockerfileModel> = {
  id: 'no-shell-healthcheck',
  target: 'dockerfile',
  meta: {
    description: 'HEALTHCHECK that calls curl, wget, sh where none exists',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: true,
    rationale: '',
  },
  check() {},
};
