import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { lint, ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';
import { defaultConfig } from '../../../../server/src/engine/config';

const compose = { filePath: 'compose.yaml' };

ruleTester('compose-resource-limits', {
  valid: [
    { ...compose, name: 'deploy limits', code: "services:\n  api:\n    image: app:1.0\n    deploy:\n      resources:\n        limits:\n          cpus: '0.50'\n          memory: 512M\n" },
    { ...compose, name: 'flow style', code: 'services:\n  api: {image: app:1.0, deploy: {resources: {limits: {cpus: 1, memory: 1g}}}}\n' },
    { ...compose, name: 'legacy service-level keys', code: 'services:\n  api:\n    image: app:1.0\n    cpus: 1.5\n    mem_limit: 256m\n' },
    { ...compose, name: 'one of each style', code: 'services:\n  api:\n    mem_limit: 256m\n    deploy:\n      resources:\n        limits: {cpus: "2"}\n' },
    { ...compose, name: 'from an anchor', code: 'x-limits: &limits\n  resources:\n    limits:\n      cpus: "0.5"\n      memory: 128M\nservices:\n  api:\n    image: app:1.0\n    deploy: *limits\n' },
    { ...compose, name: 'merged deploy', code: 'x-svc: &svc\n  deploy:\n    resources:\n      limits: {cpus: "0.5", memory: 128M}\nservices:\n  api:\n    <<: *svc\n    image: app:1.0\n' },
    { ...compose, name: 'merge inside limits', code: 'x-l: &l {cpus: "0.5"}\nservices:\n  api:\n    deploy:\n      resources:\n        limits:\n          <<: *l\n          memory: 64M\n' },
    { ...compose, name: 'unresolvable variables count as set', code: 'services:\n  api:\n    deploy:\n      resources:\n        limits:\n          cpus: ${API_CPUS}\n          memory: ${API_MEMORY}\n' },
  ],
  invalid: [
    {
      ...compose,
      name: 'memory limit only, comments above the service and an aliased key after it (opentelemetry-demo ad): on the limits key',
      code: 'x-default-logging: &logging\n  driver: "json-file"\n\nservices:\n  # ******************\n  # Core Demo Services\n  # ******************\n\n  # AdService\n  ad:\n    image: ${IMAGE_NAME}:${DEMO_VERSION}-ad\n    deploy:\n      resources:\n        limits:\n          memory: 300M\n    restart: unless-stopped\n    logging: *logging\n',
      errors: [{ line: 14, column: 9, endColumn: 15, severity: 'warning', message: "`deploy.resources.limits` of service 'ad' sets no cpus limit" }],
      output: 'x-default-logging: &logging\n  driver: "json-file"\n\nservices:\n  # ******************\n  # Core Demo Services\n  # ******************\n\n  # AdService\n  ad:\n    image: ${IMAGE_NAME}:${DEMO_VERSION}-ad\n    deploy:\n      resources:\n        limits:\n          memory: 300M\n          cpus: "0.50"\n    restart: unless-stopped\n    logging: *logging\n',
    },
    {
      ...compose,
      name: 'no limits at all: on the service key, full block inserted',
      code: 'services:\n  api:\n    image: app:1.0\n    ports:\n      - "8080:8080"\n',
      errors: [{ line: 2, column: 3, endColumn: 6, severity: 'warning', message: "Service 'api' has no CPU or memory limit" }],
      output: 'services:\n  api:\n    image: app:1.0\n    ports:\n      - "8080:8080"\n    deploy:\n      resources:\n        limits:\n          cpus: "0.50"\n          memory: 512M\n',
    },
    {
      ...compose,
      name: 'memory only: on the limits key, cpus added beside it',
      code: 'services:\n  ad:\n    image: ad:1.0\n    deploy:\n      resources:\n        limits:\n          memory: 300M\n    restart: unless-stopped\n',
      errors: [{ line: 6, column: 9, endColumn: 15, message: 'sets no cpus limit' }],
      output: 'services:\n  ad:\n    image: ad:1.0\n    deploy:\n      resources:\n        limits:\n          memory: 300M\n          cpus: "0.50"\n    restart: unless-stopped\n',
    },
    {
      ...compose,
      name: 'deploy without resources: extended, not replaced',
      code: 'services:\n  api:\n    deploy:\n      replicas: 2\n      resources:\n        reservations:\n          memory: 64M\n',
      errors: [{ line: 5, column: 7, endColumn: 16 }],
      output: 'services:\n  api:\n    deploy:\n      replicas: 2\n      resources:\n        reservations:\n          memory: 64M\n        limits:\n          cpus: "0.50"\n          memory: 512M\n',
    },
    {
      ...compose,
      name: 'deploy merged from an anchor: the anchor is extended so the merge still applies',
      code: 'x-deploy: &deploy\n  deploy:\n    replicas: 2\nservices:\n  api:\n    <<: *deploy\n  worker:\n    <<: *deploy\n',
      errors: [{ line: 2, column: 3, endColumn: 9, message: "services 'api' and 'worker'" }],
      output: 'x-deploy: &deploy\n  deploy:\n    replicas: 2\n    resources:\n      limits:\n        cpus: "0.50"\n        memory: 512M\nservices:\n  api:\n    <<: *deploy\n  worker:\n    <<: *deploy\n',
    },
    {
      ...compose,
      name: 'legacy key present: the legacy counterpart is added',
      code: 'services:\n  api:\n    image: app:1.0\n    mem_limit: 1g\n',
      errors: [{ line: 2, column: 3, message: 'Add `cpus`' }],
      output: 'services:\n  api:\n    image: app:1.0\n    mem_limit: 1g\n    cpus: "0.50"\n',
    },
    {
      ...compose,
      name: 'flow service',
      code: 'services:\n  api: {image: app:1.0}\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  api: {image: app:1.0, deploy: {resources: {limits: {cpus: "0.50", memory: 512M}}}}\n',
    },
    {
      ...compose,
      name: 'configured defaults are converted to compose units',
      code: 'services:\n  api:\n    image: app:1.0\n',
      config: { defaultResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '250m', memory: '1Gi' } } },
      errors: [{ line: 2 }],
      output: 'services:\n  api:\n    image: app:1.0\n    deploy:\n      resources:\n        limits:\n          cpus: "0.25"\n          memory: 1G\n',
    },
    {
      ...compose,
      name: 'whole-core and decimal-unit defaults',
      code: 'services:\n  api:\n    image: app:1.0\n',
      config: { defaultResources: { ...defaultConfig().defaultResources, limits: { cpu: '2', memory: '500M' } } },
      errors: [{ line: 2 }],
      output: 'services:\n  api:\n    image: app:1.0\n    deploy:\n      resources:\n        limits:\n          cpus: "2.00"\n          memory: 500000000b\n',
    },
    {
      ...compose,
      name: 'zero and empty values mean no limit: on the value, no fix',
      code: 'services:\n  api:\n    deploy:\n      resources:\n        limits:\n          cpus: 0\n          memory:\n',
      errors: [
        { line: 6, column: 17, endColumn: 18, message: '`cpus` is 0' },
        { line: 7, column: 11, endColumn: 17, message: '`memory` is empty' },
      ],
      output: null,
    },
    {
      ...compose,
      name: 'CRLF and four-space indentation',
      code: 'services:\r\n    api:\r\n        image: app:1.0\r\n',
      errors: [{ line: 2, column: 5 }],
      output: 'services:\r\n    api:\r\n        image: app:1.0\r\n        deploy:\r\n            resources:\r\n                limits:\r\n                    cpus: "0.50"\r\n                    memory: 512M\r\n',
    },
  ],
});

it('compose-resource-limits: the fix is unsafe (the limits are invented)', () => {
  assert.deepEqual(fixSafetyOf('compose-resource-limits', 'services:\n  a:\n    image: a:1\n', compose), ['unsafe']);
});

it('compose-resource-limits: the consequence names only what is missing', () => {
  const found = lint('services:\n  a:\n    image: a:1\n    cpus: 0.5\n  b:\n    image: b:1\n', { filePath: 'compose.yaml', rules: ['compose-resource-limits'] }).map((f) => f.message);
  assert.deepEqual(
    found.map((m) => /so it can take ([^,]*?) and starve/.exec(m)?.[1]),
    ["all of the host's memory", "all of the host's CPU and memory"],
  );
});
