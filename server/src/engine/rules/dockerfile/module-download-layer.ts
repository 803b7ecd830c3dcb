import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const moduleDownloadLayer: Rule<DockerfileModel> = {
  id: 'module-download-layer',
  target: 'dockerfile',
  meta: {
    description: 'the source tree is copied before go.mod/go.sum are copied and go mod download runs',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
