import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const execFormEntrypoint: Rule<DockerfileModel> = {
  id: 'exec-form-entrypoint',
  target: 'dockerfile',
  meta: {
    description: 'ENTRYPOINT/CMD in shell form (no shell exists there)',
    defaultSeverity: 'warning',
    scope: 'all',
    fixable: true,
    rationale: '',
  },
  check() {},
};
