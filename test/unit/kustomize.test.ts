import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLint } from '../../server/src/cli/lint';
import { lint, ruleTester } from './helpers';

const K = 'overlays/prod/kustomization.yaml';
const head = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n';

ruleTester('k8s-image-tag', {
  valid: [
    { name: 'a release tag', filePath: K, code: `${head}images:\n  - name: ghcr.io/acme/app\n    newTag: 3f9c2ab-v1.4.2\n` },
    { name: 'a digest wins over newTag', filePath: K, code: `${head}images:\n  - name: ghcr.io/acme/app\n    newTag: latest\n    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n` },
    { name: 'newName only keeps the base tag', filePath: K, code: `${head}images:\n  - name: app\n    newName: ghcr.io/acme/app\n` },
    { name: 'a variable is not judged', filePath: K, code: `${head}images:\n  - name: app\n    newTag: \${TAG}\n` },
    { name: 'a kustomization without apiVersion and kind', filePath: 'kustomization.yml', code: 'resources: [a.yaml]\nimages:\n  - name: app\n    newTag: 3f9c2ab-v1.4.2\n' },
    { name: 'a release tag in a file named Kustomization', filePath: 'overlays/Kustomization', code: 'images:\n  - name: app\n    newTag: 3f9c2ab-v1.4.2\n' },
  ],
  invalid: [
    {
      name: 'newTag: latest, at its value',
      filePath: K,
      code: `${head}images:\n  - name: ghcr.io/acme/app\n    newTag: latest\n`,
      errors: [{ line: 7, column: 13, endColumn: 19, severity: 'error', message: "The images entry for 'ghcr.io/acme/app' sets newTag 'latest'" }],
      output: null,
    },
    {
      name: 'a tag off the release scheme (a number, flow style, with newName)',
      filePath: 'kustomization.yaml',
      code: 'images: [{name: app, newName: ghcr.io/acme/app, newTag: 1.2}]\n',
      config: { ownImages: ['ghcr.io/acme/*'] },
      errors: [{ line: 1, column: 57, severity: 'warning', message: "sets newTag '1.2'" }],
    },
    {
      name: 'a file named Kustomization (no extension) is a kustomization too',
      filePath: 'overlays/prod/Kustomization',
      code: 'images:\n  - name: app\n    newTag: latest\n',
      errors: [{ line: 3, column: 13 }],
    },
    {
      name: 'several entries, each at its own line',
      filePath: K,
      code: `${head}images:\n  - name: a\n    newTag: latest\n  - name: b\n    newTag: v1\n`,
      config: { ownImages: ['b'] },
      errors: [{ line: 7, severity: 'error' }, { line: 9, severity: 'warning' }],
    },
    {
      name: 'a third-party image off the release scheme: no finding; latest still is one (ownImages names only ours)',
      filePath: K,
      code: `${head}images:\n  - name: redis\n    newTag: 8.10.1-alpine\n  - name: ghcr.io/dexidp/dex\n    newTag: latest\n`,
      config: { ownImages: ['ghcr.io/acme/*'] },
      errors: [{ line: 9, severity: 'error' }],
    },
  ],
});

describe('CLI: a kustomize overlay that sets newTag: latest', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-kustomize-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('base/kustomization.yaml', 'resources: [deployment.yaml]\n');
    write('base/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/app:3f9c2ab-v1.4.2\n');
    write(K, `${head}images:\n  - name: ghcr.io/acme/app\n    newTag: latest\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports it in the overlay, at the newTag line', () => {
    let stdout = '';
    const code = runLint(['--format', 'json', '--rule', 'k8s-image-tag', '.'], { stdout: (s) => (stdout += s), stderr: () => undefined, readStdin: () => '', cwd: dir, color: false, version: 't' });
    const reports = (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[]).filter((r) => r.messages.length);
    assert.deepEqual(reports.map((r) => [r.filePath, r.messages.map((m) => m.line)]), [[K, [7]]]);
    assert.equal(code, 1);
  });
});

describe("a kustomization's helmCharts", () => {
  it('gets one info notice at the key: the charts are not inflated here', () => {
    const found = lint('helmCharts:\n  - name: redis\n    repo: https://charts.bitnami.com/bitnami\n    version: 19.0.0\nresources: [a.yaml]\n', { filePath: 'kustomization.yaml' });
    assert.deepEqual(found.map((f) => [f.ruleId, f.severity, f.range.start.line]), [['chart-not-rendered', 'info', 0]]);
    assert.match(found[0].message, /--enable-helm/);
  });
});

// Not a rule-tester case: the tester refuses YAML the engine does not check, and that is the point here.
it('images: in a file that is not a kustomization (values.yaml) are not kustomize entries: no finding at all', () => {
  assert.deepEqual(lint('images:\n  - name: app\n    newTag: latest\n', { filePath: 'values.yaml' }), []);
  assert.equal(lint('images:\n  - name: app\n    newTag: latest\n', { filePath: 'kustomization.yaml' }).filter((f) => f.ruleId === 'k8s-image-tag').length, 1, 'the same text as a kustomization is judged');
});
