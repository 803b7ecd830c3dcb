import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
// PLACEHOLDER: check not implemented yet.
export const runtimeDistrolessNonroot: Rule<DockerfileModel> = {
  id: 'runtime-distroless-nonroot',
  target: 'dockerfile',
  meta: {
    description: 'runtime stage base is not an allowed minimal image. Allowed by default: gcr.io/distroless/static-debian12:nonroot (preferred), other gcr.io/distroless/static* :nonroot tags, cgr.dev/chainguard/static, and scratch (then scratch-* rules apply)',
    defaultSeverity: 'error',
    scope: 'go',
    fixable: true,
    rationale: '',
  },
  check() {},
};
