import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const multiStageBuild: Rule<DockerfileModel> = {
  id: 'multi-stage-build',
  target: 'dockerfile',
  meta: {
    description: 'the image that ships is the one that compiled (single stage, or runtime stage based on golang)',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
