import { ruleTester } from '../../helpers';

const deploy = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  template:
    spec:
      containers:
${containers}`;

ruleTester('k8s-no-secret-literals', {
  valid: [
    { name: 'secretKeyRef', filePath: 'deploy.yaml', code: deploy('      - name: api\n        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n') },
    {
      name: 'references, empty values, booleans and $(VAR)',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        env:\n        - {name: TLS_PRIVATE_KEY_FILE, value: /run/secrets/key}\n        - {name: API_TOKEN, value: ""}\n        - {name: ENABLE_TOKEN_AUTH, value: "true"}\n        - {name: DB_PASSWORD, value: $(PG_PASSWORD)}\n        - {name: LOG_LEVEL, value: debug}\n'),
    },
  ],
  invalid: [
    {
      name: 'a literal password: on the value, converted to a secretKeyRef skeleton',
      filePath: 'deploy.yaml',
      code: deploy('      - name: api\n        env:\n        - name: DB_PASSWORD\n          value: hunter2\n        - name: LOG_LEVEL\n          value: info\n'),
      errors: [{ line: 12, column: 18, endColumn: 25, severity: 'error', message: "secret 'DB_PASSWORD'" }],
      output: deploy('      - name: api\n        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: billing-secrets\n              key: db-password\n        - name: LOG_LEVEL\n          value: info\n'),
    },
    {
      name: 'flow entries stay flow; indented sequences; quoted values',
      filePath: 'deploy.yaml',
      code: deploy('        - name: api\n          env:\n            - {name: STRIPE_API_KEY, value: "sk_live_123"}\n'),
      errors: [{ line: 11, column: 45, endColumn: 58 }],
      output: deploy('        - name: api\n          env:\n            - {name: STRIPE_API_KEY, valueFrom: {secretKeyRef: {name: billing-secrets, key: stripe-api-key}}}\n'),
    },
    {
      name: 'CRLF, the comment on the value stays on the entry',
      filePath: 'pod.yaml',
      code: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: worker\r\nspec:\r\n  containers:\r\n  - name: worker\r\n    env:\r\n    - name: GITHUB_TOKEN\r\n      value: ghp_abc # rotate me\r\n',
      errors: [{ line: 10, column: 14, endColumn: 21 }],
      output: 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: worker\r\nspec:\r\n  containers:\r\n  - name: worker\r\n    env:\r\n    - name: GITHUB_TOKEN\r\n      valueFrom: # rotate me\r\n        secretKeyRef:\r\n          name: worker-secrets\r\n          key: github-token\r\n',
    },
  ],
});
