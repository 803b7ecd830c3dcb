import type { Rule } from '../../types';
// PLACEHOLDER: check not implemented yet.
export const composeHealthcheckInMinimalImage: Rule<unknown> = {
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
