import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const runtimeNoRun: Rule<DockerfileModel> = {
  id: 'runtime-no-run',
  target: 'dockerfile',
  meta: {
    description: 'RUN in the runtime stage',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
