import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { isSecretName, isSecretFile } from '../../../../server/src/engine/secrets';

it('no-secrets-in-image: the name rule', () => {
  const secret = ['DB_PASSWORD', 'PASSWORD', 'MYSQL_ROOT_PASSWD', 'SMTP_PASS', 'GITHUB_TOKEN', 'NPM_AUTH_TOKEN', 'JWT_SECRET', 'SECRET_KEY_BASE',
    'AWS_SECRET_ACCESS_KEY', 'STRIPE_API_KEY', 'apiKey', 'dbPassword', 'APIKEY', 'DBPASSWORD', 'NGROK_AUTHTOKEN',
    'GOOGLE_APPLICATION_CREDENTIALS', 'REGISTRY_CREDS', 'SIGNING_KEY', 'GPG_PASSPHRASE', 'PRIVATE_KEY', 'CLIENT_SECRET'];
  const notSecret = ['DB_PASSWORD_FILE', 'SSL_KEY_PATH', 'SECRETS_DIR', 'TOKEN_URL', 'OAUTH_TOKEN_ENDPOINT', 'PASSWORD_MIN_LENGTH', 'SECRET_NAME',
    'TOKEN_TTL', 'GOPRIVATE', 'GOPROXY', 'PASSENGER_APP_ENV', 'BYPASS_CACHE', 'TOKENIZER_MODEL', 'CACHE_KEY', 'PWD', 'KEYCLOAK_REALM', 'CGO_ENABLED',
    // They name a secret held elsewhere (wi-secrets secret-app.yaml), or tell etcd clusters apart.
    'SECRET_ID', 'SECRET_VERSION', 'AWS_ACCESS_KEY_ID', 'DB_SECRET_ARN', 'TOKEN_REF', 'ETCD_INITIAL_CLUSTER_TOKEN'];
  assert.deepEqual(secret.filter((n) => !isSecretName(n)), []);
  assert.deepEqual(notSecret.filter((n) => isSecretName(n)), []);
});

it('no-secrets-in-image: the file rule', () => {
  assert.deepEqual(['.env', './.env', 'config/.env.production', 'certs/server.pem', 'tls.key', '/root/.ssh/id_rsa', 'id_ed25519', '*.pem'].filter((f) => !isSecretFile(f)), []);
  assert.deepEqual(['.env.example', '.env.sample', 'id_rsa.pub', 'keys/', 'environment.go', 'monkey', 'go.sum', '.', 'keyring.go'].filter((f) => isSecretFile(f)), []);
});

ruleTester('no-secrets-in-image', {
  valid: [
    'FROM golang:1.24-bookworm AS build\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    { name: 'references to secrets', code: 'FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://auth.example.com/token\nARG SSH_KEY_PATH\n' },
    { name: 'example env file and public key', code: 'FROM alpine:3.20\nCOPY .env.example id_rsa.pub /app/\n' },
    { name: 'secret name as a value only', code: 'FROM alpine:3.20\nENV MODE=secret\n' },
  ],
  invalid: [
    {
      name: 'harbor test image: ENV with a password, reported on the key; a key file copied (argo-cd test image)',
      code: 'FROM photon:4.0\nENV LANG C.UTF-8\nENV HELM_EXPERIMENTAL_OCI=1\nENV COSIGN_PASSWORD=Harbor12345\nENV COSIGN_EXPERIMENTAL=1\nCOPY ./test/fixture/testrepos/id_rsa.pub /root/.ssh/authorized_keys\nCOPY ./test/fixture/certs/argocd-e2e-server.key /etc/certs/argocd-test-server.key\n',
      errors: [
        { line: 4, column: 5, endColumn: 20, severity: 'error', message: "'COSIGN_PASSWORD' looks like a secret" },
        { line: 7, column: 6, endColumn: 48, severity: 'error', message: 'looks like a secret file' },
      ],
      output: null,
    },
    {
      name: 'ENV and ARG keys, several per line, global ARG too',
      code: 'ARG GITHUB_TOKEN\nFROM alpine:3.20\nENV APP_ENV=prod DB_PASSWORD="hunter2"\narg npm_token\nARG A B_SECRET\n',
      errors: [
        { line: 1, column: 5, endColumn: 17, severity: 'error', message: 'build args are recorded' },
        { line: 3, column: 18, endColumn: 29, message: 'ENV values are stored' },
        { line: 4, column: 5, endColumn: 14, message: 'RUN --mount=type=secret' },
        { line: 5, column: 7, endColumn: 15 },
      ],
      output: null,
    },
    {
      name: 'legacy ENV form, CRLF',
      code: 'FROM alpine:3.20\r\nENV API_KEY abc123\r\n',
      errors: [{ line: 2, column: 5, endColumn: 12 }],
    },
    {
      name: 'COPY/ADD of secret files: range on the source',
      code: 'FROM alpine:3.20\nCOPY .env ./\nCOPY --chown=app certs/server.pem certs/server.key /etc/tls/\nADD ["id_rsa", "/root/.ssh/"]\nCOPY --from=build /src/.env.production /app/\n',
      errors: [
        { line: 2, column: 6, endColumn: 10, message: "'.env' looks like a secret file" },
        { line: 3, column: 18, endColumn: 34 },
        { line: 3, column: 35, endColumn: 51 },
        { line: 4, column: 6, endColumn: 14, message: "'id_rsa'" },
        { line: 5, column: 19, endColumn: 39 },
      ],
    },
    {
      name: 'backtick escape directive and a continued ENV',
      code: '# escape=`\nFROM alpine:3.20\nENV A=1 `\n    STRIPE_SECRET_KEY=sk_live_x\n',
      errors: [{ line: 4, column: 5, endColumn: 22 }],
    },
  ],
});
