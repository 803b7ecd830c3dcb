import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const compose = { filePath: 'compose.yaml' };

ruleTester('compose-no-new-privileges', {
  valid: [
    { ...compose, name: 'block list', code: 'services:\n  api:\n    image: app:1.0\n    security_opt:\n      - no-new-privileges:true\n' },
    { ...compose, name: 'flow list, quoted', code: 'services:\n  api:\n    image: app:1.0\n    security_opt: ["no-new-privileges:true"]\n' },
    { ...compose, name: 'bare option and = form', code: 'services:\n  a:\n    security_opt: [no-new-privileges]\n  b:\n    security_opt: [no-new-privileges=true]\n' },
    { ...compose, name: 'list from an anchor', code: 'x-sec: &sec\n  - no-new-privileges:true\nservices:\n  api:\n    image: app:1.0\n    security_opt: *sec\n' },
    { ...compose, name: 'merge key', code: 'x-base: &base\n  security_opt: [no-new-privileges:true]\nservices:\n  api:\n    <<: *base\n' },
    { ...compose, name: 'an item that is an unresolvable variable', code: 'services:\n  api:\n    security_opt:\n      - ${SECURITY_OPT}\n' },
  ],
  invalid: [
    {
      ...compose,
      name: 'services separated by blank lines, a build-only one and a key with a trailing space (awesome-compose nginx-golang-postgres): on each service key, added at the end of each',
      code: 'services:\n  backend:\n    build:\n      context: backend\n      target: builder\n    depends_on:\n      db:\n        condition: service_healthy\n\n  proxy:\n    image: nginx\n    ports:\n      - 80:80\n    depends_on: \n      - backend\n\nvolumes:\n  db-data:\n',
      errors: [
        { line: 2, column: 3, endColumn: 10, severity: 'warning', message: "Service 'backend'" },
        { line: 10, column: 3, endColumn: 8, severity: 'warning', message: "Service 'proxy'" },
      ],
      output: 'services:\n  backend:\n    build:\n      context: backend\n      target: builder\n    depends_on:\n      db:\n        condition: service_healthy\n    security_opt:\n      - no-new-privileges:true\n\n  proxy:\n    image: nginx\n    ports:\n      - 80:80\n    depends_on: \n      - backend\n    security_opt:\n      - no-new-privileges:true\n\nvolumes:\n  db-data:\n',
    },
    {
      ...compose,
      name: 'missing: block list in the file\'s sequence style',
      code: 'services:\n  api:\n    image: app:1.0\n    ports:\n    - "8080:8080"\n',
      errors: [{ line: 2, column: 3, endColumn: 6, severity: 'warning', message: "Service 'api' has no `security_opt" }],
      output: 'services:\n  api:\n    image: app:1.0\n    ports:\n    - "8080:8080"\n    security_opt:\n    - no-new-privileges:true\n',
    },
    {
      ...compose,
      name: 'missing: indented sequences',
      code: 'services:\n  api:\n    image: app:1.0\n    ports:\n      - "8080:8080"\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  api:\n    image: app:1.0\n    ports:\n      - "8080:8080"\n    security_opt:\n      - no-new-privileges:true\n',
    },
    {
      ...compose,
      name: 'list without it: on the key, appended in the list\'s quoting',
      code: 'services:\n  api:\n    image: app:1.0\n    security_opt:\n      - "label:type:svirt_apache_t" # selinux\n    restart: always\n',
      errors: [{ line: 4, column: 5, endColumn: 17, message: '`security_opt` lacks `no-new-privileges:true` for service \'api\'' }],
      output: 'services:\n  api:\n    image: app:1.0\n    security_opt:\n      - "label:type:svirt_apache_t" # selinux\n      - "no-new-privileges:true"\n    restart: always\n',
    },
    {
      ...compose,
      name: 'flow list without it',
      code: "services:\n  api: {image: 'app:1.0', security_opt: ['apparmor:docker-default']}\n",
      errors: [{ line: 2, column: 27, endColumn: 39 }],
      output: "services:\n  api: {image: 'app:1.0', security_opt: ['apparmor:docker-default', 'no-new-privileges:true']}\n",
    },
    {
      ...compose,
      name: 'empty flow list',
      code: 'services:\n  api:\n    image: app:1.0\n    security_opt: []\n',
      errors: [{ line: 4, column: 5 }],
      output: 'services:\n  api:\n    image: app:1.0\n    security_opt: [no-new-privileges:true]\n',
    },
    {
      ...compose,
      name: 'explicitly false: on the item, flipped',
      code: 'services:\n  api:\n    image: app:1.0\n    security_opt:\n      - no-new-privileges:false\n',
      errors: [{ line: 5, column: 9, endColumn: 32, message: '`no-new-privileges:false`' }],
      output: 'services:\n  api:\n    image: app:1.0\n    security_opt:\n      - no-new-privileges:true\n',
    },
    {
      ...compose,
      name: 'shared anchor list: one finding, appended to the anchor',
      code: 'x-sec: &sec\n  - seccomp:./profile.json\nservices:\n  api:\n    image: a:1\n    security_opt: *sec\n  worker:\n    image: w:1\n    security_opt: *sec\n',
      errors: [
        { line: 6, column: 5, message: "service 'api'" },
        { line: 9, column: 5, message: "service 'worker'" },
      ],
      output: 'x-sec: &sec\n  - seccomp:./profile.json\n  - no-new-privileges:true\nservices:\n  api:\n    image: a:1\n    security_opt: *sec\n  worker:\n    image: w:1\n    security_opt: *sec\n',
    },
    {
      ...compose,
      name: 'merged-in key: on the anchor\'s key',
      code: 'x-base: &base\n  security_opt: [seccomp:./p.json]\nservices:\n  api:\n    <<: *base\n  worker:\n    <<: *base\n',
      errors: [{ line: 2, column: 3, endColumn: 15, message: "services 'api' and 'worker'" }],
      output: 'x-base: &base\n  security_opt: [seccomp:./p.json, no-new-privileges:true]\nservices:\n  api:\n    <<: *base\n  worker:\n    <<: *base\n',
    },
    {
      ...compose,
      name: 'CRLF',
      code: 'services:\r\n  api:\r\n    image: app:1.0\r\n    ports:\r\n      - "80"\r\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\r\n  api:\r\n    image: app:1.0\r\n    ports:\r\n      - "80"\r\n    security_opt:\r\n      - no-new-privileges:true\r\n',
    },
  ],
});

it('compose-no-new-privileges: adding the option is safe; replacing the author\'s no-new-privileges:false is unsafe', () => {
  const code = 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    security_opt: [apparmor:docker-default]\n  c:\n    image: c:1\n    security_opt: [no-new-privileges:false]\n';
  assert.deepEqual(fixSafetyOf('compose-no-new-privileges', code, compose), ['safe', 'safe', 'unsafe']);
  const relies = 'services:\n  web:\n    image: nginx:1.27\n    user: "101"\n    cap_add: [NET_BIND_SERVICE]\n  dind:\n    image: docker:27-dind\n    privileged: true\n  buildkit:\n    image: moby/buildkit:rootless\n    security_opt: [seccomp=unconfined, apparmor=unconfined]\n';
  assert.deepEqual(fixSafetyOf('compose-no-new-privileges', relies, compose), ['unsafe', 'unsafe', 'unsafe']);
});
