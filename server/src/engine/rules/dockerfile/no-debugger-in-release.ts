import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const noDebuggerInRelease: Rule<DockerfileModel> = {
  id: 'no-debugger-in-release',
  target: 'dockerfile',
  meta: {
    description: 'runtime stage contains delve (dlv), or its build used -gcflags "all=-N -l"',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: false,
    rationale: '',
  },
  check() {},
};
