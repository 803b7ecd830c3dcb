import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const runtimeNonrootUser: Rule<DockerfileModel> = {
  id: 'runtime-nonroot-user',
  target: 'dockerfile',
  meta: {
    description: 'the runtime stage would run as root: last USER is root/0/0:*, or no USER on a base whose default user is root',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: true,
    rationale: '',
  },
  check() {},
};
