import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverOwnImages, makefileImages, workflowImages } from '../../server/src/engine/own-images';
import { ConfigResolver } from '../../server/src/engine/config';
import { KNOWN_RULE_IDS } from '../../server/src/engine/lint';
import { makefile, workflow, workflowFileName } from '../../server/src/scaffold/templates/build';
import type { ServiceFacts } from '../../server/src/scaffold/types';
import { runLint } from '../../server/src/cli/lint';
import { writeWorkspace } from './service/helpers';

const facts: ServiceFacts = {
  modulePath: 'github.com/acme/payments-api',
  goVersion: '1.24',
  service: 'payments-api',
  mainPackage: 'cmd/payments-api',
  mainExists: true,
  mainWired: true,
  hasGoSum: true,
  image: 'ghcr.io/acme/payments-api',
  serviceDirFromRepoRoot: 'services/payments-api',
};

const deployment = (images: string[]) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payments-api}\nspec:\n  template:\n    spec:\n      containers:\n${images.map((image, i) => `      - name: c${i}\n        image: ${image}\n`).join('')}`;

describe('own images: what the service pushes', () => {
  it("the scaffolded Makefile's image", () => assert.deepEqual(makefileImages(makefile(facts)), ['ghcr.io/acme/payments-api']));
  it("the scaffolded workflow's image", () => assert.deepEqual(workflowImages(workflow(facts, '1.0.0')), ['ghcr.io/acme/payments-api']));

  it('Makefile shapes: -t, --tag=, docker push, docker tag, nested variables, continuations', () => {
    const text = 'REGISTRY := registry.example.com/team\nIMG ?= $(REGISTRY)/api\nWORKER = ${REGISTRY}/worker # the worker\nbuild:\n\tdocker build -t $(IMG):$(TAG) .\n\tdocker buildx build \\\n\t  --tag=$(WORKER):dev .\n\tdocker tag local/cli acme/cli:1\npush:\n\tdocker push $(IMG):$(TAG)\n\tdocker build -t $(UNKNOWN) .\n';
    assert.deepEqual(makefileImages(text).sort(), ['acme/cli', 'registry.example.com/team/api', 'registry.example.com/team/worker']);
  });

  it('workflow shapes: metadata-action images, a tags block, flow lists; tag rules are not images', () => {
    const text =
      'env:\n  REGISTRY: ghcr.io\n  NAME: acme/api\njobs:\n  b:\n    steps:\n      - uses: docker/metadata-action@v5\n        with:\n          images: |\n            ${{ env.REGISTRY }}/${{ env.NAME }}\n            docker.io/acme/api\n          tags: |\n            type=sha\n            type=semver,pattern={{version}}\n      - uses: docker/build-push-action@v6\n        with:\n          tags: [quay.io/acme/api:latest, "quay.io/acme/api:1"]\n';
    assert.deepEqual(workflowImages(text).sort(), ['acme/api', 'ghcr.io/acme/api', 'quay.io/acme/api']);
  });
});

describe('own images: k8s-image-tag in a repository', () => {
  const repo = () => {
    const dir = writeWorkspace({
      'services/payments-api/Makefile': makefile(facts),
      [`.github/workflows/${workflowFileName(facts)}`]: workflow(facts, '1.0.0'),
      'services/payments-api/deploy/deployment.yaml': deployment(['ghcr.io/acme/payments-api:1.4.2', 'redis:8.10.1-alpine', 'ghcr.io/dexidp/dex:v2.45.1', 'redis']),
    });
    fs.mkdirSync(path.join(dir, '.git'));
    return dir;
  };

  it('the config resolver fills in the pushed images when ownImages is not set', () => {
    const dir = repo();
    const resolver = new ConfigResolver(KNOWN_RULE_IDS);
    assert.deepEqual(resolver.forFile(path.join(dir, 'services/payments-api/deploy/deployment.yaml')).ownImages, ['ghcr.io/acme/payments-api']);
    // At the root: the workflow (in the root's .github) is seen, the service's Makefile below is not.
    assert.ok(fs.existsSync(path.join(dir, '.github/workflows')));
    assert.deepEqual(discoverOwnImages(path.join(dir, 'elsewhere.yaml')), ['ghcr.io/acme/payments-api']);
    // Outside any repository with a Makefile or workflow: nothing is known to be the service's own.
    assert.deepEqual(discoverOwnImages(path.join(writeWorkspace({ 'k.yaml': '' }), 'k.yaml')), []);
  });

  it('ownImages in the config file wins over what is found', () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, '.container-standard.yaml'), 'ownImages:\n  - redis\n');
    const resolver = new ConfigResolver(KNOWN_RULE_IDS);
    assert.deepEqual(resolver.forFile(path.join(dir, 'services/payments-api/deploy/deployment.yaml')).ownImages, ['redis']);
  });

  it('lint: the own image off the scheme warns, pinned third-party images do not, untagged stays an error', () => {
    const dir = repo();
    let stdout = '';
    runLint(['--format', 'json', '--rule', 'k8s-image-tag', 'services/payments-api/deploy/deployment.yaml'], { stdout: (s) => (stdout += s), stderr: () => {}, readStdin: () => '', cwd: dir, color: false, version: '0.0.0-test' });
    const messages = (JSON.parse(stdout) as { messages: { line: number; severity: string }[] }[]).flatMap((r) => r.messages.map((m) => `${m.line} ${m.severity}`));
    assert.deepEqual(messages, ['9 warning', '15 error']);
  });
});
