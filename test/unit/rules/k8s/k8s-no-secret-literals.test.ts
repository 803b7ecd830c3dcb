import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

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

ruleTester('k8s-no-secret-literals', {
  valid: [
    {
      name: 'names that identify a secret held elsewhere (wi-secrets manifests secret-app.yaml: SECRET_ID, SECRET_VERSION)',
      filePath: 'secret-app.yaml',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: readonly-secret-test\nspec:\n  containers:\n  - image: us-docker.pkg.dev/google-samples/containers/gke/wi-secret-store:latest\n    name: secret-app\n    env:\n      - name: PROJECT_ID\n        value: "YOUR_PROJECT_ID"\n      - name: SECRET_ID\n        value: "bq-readonly-key"\n      - name: SECRET_VERSION\n        value: "latest"\n      - name: DB_SECRET_ARN\n        value: "arn:aws:secretsmanager:eu-west-1:1:secret:db"\n      - name: AWS_ACCESS_KEY_ID\n        value: "AKIA0000"\n',
    },
    {
      name: 'etcd\'s initial cluster token tells clusters apart (etcd antithesis default-etcd-3-replicas.yaml)',
      filePath: 'default-etcd-3-replicas.yaml',
      code: deploy('      - name: etcd-server\n        env:\n        - name: ETCD_INITIAL_CLUSTER_TOKEN\n          value: etcd-cluster-1\n'),
    },
  ],
  invalid: [],
});

it('k8s-no-secret-literals: the fix is unsafe (the Secret it references is not in the files)', () => {
  assert.deepEqual(fixSafetyOf('k8s-no-secret-literals', deploy('      - name: api\n        env:\n        - {name: DB_PASSWORD, value: hunter2}\n'), { filePath: 'deploy.yaml' }), ['unsafe']);
});
