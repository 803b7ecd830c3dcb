import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const reproducibleBuild: Rule<DockerfileModel> = {
  id: 'reproducible-build',
  target: 'dockerfile',
  meta: {
    description: 'go build without -trimpath',
    defaultSeverity: 'info',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
