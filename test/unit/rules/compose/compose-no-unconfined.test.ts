import { ruleTester } from '../../helpers';

const compose = { filePath: 'compose.yaml' };

ruleTester('compose-no-unconfined', {
  valid: [
    { ...compose, name: 'hardened', code: 'services:\n  api:\n    image: app:1.0\n    privileged: false\n    security_opt:\n      - no-new-privileges:true\n      - seccomp:./seccomp.json\n      - apparmor:docker-default\n' },
    { ...compose, name: 'nothing set', code: 'services:\n  api:\n    image: app:1.0\n' },
    { ...compose, name: 'privileged from an unresolvable variable', code: 'services:\n  api:\n    privileged: ${PRIVILEGED}\n' },
    { ...compose, name: 'privileged defaulting to false', code: 'services:\n  api:\n    privileged: ${PRIVILEGED:-false}\n' },
  ],
  invalid: [
    {
      ...compose,
      name: 'privileged: true on the value',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n',
      errors: [{ line: 4, column: 17, endColumn: 21, severity: 'error', message: '`privileged: true`' }],
      output: null,
    },
    {
      ...compose,
      name: 'seccomp and apparmor unconfined, block and flow, : and =',
      code: 'services:\n  a:\n    security_opt:\n      - seccomp:unconfined\n      - "apparmor=unconfined"\n  b: {security_opt: [systempaths=unconfined]}\n',
      errors: [
        { line: 4, column: 9, endColumn: 27, message: 'seccomp confinement' },
        { line: 5, column: 10, endColumn: 29, message: 'apparmor confinement' },
        { line: 6, column: 22, endColumn: 44, message: 'systempaths' },
      ],
      output: null,
    },
    {
      ...compose,
      name: 'inherited from an anchor: one finding where it is written',
      code: 'x-debug: &debug\n  privileged: "true"\n  security_opt: [seccomp:unconfined]\nservices:\n  a:\n    <<: *debug\n  b:\n    <<: *debug\n',
      errors: [
        { line: 2, column: 16, endColumn: 20, message: "services 'a' and 'b'" },
        { line: 3, column: 18, endColumn: 36, message: "services 'a' and 'b'" },
      ],
    },
    {
      ...compose,
      name: 'variable defaulting to true',
      code: 'services:\n  a:\n    privileged: ${PRIV:-true}\n',
      errors: [{ line: 3, column: 17, endColumn: 30 }],
    },
  ],
});
