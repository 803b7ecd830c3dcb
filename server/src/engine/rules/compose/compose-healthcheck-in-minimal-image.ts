import type { Rule } from '../../types';
import type { ComposeModel } from '../../yaml/compose';
// PLACEHOLDER: check not implemented yet.
export const composeHealthcheckInMinimalImage: Rule<ComposeModel> = {
  id: 'compose-healthcheck-in-minimal-image',
  target: 'compose',
  meta: {
    description: 'healthcheck.test calls curl/wget/sh for a service built from a distroless/scratch Dockerfile of this workspace',
    defaultSeverity: 'error',
    fixable: false,
    rationale: '',
  },
  check() {},
};
