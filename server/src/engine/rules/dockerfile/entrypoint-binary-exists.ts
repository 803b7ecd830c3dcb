import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const entrypointBinaryExists: Rule<DockerfileModel> = {
  id: 'entrypoint-binary-exists',
  target: 'dockerfile',
  meta: {
    description: 'runtime ENTRYPOINT/CMD executable is not a path that the stage copies in',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
