import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lint, fix, describeFinding } from './helpers';
import * as os from 'node:os';
import { LineIndex } from '../../server/src/engine/text';
import { CORPUS as CORPUS_ROOT } from '../corpusPath';

const CORPUS = CORPUS_ROOT;
const K8S_RULES = new Set(
  fs.readdirSync(path.resolve(__dirname, '../../server/src/engine/rules/k8s')).map((f) => f.replace(/\.ts$/, '')),
);

interface CorpusFile {
  name: string;
  lintPath: string;
  text: string;
}

function files(folder: string): CorpusFile[] {
  const dir = path.join(CORPUS, folder);
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ name: `${folder}/${f}`, lintPath: f.split('__').pop()!, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

function parses(text: string): boolean {
  return parseAllDocuments(text, { merge: true, uniqueKeys: false }).every((d) => d.errors.length === 0);
}

function toJS(text: string): unknown[] {
  return parseAllDocuments(text, { merge: true, uniqueKeys: false }).map((d) => d.toJS({ maxAliasCount: -1 }));
}

/** Keys the k8s fixes add or rewrite; everything else must mean the same after fix-all. */
const FIXED_KEYS = new Set([
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'securityContext',
  'terminationGracePeriodSeconds',
]);

function withoutFixedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutFixedKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const isEnvEntry = 'name' in value && ('value' in value || 'valueFrom' in value);
    for (const [k, v] of Object.entries(value)) {
      if (FIXED_KEYS.has(k)) continue;
      if (isEnvEntry && (k === 'value' || k === 'valueFrom')) continue;
      out[k] = withoutFixedKeys(v);
    }
    return out;
  }
  return value;
}

function rangeProblems(text: string, ranges: { ruleId: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]): string[] {
  const index = new LineIndex(text);
  const problems: string[] = [];
  for (const f of ranges) {
    for (const p of [f.range.start, f.range.end]) {
      if (p.line < 0 || p.line >= index.lineCount || p.character < 0 || p.character > index.lineText(p.line).length) {
        problems.push(`${f.ruleId} ${p.line}:${p.character}`);
      }
    }
  }
  return problems;
}

describe('k8s rules over the corpus', () => {
  for (const f of [...files('k8s'), ...files('k8s-helm')]) {
    it(`${f.name}: lints without a crash; fix-all keeps it parsing, meaning the same and stable`, () => {
      const before = lint(f.text, { filePath: f.lintPath });
      assert.deepEqual(before.filter((x) => x.ruleId === 'internal-error').map(describeFinding), []);
      assert.deepEqual(rangeProblems(f.text, before), []);
      if (f.name.startsWith('k8s-helm/')) {
        // Unrendered templates do not parse: they are skipped, not reported as broken YAML.
        assert.deepEqual(before.map(describeFinding), []);
        return;
      }
      const fixed = fix(f.text, { filePath: f.lintPath });
      if (!parses(f.text)) {
        assert.equal(fixed, f.text);
        return;
      }
      assert.ok(parses(fixed), 'fix-all broke the YAML');
      assert.deepEqual(withoutFixedKeys(toJS(fixed)), withoutFixedKeys(toJS(f.text)), 'fix-all changed more than the fixed keys');
      const after = lint(fixed, { filePath: f.lintPath });
      assert.deepEqual(after.filter((x) => x.fix && K8S_RULES.has(x.ruleId)).map(describeFinding), [], 'fixable k8s findings remain');
      const had = new Set(before.map((x) => x.ruleId));
      assert.deepEqual([...new Set(after.map((x) => x.ruleId))].filter((id) => !had.has(id)), [], 'fix-all introduced findings of new rules');
      assert.equal(fix(fixed, { filePath: f.lintPath }), fixed, 'a second fix-all changed the text');
      if (f.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), 'a CRLF file gained bare LF line breaks');
    });
  }

  it('finds what the standard expects in well-known files', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'k8s/FairwindsOps__polaris__test__checks__livenessProbeMissing__failure.yaml'), 'utf8');
    const ids = new Set(lint(text, { filePath: 'pod.yaml' }).map((x) => x.ruleId));
    assert.ok(ids.has('k8s-liveness-probe'));
    const hardened = fs.readFileSync(path.join(CORPUS, 'k8s/kubernetes-sigs__kubebuilder__testdata__project-v4__config__manager__manager.yaml'), 'utf8');
    const found = lint(hardened, { filePath: 'manager.yaml' }).map((x) => x.ruleId);
    for (const id of ['k8s-read-only-root-fs', 'k8s-no-privilege-escalation', 'k8s-run-as-non-root', 'k8s-drop-capabilities', 'k8s-seccomp-profile']) {
      assert.ok(!found.includes(id), `${id} fired on the hardened kubebuilder manager`);
    }
  });
});

describe('fix-all on Kubernetes manifests', () => {
  const bare = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: registry.example.com/api:3f9c2ab-v1.4.2
        ports:
        - name: http
          containerPort: 8080
`;

  it('turns a bare Deployment into what a person would write, in one securityContext block', () => {
    const fixed = fix(bare, { filePath: 'deploy.yaml' });
    assert.equal(
      fixed,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: api
        image: registry.example.com/api:3f9c2ab-v1.4.2
        ports:
        - name: http
          containerPort: 8080
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 512Mi
        livenessProbe:
          httpGet:
            path: /health
            port: http
        readinessProbe:
          httpGet:
            path: /ready
            port: http
        securityContext:
          runAsNonRoot: true
          runAsUser: 65532
          readOnlyRootFilesystem: true
          allowPrivilegeEscalation: false
          capabilities:
            drop:
            - ALL
`,
    );
    assert.deepEqual(lint(fixed, { filePath: 'deploy.yaml' }).map(describeFinding), []);
  });

  it('converges on CRLF, indented sequences and several containers at once', () => {
    // The second container declares its port: without one, the probe rules offer no fix (no port is invented).
    const text = bare.replace('      - name: api', '      - name: init\n        image: init:0a1b2c3-v1.0.0\n        ports:\n        - containerPort: 9090\n      - name: api').replace(/\n/g, '\r\n');
    const fixed = fix(text, { filePath: 'deploy.yaml' });
    assert.ok(!/[^\r]\n/.test(fixed));
    assert.equal((fixed.match(/securityContext:/g) ?? []).length, 3);
    assert.deepEqual(lint(fixed, { filePath: 'deploy.yaml' }).map(describeFinding), []);
    assert.equal(fix(fixed, { filePath: 'deploy.yaml' }), fixed);
  });

  it('skips unrendered Helm templates and does not judge templated values that parse', () => {
    const helm = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n      - name: x\n        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n        {{- toYaml .Values.resources | nindent 8 }}\n';
    assert.deepEqual(lint(helm, { filePath: 'templates/deployment.yaml' }).map(describeFinding), []);
    const quoted = 'apiVersion: v1\nkind: Pod\nmetadata: {name: "{{NAME}}"}\nspec:\n  containers:\n  - name: app\n    image: "{{IMAGE}}"\n';
    assert.deepEqual(lint(quoted, { filePath: 'pod.yaml', rules: ['k8s-image-tag'] }).map(describeFinding), []);
    assert.equal(lint(quoted, { filePath: 'pod.yaml', rules: ['k8s-resources'] }).length, 1);
  });

  it('reports nothing a kustomize patch leaves out, in patches, patchesStrategicMerge and patchesJson6902 alike', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-kustomize-'));
    fs.writeFileSync(
      path.join(dir, 'kustomization.yml'),
      'resources: [deploy.yaml]\npatchesStrategicMerge:\n- replicas.yaml\npatches:\n- path: ./env.yaml\n',
    );
    const partial = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 5\n      containers:\n      - name: api\n        image: api:latest\n';
    for (const name of ['replicas.yaml', 'env.yaml']) {
      const ids = lint(partial, { filePath: path.join(dir, name) }).map((x) => x.ruleId);
      assert.deepEqual(ids.sort(), ['k8s-image-tag', 'k8s-termination-grace'], name);
    }
    const full = lint(partial, { filePath: path.join(dir, 'deploy.yaml') }).map((x) => x.ruleId);
    assert.ok(full.includes('k8s-resources') && full.includes('k8s-liveness-probe'));
  });

  it('judges the real argo-cd HA overlay as a patch only when a kustomization lists it', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'k8s/argoproj__argo-cd__manifests__ha__base__overlays__argocd-server-deployment.yaml'), 'utf8');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-argo-'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- ../../base\npatchesStrategicMerge:\n- argocd-server-deployment.yaml\n');
    assert.deepEqual(lint(text, { filePath: path.join(dir, 'argocd-server-deployment.yaml') }).map(describeFinding), []);
    const alone = lint(text, { filePath: 'argocd-server-deployment.yaml' }).map((x) => x.ruleId);
    assert.ok(alone.includes('k8s-resources') && alone.includes('k8s-read-only-root-fs'));
  });

  it('handles empty documents, quoted keys, kind: List and non-workload kinds', () => {
    const text = '---\n---\n# only a comment\n---\n"apiVersion": v1\n"kind": "List"\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    "containers":\n    - "name": "p"\n      "image": "p:latest"\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n...\n';
    const found = lint(text, { filePath: 'list.yaml', rules: ['k8s-image-tag'] });
    assert.deepEqual(found.map((x) => [x.ruleId, x.range.start.line + 1, x.severity]), [['k8s-image-tag', 14, 'error']]);
  });
});
