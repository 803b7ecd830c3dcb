import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from './helpers';
import { DOCKER_EXTENSION_IDS } from '../../server/src/protocol';

const ids = (text: string, filePath = 'Dockerfile', rules?: string[]) => lint(text, { filePath, rules }).map((f) => f.ruleId);

describe("BuildKit's # check=skip directive", () => {
  const shellEntrypoint = 'FROM alpine:3.20\nENTRYPOINT /app\n';
  it('without it, a shell-form ENTRYPOINT is reported', () => {
    assert.ok(ids(shellEntrypoint, 'Dockerfile', ['exec-form-entrypoint']).includes('exec-form-entrypoint'));
  });
  it('check=skip=JSONArgsRecommended silences exec-form-entrypoint', () => {
    assert.deepEqual(ids(`# check=skip=JSONArgsRecommended\n${shellEntrypoint}`, 'Dockerfile', ['exec-form-entrypoint']), []);
  });
  it('after # syntax=, with several checks and error=true', () => {
    const text = `# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing,SecretsUsedInArgOrEnv;error=true\nFROM alpine:3.20\nENV DB_PASSWORD=hunter2\n`;
    assert.deepEqual(ids(text, 'Dockerfile', ['no-secrets-in-image']), []);
    assert.deepEqual(ids(text.replace('SecretsUsedInArgOrEnv', 'StageNameCasing'), 'Dockerfile', ['no-secrets-in-image']), ['no-secrets-in-image']);
  });
  it('skip=all silences every rule with a BuildKit equivalent, and only those', () => {
    const found = ids(`# check=skip=all\n${shellEntrypoint}ENV API_TOKEN=x\n`, 'Dockerfile', ['exec-form-entrypoint', 'no-secrets-in-image', 'runtime-nonroot-user']);
    assert.deepEqual(found, ['runtime-nonroot-user']);
  });
  it('is a parser directive: below an instruction or another comment it is only a comment', () => {
    assert.deepEqual(ids(`FROM alpine:3.20\n# check=skip=JSONArgsRecommended\nENTRYPOINT /app\n`, 'Dockerfile', ['exec-form-entrypoint']), ['exec-form-entrypoint']);
    assert.deepEqual(ids(`# a comment\n# check=skip=JSONArgsRecommended\n${shellEntrypoint}`, 'Dockerfile', ['exec-form-entrypoint']), ['exec-form-entrypoint']);
  });
});

describe('peer annotations: kube-linter.io/ignore-all and kube-score/ignore', () => {
  const deployment = (annotations: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n${annotations}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:latest\n`;
  const rules = ['k8s-resources', 'k8s-image-tag', 'k8s-liveness-probe', 'k8s-seccomp-profile'];
  it('without them, the rules report', () => {
    assert.deepEqual([...new Set(ids(deployment('    owner: team-a'), 'deploy.yaml', rules))].sort(), [...rules].sort());
  });
  it('kube-linter.io/ignore-all silences the rules with a kube-linter equivalent', () => {
    assert.deepEqual([...new Set(ids(deployment('    kube-linter.io/ignore-all: "legacy"'), 'deploy.yaml', rules))], ['k8s-seccomp-profile']);
  });
  it('kube-score/ignore silences the rules of the checks it lists', () => {
    const found = new Set(ids(deployment('    kube-score/ignore: container-resources, container-image-tag,pod-networkpolicy'), 'deploy.yaml', rules));
    assert.deepEqual([...found].sort(), ['k8s-liveness-probe', 'k8s-seccomp-profile']);
  });
});

describe('Chainguard images exist only as latest: the tag rules ask for a digest', () => {
  it('no-latest-tag', () => {
    const [f] = lint('FROM cgr.dev/chainguard/static\n', { rules: ['no-latest-tag'] });
    assert.match(f.message, /Pin a digest \(cgr\.dev\/chainguard\/static@sha256:…\): Chainguard's free images are published only as 'latest'/);
    const [other] = lint('FROM alpine\n', { rules: ['no-latest-tag'] });
    assert.match(other.message, /Pin a version tag or a digest\.$/);
  });
  it('k8s-image-tag', () => {
    const [f] = lint('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: cgr.dev/chainguard/static:latest\n', { filePath: 'pod.yaml', rules: ['k8s-image-tag'] });
    assert.match(f.message, /Pin a digest \(cgr\.dev\/chainguard\/static@sha256:…\)/);
  });
  it('compose-image-tag', () => {
    const [f] = lint('services:\n  a:\n    image: cgr.dev/chainguard/static\n', { filePath: 'compose.yaml', rules: ['compose-image-tag'] });
    assert.match(f.message, /Pin a digest/);
  });
});

describe('distroless static-debian13', () => {
  it('is an allowed runtime image beside static-debian12', () => {
    for (const image of ['gcr.io/distroless/static-debian13:nonroot', 'gcr.io/distroless/static-debian12:nonroot']) {
      const text = `FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /app .\nFROM ${image}\nCOPY --from=build /app /app\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n`;
      assert.deepEqual(ids(text, 'Dockerfile', ['runtime-distroless-nonroot', 'runtime-nonroot-user']), [], image);
    }
  });
});

describe('syntax diagnostics and overlapping extensions', () => {
  it("Microsoft's Container Tools extension turns our Dockerfile syntax diagnostics off in auto mode", () => {
    assert.ok(DOCKER_EXTENSION_IDS.includes('ms-azuretools.vscode-containers'));
  });
});
