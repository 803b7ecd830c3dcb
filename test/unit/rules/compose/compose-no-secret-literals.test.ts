import { ruleTester } from '../../helpers';

const compose = { filePath: 'compose.yaml' };

ruleTester('compose-no-secret-literals', {
  valid: [
    { ...compose, name: 'interpolated, list and map', code: 'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n  api:\n    environment:\n      API_TOKEN: $API_TOKEN\n      JWT_SECRET: "${JWT_SECRET:?set it}"\n' },
    { ...compose, name: 'passed through from the host', code: 'services:\n  api:\n    environment:\n      - DB_PASSWORD\n  worker:\n    environment:\n      API_KEY:\n' },
    { ...compose, name: 'file references', code: 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db-password\n      TLS_PRIVATE_KEY_PATH: /certs/key.pem\n      TOKEN_DIR: /var/tokens\n' },
    { ...compose, name: 'harmless names', code: 'services:\n  db:\n    environment:\n      - POSTGRES_USER=app\n      - PASSPORT_ENABLED=1\n      - DB_HOST=db\n' },
    {
      ...compose,
      name: 'names that identify a secret held elsewhere, and etcd\'s cluster token (etcd antithesis docker-compose-3-node.yml)',
      code: 'services:\n  etcd0:\n    environment:\n      ETCD_INITIAL_CLUSTER_TOKEN: etcd-cluster-1\n      SECRET_ID: bq-readonly-key\n      SECRET_VERSION: latest\n      AWS_ACCESS_KEY_ID: AKIA0000\n',
    },
    { ...compose, name: 'empty and boolean values', code: 'services:\n  a:\n    environment:\n      - DB_PASSWORD=\n  b:\n    environment:\n      AUTH_TOKEN_REQUIRED: true\n      SESSION_SECRET: ""\n' },
  ],
  invalid: [
    {
      ...compose,
      name: 'list form: on the value only',
      code: 'services:\n  gitea:\n    environment:\n      - DB_USER=gitea\n      - DB_PASSWD=gitea\n',
      errors: [{ line: 5, column: 19, endColumn: 24, severity: 'error', message: "'DB_PASSWD' of service 'gitea' is a literal secret" }],
      output: null,
    },
    {
      ...compose,
      name: 'quoted list item',
      code: 'services:\n  db:\n    environment:\n      - "MYSQL_ROOT_PASSWORD=hunter2"\n',
      errors: [{ line: 4, column: 30, endColumn: 37 }],
    },
    {
      ...compose,
      name: 'map form, flow and block',
      code: 'services:\n  a:\n    environment:\n      SECRET_KEY: "not-so-secret"\n      AWS_SECRET_ACCESS_KEY: wJalr0000\n  b: {environment: {GITHUB_TOKEN: ghp_x}}\n',
      errors: [
        { line: 4, column: 20, endColumn: 33 },
        { line: 5, column: 30, endColumn: 39 },
        { line: 6, column: 35, endColumn: 40 },
      ],
    },
    {
      ...compose,
      name: 'the message does not repeat the secret',
      code: 'services:\n  a:\n    environment:\n      - API_KEY=sk-live-123\n',
      errors: [{ line: 4, message: /^(?!.*sk-live-123)/ }],
    },
    {
      ...compose,
      name: 'merged environment: one finding on the anchor, own overrides win',
      code: 'x-env: &env\n  DB_PASS: devpass\n  REDIS_PASSWORD: r3d1s\nservices:\n  a:\n    environment:\n      <<: *env\n      REDIS_PASSWORD: ${REDIS_PASSWORD}\n  b:\n    environment: *env\n',
      errors: [
        { line: 2, column: 12, endColumn: 19, message: "services 'a' and 'b'" },
        { line: 3, column: 19, endColumn: 24, message: "service 'b'" },
      ],
    },
    {
      ...compose,
      name: 'escaped dollar is a literal',
      code: 'services:\n  a:\n    environment:\n      - ADMIN_PASSWORD=pa$$word\n',
      errors: [{ line: 4, column: 24 }],
    },
  ],
});
