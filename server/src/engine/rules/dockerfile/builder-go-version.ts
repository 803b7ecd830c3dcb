import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const builderGoVersion: Rule<DockerfileModel> = {
  id: 'builder-go-version',
  target: 'dockerfile',
  meta: {
    description: 'builder golang tag has no version, or a Go version older than the configured minimum (default 1.24)',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
