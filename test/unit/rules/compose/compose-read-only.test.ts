import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const compose = { filePath: 'compose.yaml' };

ruleTester('compose-read-only', {
  valid: [
    { ...compose, name: 'read_only true', code: 'services:\n  api:\n    image: app:1.0\n    read_only: true\n' },
    { ...compose, name: 'quoted string true', code: 'services:\n  api:\n    image: app:1.0\n    read_only: "true"\n' },
    { ...compose, name: 'from a merge key', code: 'x-hardened: &hardened\n  read_only: true\nservices:\n  api:\n    <<: *hardened\n    image: app:1.0\n' },
    { ...compose, name: 'from a list of merge sources', code: 'x-a: &a {image: a:1}\nx-b: &b {read_only: true}\nservices:\n  api:\n    <<: [*a, *b]\n' },
    { ...compose, name: 'unresolvable variable', code: 'services:\n  api:\n    image: app:1.0\n    read_only: ${READ_ONLY}\n' },
    { ...compose, name: 'variable defaulting to true', code: 'services:\n  api:\n    image: app:1.0\n    read_only: ${READ_ONLY:-true}\n' },
    { ...compose, name: 'flow service', code: 'services:\n  api: {image: app:1.0, read_only: true}\n' },
    { ...compose, name: 'same-file extends', code: 'services:\n  base:\n    image: app:1.0\n    read_only: true\n  api:\n    extends: base\n' },
    { ...compose, name: 'extends a service of another file', code: 'services:\n  api:\n    extends:\n      file: common.yaml\n      service: base\n' },
    { name: 'not a compose file', filePath: 'k8s/deploy.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' },
    { name: 'Helm values file with a services map', filePath: 'charts/app/values.yaml', code: 'services:\n  api:\n    image: repo/api\n    replicas: 2\n' },
    { name: 'Kubernetes object with a services field', filePath: 'deploy/mesh.yaml', code: 'apiVersion: mesh.example.com/v1\nkind: Mesh\nservices:\n  api:\n    port: 80\n' },
    { name: 'CI file with a services list', filePath: '.gitlab-ci.yml', code: 'services:\n  - docker:dind\n' },
    { ...compose, name: 'extends chain that reaches another file', code: 'services:\n  base:\n    extends: {file: common.yaml, service: hardened}\n  api:\n    extends: base\n' },
    { ...compose, name: 'own suppression above the service', code: 'services:\n  # container-standard ignore=compose-read-only -- writes its cache to /var/lib\n  cache:\n    image: redis:7\n' },
    { ...compose, name: 'file-wide suppression', code: '# container-standard ignore-file=compose-read-only\nservices:\n  cache:\n    image: redis:7\n' },
    { ...compose, name: 'extension fields are not services', code: 'services:\n  x-defaults: &d\n    image: a:1\n  api:\n    <<: *d\n    read_only: true\n' },
  ],
  invalid: [
    {
      ...compose,
      name: 'missing: on the service key, inserted after the last entry',
      code: 'services:\n  api:\n    image: app:1.0 # pinned\n    ports:\n      - "8080:8080"\n    # trailing comment\n\n  db:\n    image: postgres:16\n    read_only: true\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, severity: 'warning', message: "Service 'api' has a writable root filesystem" }],
      output: 'services:\n  api:\n    image: app:1.0 # pinned\n    ports:\n      - "8080:8080"\n    read_only: true\n    # trailing comment\n\n  db:\n    image: postgres:16\n    read_only: true\n',
    },
    {
      ...compose,
      name: 'any top-level services map, four-space indentation, no trailing newline',
      filePath: 'deploy/stack.yml',
      code: 'version: "3.8"\nservices:\n    web:\n        image: nginx:1.27\n        command: |\n            nginx -g "daemon off;"',
      errors: [{ line: 3, column: 5, endColumn: 8 }],
      output: 'version: "3.8"\nservices:\n    web:\n        image: nginx:1.27\n        command: |\n            nginx -g "daemon off;"\n        read_only: true',
    },
    {
      ...compose,
      name: 'flow-style service',
      code: 'services:\n  db: {image: "postgres:16", environment: {A: b}}\n',
      errors: [{ line: 2, column: 3, endColumn: 5 }],
      output: 'services:\n  db: {image: "postgres:16", environment: {A: b}, read_only: true}\n',
    },
    {
      ...compose,
      name: 'CRLF line endings are kept',
      code: 'services:\r\n  api:\r\n    image: app:1.0\r\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\r\n  api:\r\n    image: app:1.0\r\n    read_only: true\r\n',
    },
    {
      ...compose,
      name: 'false: on the value, replaced',
      code: 'services:\n  api:\n    read_only: false\n    image: app:1.0\n',
      errors: [{ line: 3, column: 16, endColumn: 21, message: "`read_only` is 'false' for service 'api'" }],
      output: 'services:\n  api:\n    read_only: true\n    image: app:1.0\n',
    },
    {
      ...compose,
      name: 'false in a shared anchor: one finding naming every service, fixed in the anchor',
      code: 'x-common: &common\n  read_only: false\n  restart: always\nservices:\n  api:\n    <<: *common\n    image: app:1.0\n  worker:\n    <<: *common\n    image: worker:1.0\n',
      errors: [{ line: 2, column: 14, endColumn: 19, message: "services 'api' and 'worker'" }],
      output: 'x-common: &common\n  read_only: true\n  restart: always\nservices:\n  api:\n    <<: *common\n    image: app:1.0\n  worker:\n    <<: *common\n    image: worker:1.0\n',
    },
    {
      ...compose,
      name: 'own key overrides the anchor',
      code: 'x-common: &common\n  read_only: true\nservices:\n  api:\n    <<: *common\n    read_only: false\n',
      errors: [{ line: 6, column: 16 }],
      output: 'x-common: &common\n  read_only: true\nservices:\n  api:\n    <<: *common\n    read_only: true\n',
    },
    {
      ...compose,
      name: 'a variable defaulting to false is reported but not rewritten',
      code: 'services:\n  api:\n    image: app:1.0\n    read_only: ${READ_ONLY:-false}\n',
      errors: [{ line: 4, column: 16, endColumn: 35 }],
      output: null,
    },
    {
      ...compose,
      name: 'read_only of a bind mount is not the service\'s',
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - type: bind\n        source: ./nginx.conf\n        target: /etc/nginx/conf.d/default.conf\n        read_only: true\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - type: bind\n        source: ./nginx.conf\n        target: /etc/nginx/conf.d/default.conf\n        read_only: true\n    read_only: true\n',
    },
    {
      ...compose,
      name: 'multi-document file with a leading ---',
      code: '---\nservices:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    read_only: true\n',
      errors: [{ line: 3, column: 3 }],
      output: '---\nservices:\n  a:\n    image: a:1\n    read_only: true\n  b:\n    image: b:1\n    read_only: true\n',
    },
    {
      ...compose,
      name: 'an empty value is reported on the key',
      code: 'services:\n  api:\n    image: app:1.0\n    read_only:\n',
      errors: [{ line: 4, column: 5, endColumn: 14, message: 'is empty' }],
      output: null,
    },
  ],
});

it('compose-read-only: every fix is unsafe (the service may write in its image)', () => {
  assert.deepEqual(fixSafetyOf('compose-read-only', 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    read_only: false\n', compose), ['unsafe', 'unsafe']);
});
