// A kustomize patch is partial by design: rules judge only the values it sets. It is recognised
// from any kustomization in its folder or a folder above whose patches reach it.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS } from '../corpusPath';
import { describeFinding, lint } from './helpers';
import { parseYamlFile } from '../../server/src/engine/yaml/document';
import { buildK8sModel } from '../../server/src/engine/yaml/k8s';

const argoPatch = fs.readFileSync(path.join(CORPUS, 'k8s/argoproj__argo-cd__manifests__ha__base__overlays__argocd-server-deployment.yaml'), 'utf8');

function layout(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-kustomize-parent-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('kustomize patches listed by a kustomization in a folder above', () => {
  it('argo-cd manifests/ha/base/kustomization.yaml lists overlays/argocd-server-deployment.yaml: a patch, no workload findings', () => {
    const root = layout({
      'manifests/ha/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../../base\npatches:\n- path: overlays/argocd-server-deployment.yaml\n- path: overlays/argocd-repo-server-deployment.yaml\n',
      'manifests/ha/base/overlays/argocd-server-deployment.yaml': argoPatch,
    });
    const file = path.join(root, 'manifests/ha/base/overlays/argocd-server-deployment.yaml');
    assert.deepEqual(lint(argoPatch, { filePath: file }).map(describeFinding), []);
  });

  it('patchesStrategicMerge two folders up, written with ./', () => {
    const root = layout({ 'kustomization.yml': 'patchesStrategicMerge:\n- ./deploy/overlays/prod/argocd-server-deployment.yaml\n' });
    const file = path.join(root, 'deploy/overlays/prod/argocd-server-deployment.yaml');
    assert.deepEqual(lint(argoPatch, { filePath: file }).map(describeFinding), []);
  });

  it('a kustomization above that lists the file as a resource, or lists another patch, does not make it one', () => {
    const root = layout({ 'kustomization.yaml': 'resources:\n- overlays/argocd-server-deployment.yaml\npatches:\n- path: overlays/other.yaml\n' });
    const ids = lint(argoPatch, { filePath: path.join(root, 'overlays/argocd-server-deployment.yaml') }).map((f) => f.ruleId);
    assert.ok(ids.includes('k8s-resources') && ids.includes('k8s-read-only-root-fs') && ids.includes('k8s-liveness-probe'), ids.join());
  });

  it('the walk stops at the repository root: a kustomization above the .git folder is not read', () => {
    const root = layout({
      'kustomization.yaml': 'patches:\n- path: repo/overlays/argocd-server-deployment.yaml\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
    });
    const ids = lint(argoPatch, { filePath: path.join(root, 'repo/overlays/argocd-server-deployment.yaml') }).map((f) => f.ruleId);
    assert.ok(ids.includes('k8s-resources'), ids.join());
  });

  it('a kustomization name that is a folder, or unreadable YAML, is no kustomization and does not throw', () => {
    const root = layout({ 'up/kustomization.yml': ': [\n', 'up/deploy/x.txt': '' });
    fs.mkdirSync(path.join(root, 'up/deploy/kustomization.yaml'));
    const ids = lint(argoPatch, { filePath: path.join(root, 'up/deploy/argocd-server-deployment.yaml') }).map((f) => f.ruleId);
    assert.ok(ids.includes('k8s-resources'), ids.join());
  });
});

describe('the Kubernetes model reads kustomizations through the lookup it is given', () => {
  it('an in-memory lookup makes the manifest a patch and gives its images overrides, with no file on disk', () => {
    const filePath = path.join(os.tmpdir(), 'no-such-folder', 'argocd-server-deployment.yaml');
    const asked: string[] = [];
    const images = [{ name: 'quay.io/argoproj/argocd', newTag: 'v2.12.3', file: 'kustomization.yaml' }];
    const lookup = {
      isPatch: (p: string) => (asked.push(`patch ${p}`), true),
      imagesFor: (p: string) => (asked.push(`images ${p}`), images),
    };
    const model = buildK8sModel(parseYamlFile(argoPatch), { filePath }, lookup)!;
    assert.deepEqual(asked, [`patch ${filePath}`, `images ${filePath}`]);
    assert.deepEqual(model.workloads.map((w) => [w.kind, w.partial]), [['Deployment', true]]);
    assert.equal(model.kustomizeImages, images);
  });
});
