import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const targetPlatform: Rule<DockerfileModel> = {
  id: 'target-platform',
  target: 'dockerfile',
  meta: {
    description: 'GOOS/GOARCH not set; suggest FROM --platform=$BUILDPLATFORM + GOOS=$TARGETOS GOARCH=$TARGETARCH',
    defaultSeverity: 'info',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
