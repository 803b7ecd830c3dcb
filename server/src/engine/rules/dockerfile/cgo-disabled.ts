import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const cgoDisabled: Rule<DockerfileModel> = {
  id: 'cgo-disabled',
  target: 'dockerfile',
  meta: {
    description: 'a go build runs without CGO_ENABLED=0 in effect',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
