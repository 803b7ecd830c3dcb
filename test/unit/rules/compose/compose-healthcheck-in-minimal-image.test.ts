import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ruleTester } from '../../helpers';
import type { Report } from '../../../../server/src/engine/types';
import { defaultConfig } from '../../../../server/src/engine/config';
import { parseYamlFile } from '../../../../server/src/engine/yaml/document';
import { buildComposeModel } from '../../../../server/src/engine/yaml/compose';
import { composeHealthcheckInMinimalImage } from '../../../../server/src/engine/rules/compose/compose-healthcheck-in-minimal-image';

// A workspace on disk: the rule reads the Dockerfiles that `build:` points at.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-healthcheck-'));
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
write(
  'api/Dockerfile',
  'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\nFROM alpine:3.20 AS debug\nCOPY --from=build /out/api /api\nFROM gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n',
);
write('worker/deploy/Go.Dockerfile', 'FROM golang:1.24 AS build\nRUN go build -o /w .\nFROM scratch AS base\nFROM base\nCOPY --from=build /w /w\n');
write('busybox/Dockerfile', 'FROM gcr.io/distroless/static-debian12\nCOPY --from=busybox:1.36 /bin/busybox /bin/busybox\n');
write('node/Dockerfile', 'FROM node:22-alpine\n');
const composeFile = path.join(root, 'compose.yaml');
after(() => fs.rmSync(root, { recursive: true, force: true }));

const at = { filePath: composeFile };

ruleTester('compose-healthcheck-in-minimal-image', {
  valid: [
    { ...at, name: 'probe binary in exec form', code: 'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "/healthcheck"]\n' },
    { ...at, name: 'debug target has a shell', code: 'services:\n  api:\n    build: {context: ./api, target: debug}\n    healthcheck:\n      test: ["CMD", "wget", "-q", "localhost:8080/health"]\n' },
    { ...at, name: 'non-minimal image', code: 'services:\n  web:\n    build: node\n    healthcheck:\n      test: curl -f localhost:3000\n' },
    { ...at, name: 'stage copies busybox in', code: 'services:\n  b:\n    build: busybox\n    healthcheck:\n      test: ["CMD-SHELL", "wget -q localhost"]\n' },
    { ...at, name: 'Dockerfile not in the workspace', code: 'services:\n  x:\n    build: ./missing\n    healthcheck:\n      test: ["CMD", "curl", "localhost"]\n' },
    { ...at, name: 'remote build context', code: 'services:\n  x:\n    build: https://github.com/org/repo.git#main\n    healthcheck:\n      test: ["CMD", "curl", "localhost"]\n' },
    { ...at, name: 'disabled healthchecks', code: 'services:\n  a:\n    build: ./api\n    healthcheck:\n      test: ["NONE"]\n  b:\n    build: ./api\n    healthcheck:\n      disable: true\n      test: ["CMD", "curl", "x"]\n' },
    { ...at, name: 'distroless debug image has busybox', code: 'services:\n  a:\n    image: gcr.io/distroless/static-debian12:debug\n    healthcheck:\n      test: ["CMD", "wget", "-q", "x"]\n' },
    { ...at, name: 'unknown target stage', code: 'services:\n  a:\n    build: {context: api, target: nope}\n    healthcheck: {test: ["CMD", "curl", "x"]}\n' },
  ],
  invalid: [
    {
      ...at,
      name: 'curl in exec form: on the program',
      code: 'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]\n      interval: 10s\n',
      errors: [{ line: 5, column: 22, endColumn: 26, severity: 'error', message: "calls curl, but the image built from api/Dockerfile stage 'runtime' (gcr.io/distroless/static-debian12:nonroot) has no curl" }],
      output: null,
    },
    {
      ...at,
      name: 'CMD-SHELL: on the CMD-SHELL word',
      code: 'services:\n  api:\n    build:\n      context: api\n      target: runtime\n    healthcheck:\n      test: ["CMD-SHELL", "wget --spider -q http://localhost:8080/health || exit 1"]\n',
      errors: [{ line: 7, column: 15, endColumn: 24, message: 'runs through /bin/sh and calls wget' }],
    },
    {
      ...at,
      name: 'string form runs through sh: on the whole command',
      code: 'services:\n  api:\n    build: api\n    healthcheck:\n      test: /healthcheck || exit 1\n',
      errors: [{ line: 5, column: 13, endColumn: 35, message: 'has no sh' }],
    },
    {
      ...at,
      name: 'custom dockerfile, scratch through a parent stage, absolute program path, block list',
      code: 'services:\n  worker:\n    build:\n      context: ./worker\n      dockerfile: deploy/Go.Dockerfile\n    healthcheck:\n      test:\n        - CMD\n        - /bin/sh\n        - -c\n        - pgrep worker\n',
      errors: [{ line: 9, column: 11, endColumn: 18, message: 'worker/deploy/Go.Dockerfile' }],
    },
    {
      ...at,
      name: 'dockerfile_inline',
      code: 'services:\n  a:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM cgr.dev/chainguard/static\n    healthcheck:\n      test: ["CMD", "curl", "x"]\n',
      errors: [{ line: 8, column: 22, message: 'inline Dockerfile' }],
    },
    {
      ...at,
      name: 'pulled distroless image',
      code: 'services:\n  a:\n    image: gcr.io/distroless/static-debian12:nonroot\n    healthcheck:\n      test: ["CMD", "wget", "-q", "x"]\n',
      errors: [{ line: 5, column: 22, endColumn: 26, message: "its image 'gcr.io/distroless/static-debian12:nonroot'" }],
    },
    {
      ...at,
      name: 'healthcheck shared through an anchor, build context from a variable default',
      code: 'x-health: &health\n  healthcheck:\n    test: ["CMD", "curl", "-f", "localhost"]\nservices:\n  a:\n    <<: *health\n    build: ${A_CONTEXT:-./api}\n  b:\n    <<: *health\n    build: {context: api}\n',
      errors: [{ line: 3, column: 20, endColumn: 24, message: "services 'a' and 'b'" }],
    },
    {
      ...at,
      name: 'one anchored healthcheck, two minimal images: one finding per image',
      code: 'x-health: &health\n  test: ["CMD", "wget", "-q", "localhost"]\nservices:\n  api:\n    build: api\n    healthcheck: *health\n  worker:\n    build: {context: worker, dockerfile: deploy/Go.Dockerfile}\n    healthcheck: *health\n  web:\n    build: node\n    healthcheck: *health\n',
      errors: [
        { line: 2, column: 18, endColumn: 22, message: /service 'api' calls wget, but the image built from api\/Dockerfile/ },
        { line: 2, column: 18, endColumn: 22, message: /service 'worker' calls wget, but the image built from worker\/deploy\/Go.Dockerfile \(scratch\)/ },
      ],
    },
    {
      ...at,
      name: 'CRLF',
      code: 'services:\r\n  api:\r\n    build: ./api\r\n    healthcheck:\r\n      test: ["CMD", "curl", "x"]\r\n',
      errors: [{ line: 5, column: 22 }],
    },
  ],
});

describe('compose-healthcheck-in-minimal-image judges the Dockerfile the compose model gives it', () => {
  it('reads a Dockerfile through the model once for the services that share it, and never from disk itself', () => {
    const text = 'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "curl", "x"]\n  api2:\n    build: {context: api}\n    healthcheck:\n      test: ["CMD", "wget", "x"]\n';
    // No such folder on disk: only the reader knows this Dockerfile.
    const composePath = path.join(root, 'in-memory', 'compose.yaml');
    const dockerfile = path.join(root, 'in-memory', 'api', 'Dockerfile');
    const reads: string[] = [];
    const read = (absPath: string) => {
      reads.push(absPath);
      return absPath === dockerfile ? 'FROM golang:1.24 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n' : undefined;
    };
    const config = defaultConfig();
    const model = buildComposeModel(parseYamlFile(text), { filePath: composePath }, read)!;
    const reports: Report[] = [];
    composeHealthcheckInMinimalImage.check({ model, text, filePath: composePath, config, report: (r) => reports.push(r) });
    assert.deepEqual(reads, [dockerfile]);
    assert.deepEqual(
      reports.map((r) => [r.range.start.line, r.message.match(/calls (\w+), but the image built from (\S+)/)?.slice(1)]),
      [
        [4, ['curl', 'api/Dockerfile']],
        [8, ['wget', 'api/Dockerfile']],
      ],
    );
  });
});
