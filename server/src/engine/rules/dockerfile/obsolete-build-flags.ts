import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const obsoleteBuildFlags: Rule<DockerfileModel> = {
  id: 'obsolete-build-flags',
  target: 'dockerfile',
  meta: {
    description: '-a or -installsuffix cgo on go build (no effect since Go 1.10)',
    defaultSeverity: 'info',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
