import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const stripDebugSymbols: Rule<DockerfileModel> = {
  id: 'strip-debug-symbols',
  target: 'dockerfile',
  meta: {
    description: 'go build without -s -w in -ldflags (in the runtime-bound build)',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
