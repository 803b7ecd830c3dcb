import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const noConfigInImage: Rule<DockerfileModel> = {
  id: 'no-config-in-image',
  target: 'dockerfile',
  meta: {
    description: 'runtime stage copies config files (*.yaml, *.yml, *.toml, *.ini, .env*, config/)',
    defaultSeverity: 'warning',
    scope: 'all',
    fixable: false,
    rationale: '',
  },
  check() {},
};
