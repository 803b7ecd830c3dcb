import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const compose = { filePath: 'compose.yaml' };

ruleTester('compose-cap-drop-all', {
  valid: [
    { ...compose, name: 'block list', code: 'services:\n  api:\n    image: app:1.0\n    cap_drop:\n      - ALL\n    cap_add:\n      - NET_BIND_SERVICE\n' },
    { ...compose, name: 'flow, lowercase', code: 'services:\n  api: {image: app:1.0, cap_drop: [all]}\n' },
    { ...compose, name: 'quoted', code: 'services:\n  api:\n    cap_drop: ["ALL"]\n' },
    { ...compose, name: 'merged in', code: 'x-hardening: &hardening\n  cap_drop: [ALL]\nservices:\n  api:\n    <<: *hardening\n    image: app:1.0\n' },
    { ...compose, name: 'unresolvable variable', code: 'services:\n  api:\n    cap_drop: ["${DROP}"]\n' },
    { ...compose, name: 'variable defaulting to ALL', code: 'services:\n  api:\n    cap_drop: ["${DROP:-ALL}"]\n' },
  ],
  invalid: [
    {
      ...compose,
      name: 'missing: a block list indented like the file\'s other lists',
      code: 'services:\n  api:\n    image: app:1.0\n    ports:\n      - "8080:8080"\n',
      errors: [{ line: 2, column: 3, endColumn: 6, severity: 'warning', message: "Service 'api' keeps Docker's default capabilities" }],
      output: 'services:\n  api:\n    image: app:1.0\n    ports:\n      - "8080:8080"\n    cap_drop:\n      - ALL\n',
    },
    {
      ...compose,
      name: 'missing, in a file without block lists: flush list',
      code: 'services:\n  api:\n    image: app:1.0\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  api:\n    image: app:1.0\n    cap_drop:\n    - ALL\n',
    },
    {
      ...compose,
      name: 'some capabilities dropped but not ALL',
      code: 'services:\n  api:\n    image: app:1.0\n    cap_drop:\n      - NET_RAW\n      - MKNOD\n    cap_add: [NET_BIND_SERVICE]\n',
      errors: [{ line: 4, column: 5, endColumn: 13, message: '`cap_drop` does not contain `ALL`' }],
      output: 'services:\n  api:\n    image: app:1.0\n    cap_drop:\n      - NET_RAW\n      - MKNOD\n      - ALL\n    cap_add: [NET_BIND_SERVICE]\n',
    },
    {
      ...compose,
      name: 'flow list with a trailing comma',
      code: 'services:\n  api:\n    cap_drop: [NET_RAW, ]\n',
      errors: [{ line: 3, column: 5 }],
      output: 'services:\n  api:\n    cap_drop: [NET_RAW, ALL, ]\n',
    },
    {
      ...compose,
      name: 'flow service map',
      code: "services:\n  api: {image: 'app:1.0'}\n  db: {\n    image: 'postgres:16'\n  }\n",
      errors: [{ line: 2, column: 3 }, { line: 3, column: 3 }],
      output: "services:\n  api: {image: 'app:1.0', cap_drop: [ALL]}\n  db: {\n    image: 'postgres:16', cap_drop: [ALL]\n  }\n",
    },
    {
      ...compose,
      name: 'CRLF, file without a final newline',
      code: 'services:\r\n  api:\r\n    volumes:\r\n      - data:/data\r\n    image: app:1.0',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\r\n  api:\r\n    volumes:\r\n      - data:/data\r\n    image: app:1.0\r\n    cap_drop:\r\n      - ALL',
    },
    {
      ...compose,
      name: 'merge-key service keeps the anchor and gets its own key',
      code: 'x-base: &base\n  image: app:1.0\n  restart: always\nservices:\n  api:\n    <<: *base\n    ports:\n      - "80"\n',
      errors: [{ line: 5, column: 3 }],
      output: 'x-base: &base\n  image: app:1.0\n  restart: always\nservices:\n  api:\n    <<: *base\n    ports:\n      - "80"\n    cap_drop:\n      - ALL\n',
    },
  ],
});

it('compose-cap-drop-all: every fix is unsafe (an entrypoint that starts as root may need CHOWN, SETUID, SETGID)', () => {
  assert.deepEqual(fixSafetyOf('compose-cap-drop-all', 'services:\n  db:\n    image: postgres:16\n  api:\n    image: api:1\n    cap_drop: [NET_RAW]\n', compose), ['unsafe', 'unsafe']);
});
