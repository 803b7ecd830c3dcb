import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const upxCompression: Rule<DockerfileModel> = {
  id: 'upx-compression',
  target: 'dockerfile',
  meta: {
    description: 'upx used: slower start, antivirus false positives, no gain in compressed registry layers',
    defaultSeverity: 'info',
    scope: 'go',
    fixable: false,
    rationale: '',
  },
  check() {},
};
