import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const goBuildCacheMounts: Rule<DockerfileModel> = {
  id: 'go-build-cache-mounts',
  target: 'dockerfile',
  meta: {
    description: 'go mod download / go build without BuildKit cache mounts for /go/pkg/mod and /root/.cache/go-build',
    defaultSeverity: 'info',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
