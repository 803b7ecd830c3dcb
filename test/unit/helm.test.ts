// Helm charts. The tests that render use the helm binary that scripts/helm-install.mjs builds
// (`go install helm.sh/helm/v3/cmd/helm@v3.22.1`, cached outside the repo) on first use.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLint } from '../../server/src/cli/lint';
import { chartRootOf, findHelm, lintChartSync, renderError } from '../../server/src/engine/helm';
import { locateInTemplate, splitRendered, valuesRefsAt } from '../../server/src/engine/helm/map';
import { defaultConfig } from '../../server/src/engine/config';
import { CORPUS } from '../corpusPath';
import { spawnSync } from 'node:child_process';

/** Runs scripts/helm-install.mjs (builds helm on first use, then answers from the cache): the binary's path. */
function ensureHelm(): string {
  const r = spawnSync(process.execPath, [path.join(__dirname, '../../scripts/helm-install.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`scripts/helm-install.mjs failed (${r.status ?? r.error})`);
  return r.stdout.trim();
}

interface JsonMessage {
  ruleId: string;
  line: number;
  column: number;
  message: string;
  fix?: { title: string; safety?: string };
  related?: { filePath: string; line: number; column: number; message: string }[];
}
interface JsonReport {
  filePath: string;
  messages: JsonMessage[];
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

function lintJson(args: string[], cwd: string): { code: number; reports: JsonReport[]; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runLint(['--format', 'json', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => '', cwd, color: false, version: 't' });
  return { code, reports: (JSON.parse(stdout) as JsonReport[]).filter((r) => r.messages.length > 0), stderr };
}

const CHART = 'apiVersion: v2\nname: payin\nversion: 0.1.0\nappVersion: "1.0.0"\n';
const HELPERS = [
  '{{- define "payin.fullname" -}}',
  '{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}',
  '{{- end }}',
  '{{- define "payin.labels" -}}',
  'app.kubernetes.io/name: {{ .Chart.Name }}',
  '{{- end }}',
  '',
].join('\n');
const DEPLOYMENT = [
  'apiVersion: apps/v1', // 1
  'kind: Deployment',
  'metadata:',
  '  name: {{ include "payin.fullname" . }}',
  '  labels:', // 5
  '    {{- include "payin.labels" . | nindent 4 }}',
  'spec:',
  '  replicas: {{ .Values.replicaCount }}',
  '  selector:',
  '    matchLabels:', // 10
  '      {{- include "payin.labels" . | nindent 6 }}',
  '  template:',
  '    metadata:',
  '      labels:',
  '        {{- include "payin.labels" . | nindent 8 }}', // 15
  '    spec:',
  '      containers:',
  '        - name: {{ .Chart.Name }}',
  '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
  '          ports:', // 20
  '            - name: http',
  '              containerPort: 8080',
  '          {{- if .Values.probes }}',
  '          livenessProbe:',
  '            httpGet: {path: /health, port: http}', // 25
  '          readinessProbe:',
  '            httpGet: {path: /ready, port: http}',
  '          {{- end }}',
  '          securityContext:',
  '            {{- toYaml .Values.securityContext | nindent 12 }}', // 30
  '          resources:',
  '            {{- toYaml .Values.resources | nindent 12 }}',
  '',
].join('\n');
const VALUES = [
  'replicaCount: 1', // 1
  'image:',
  '  repository: ghcr.io/acme/payin',
  '  tag: latest',
  'resources: {}', // 5
  'securityContext:',
  '  runAsNonRoot: true',
  '  runAsUser: 65532',
  '  readOnlyRootFilesystem: true',
  '  allowPrivilegeEscalation: false', // 10
  '  capabilities:',
  '    drop: [ALL]',
  '  seccompProfile:',
  '    type: RuntimeDefault',
  'probes: true', // 15
  '',
].join('\n');
const payinChart = (prefix: string): Record<string, string> => ({
  [`${prefix}/Chart.yaml`]: CHART,
  [`${prefix}/values.yaml`]: VALUES,
  [`${prefix}/templates/_helpers.tpl`]: HELPERS,
  [`${prefix}/templates/deployment.yaml`]: DEPLOYMENT,
});

describe('Helm: mapping rendered output back to the chart (no helm needed)', () => {
  it('splits helm template output by # Source:, joining the documents of one template', () => {
    const out = '---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\nkind: B\n---\n# Source: c/templates/a.yaml\nkind: A2\n';
    assert.deepEqual(splitRendered(out), [
      { source: 'c/templates/a.yaml', text: 'kind: A\n---\nkind: A2\n' },
      { source: 'c/templates/b.yaml', text: 'kind: B\n' },
    ]);
  });
  it('finds the template line of a key path, through items and template actions', () => {
    assert.deepEqual(locateInTemplate(DEPLOYMENT, ['spec', 'template', 'spec', 'containers', 0, 'image']), { line: 18, matched: 6 });
    assert.deepEqual(locateInTemplate(DEPLOYMENT, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits']), { line: 30, matched: 6 });
    assert.deepEqual(locateInTemplate(DEPLOYMENT, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort']), { line: 21, matched: 8 });
    // A key that only a helper writes: the deepest key the template has.
    assert.deepEqual(locateInTemplate(DEPLOYMENT, ['metadata', 'labels', 'app.kubernetes.io/name']), { line: 4, matched: 2 });
  });
  it('reads the .Values references of a key and of the template lines under it', () => {
    assert.deepEqual(valuesRefsAt(DEPLOYMENT, 18), [['image', 'repository'], ['image', 'tag']]);
    assert.deepEqual(valuesRefsAt(DEPLOYMENT, 30), [['resources']]);
    assert.deepEqual(valuesRefsAt(DEPLOYMENT, 17), []);
  });
  it("puts a render error at the file and line of helm's message", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-helm-err-'));
    try {
      write(dir, payinChart('payin'));
      const chart = path.join(dir, 'payin');
      const nilPointer = renderError(chart, 'Error: template: payin/templates/deployment.yaml:8:22: executing "payin/templates/deployment.yaml" at <.Values.scale.replicas>: nil pointer evaluating interface {}.replicas\n\nUse --debug flag to render out invalid YAML\n');
      assert.equal(nilPointer.file, path.join(chart, 'templates/deployment.yaml'));
      assert.deepEqual(nilPointer.range.start, { line: 7, character: 21 });
      assert.equal(nilPointer.ruleId, 'chart-render-error');
      assert.ok(!nilPointer.message.includes('--debug'), nilPointer.message);
      const parse = renderError(chart, 'Error: parse error at (payin/templates/_helpers.tpl:2): missing value for if\n');
      assert.deepEqual([path.basename(parse.file), parse.range.start.line], ['_helpers.tpl', 1]);
      const yaml = renderError(chart, "Error: YAML parse error on payin/templates/deployment.yaml: error converting YAML to JSON: yaml: line 11: did not find expected ',' or ']'\n");
      assert.deepEqual([path.basename(yaml.file), yaml.range.start.line], ['deployment.yaml', 0]);
      assert.match(yaml.message, /line 11/);
      const other = renderError(chart, 'Error: validation: chart.metadata.name is required\n');
      assert.equal(other.file, path.join(chart, 'Chart.yaml'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('knows which files belong to a chart', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-helm-root-'));
    try {
      write(dir, { ...payinChart('payin'), 'payin/ci/notes.yaml': 'a: 1\n', 'templates/x.yaml': 'a: 1\n' });
      const chart = path.join(dir, 'payin');
      assert.equal(chartRootOf(path.join(chart, 'templates/deployment.yaml')), chart);
      assert.equal(chartRootOf(path.join(chart, 'values.yaml')), chart);
      assert.equal(chartRootOf(path.join(chart, 'ci/notes.yaml')), undefined);
      assert.equal(chartRootOf(path.join(dir, 'templates/x.yaml')), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Helm: without helm', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-helm-none-'));
    write(dir, { ...payinChart('payin'), '.container-standard.yaml': 'helm:\n  path: ./no-such-helm\n' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('one info finding on Chart.yaml says the chart was not checked and how to enable it', () => {
    const { reports } = lintJson(['.'], dir);
    assert.deepEqual(reports.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line])]), [['payin/Chart.yaml', [['chart-not-rendered', 1]]]]);
    const [m] = reports[0].messages;
    assert.match(m.message, /Helm chart 'payin' was not checked/);
    assert.match(m.message, /helm\.path '.*no-such-helm' is not an executable file/);
    assert.match(m.message, /goContainerStandard\.helm\.path/);
  });
  it('finds no helm on an empty PATH', () => {
    assert.equal(findHelm(undefined, ''), undefined);
  });
  it('unrendered templates outside a chart stay skipped', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-helm-loose-'));
    try {
      write(other, { 'templates/deployment.yaml': DEPLOYMENT });
      assert.deepEqual(lintJson(['.'], other).reports, []);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('Helm: rendered with helm template', () => {
  let helm: string;
  let dir: string;
  const config = (extra = '') => `helm:\n  path: ${JSON.stringify(helm)}\n${extra}`;
  before(() => {
    helm = ensureHelm();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-helm-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fresh = (name: string, files: Record<string, string>): string => {
    const root = path.join(dir, name);
    write(root, files);
    return root;
  };

  it('reports the latest tag and the empty resources in values.yaml, with the template line as related information', () => {
    const root = fresh('basic', { '.container-standard.yaml': config(), ...payinChart('payin') });
    const { reports, code } = lintJson(['.'], root);
    assert.deepEqual(
      reports.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line, m.column])]),
      [['payin/values.yaml', [['k8s-image-tag', 4, 8], ['k8s-resources', 5, 1]]]],
    );
    const [tag, resources] = reports[0].messages;
    assert.match(tag.message, /uses 'ghcr\.io\/acme\/payin:latest', tagged 'latest'.*\(rendered by templates\/deployment\.yaml:19 from \.Values\.image\.tag\)/);
    assert.deepEqual(tag.related, [{ filePath: 'payin/templates/deployment.yaml', line: 19, column: 11, message: '.Values.image.tag is rendered here' }]);
    assert.equal(tag.fix, undefined);
    assert.match(resources.fix!.title, /in values\.yaml$/);
    assert.equal(resources.fix!.safety, 'unsafe', "the k8s-resources fix's own safety");
    assert.equal(code, 1);
  });

  it('--fix --unsafe-fixes writes the resources into values.yaml, and the chart renders clean of them; --fix alone keeps that unsafe fix', () => {
    const root = fresh('fix', { '.container-standard.yaml': config(), ...payinChart('payin') });
    lintJson(['--fix', '.'], root);
    assert.equal(fs.readFileSync(path.join(root, 'payin/values.yaml'), 'utf8'), VALUES, 'the resources fix keeps the safety of the rule it comes from (unsafe)');
    lintJson(['--fix', '--unsafe-fixes', '.'], root);
    const values = fs.readFileSync(path.join(root, 'payin/values.yaml'), 'utf8');
    assert.match(values, /^resources:\n {2}requests:\n {4}cpu: 100m\n {4}memory: 128Mi\n {2}limits:\n {4}cpu: 500m\n {4}memory: 512Mi\nsecurityContext:/m);
    const { reports } = lintJson(['.'], root);
    assert.deepEqual(reports.flatMap((r) => r.messages.map((m) => m.ruleId)), ['k8s-image-tag']);
  });

  it('a conditional turned off by a value file the config names: the missing probes are reported at the template keys it leaves out', () => {
    const root = fresh('cond', { '.container-standard.yaml': config('  valueFiles: [values-prod.yaml]\n'), ...payinChart('payin'), 'payin/values-prod.yaml': 'probes: false\nimage:\n  tag: 3f9c2ab-v1.4.2\nresources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 64Mi}}\n' });
    const { reports } = lintJson(['.'], root);
    assert.deepEqual(
      reports.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line])]),
      [['payin/templates/deployment.yaml', [['k8s-liveness-probe', 24], ['k8s-readiness-probe', 26]]]],
    );
  });

  it('a literal value in a template is reported at its template line, with no fix', () => {
    const root = fresh('literal', { '.container-standard.yaml': config(), ...payinChart('payin') });
    fs.writeFileSync(path.join(root, 'payin/templates/deployment.yaml'), DEPLOYMENT.replace(/image: .*/, 'image: nginx:latest'));
    fs.writeFileSync(path.join(root, 'payin/values.yaml'), VALUES.replace('resources: {}', 'resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}'));
    const { reports } = lintJson(['.'], root);
    assert.deepEqual(reports.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line, m.column, !!m.fix])]), [['payin/templates/deployment.yaml', [['k8s-image-tag', 19, 11, false]]]]);
  });

  it('subcharts: their own values.yaml, or the parent values that override them', () => {
    const sub = (tag: string) => ({
      'shop/charts/worker/Chart.yaml': CHART.replace('payin', 'worker'),
      'shop/charts/worker/values.yaml': VALUES.replace('tag: latest', `tag: ${tag}`).replace('resources: {}', 'resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}'),
      'shop/charts/worker/templates/_helpers.tpl': HELPERS.replace(/payin/g, 'worker'),
      'shop/charts/worker/templates/deployment.yaml': DEPLOYMENT.replace(/payin/g, 'worker'),
    });
    const parent = { 'shop/Chart.yaml': CHART.replace('payin', 'shop'), 'shop/templates/NOTES.txt': 'shop\n' };
    const own = fresh('sub-own', { '.container-standard.yaml': config(), ...parent, 'shop/values.yaml': '{}\n', ...sub('latest') });
    assert.deepEqual(
      lintJson(['.'], own).reports.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line])]),
      [['shop/charts/worker/values.yaml', [['k8s-image-tag', 4]]]],
    );
    const overridden = fresh('sub-parent', { '.container-standard.yaml': config(), ...parent, 'shop/values.yaml': 'worker:\n  image:\n    tag: latest\n', ...sub('3f9c2ab-v1.4.2') });
    assert.deepEqual(
      lintJson(['.'], overridden).reports.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line, m.column])]),
      [['shop/values.yaml', [['k8s-image-tag', 3, 10]]]],
    );
  });

  it('a render error is one finding at the file and line helm names', () => {
    const root = fresh('error', { '.container-standard.yaml': config(), ...payinChart('payin') });
    fs.writeFileSync(path.join(root, 'payin/templates/deployment.yaml'), DEPLOYMENT.replace('{{ .Values.replicaCount }}', '{{ .Values.scale.replicas }}'));
    const { reports } = lintJson(['.'], root);
    assert.deepEqual(reports.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line, m.column])]), [['payin/templates/deployment.yaml', [['chart-render-error', 8, 22]]]]);
    assert.match(reports[0].messages[0].message, /nil pointer evaluating interface \{\}\.replicas/);
  });

  it("the chart `helm create` makes, with tag: latest: findings on values.yaml keys, through `with` blocks; --fix edits values.yaml", () => {
    const root = path.join(dir, 'created');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, '.container-standard.yaml'), config());
    const made = spawnSync(helm, ['create', 'payin'], { cwd: root, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const valuesPath = path.join(root, 'payin/values.yaml');
    const original = fs.readFileSync(valuesPath, 'utf8').replace(/^ {2}tag: ""/m, '  tag: latest');
    fs.writeFileSync(valuesPath, original);
    const line = (re: RegExp) => original.split('\n').findIndex((l) => re.test(l)) + 1;
    const { reports } = lintJson(['.'], root);
    const values = reports.find((r) => r.filePath === 'payin/values.yaml')!;
    const at = (ruleId: string) => values.messages.filter((m) => m.ruleId === ruleId).map((m) => m.line);
    assert.deepEqual(at('k8s-image-tag'), [line(/^ {2}tag: latest/)]);
    assert.deepEqual(at('k8s-resources'), [line(/^resources: \{\}/)]);
    assert.deepEqual(at('k8s-read-only-root-fs'), [line(/^securityContext: \{\}/)]);
    const liveness = original.split('\n').findIndex((l) => /^livenessProbe:/.test(l));
    assert.deepEqual(at('k8s-liveness-probe'), [liveness + 3], 'at path: / under livenessProbe.httpGet');
    lintJson(['--fix', '--unsafe-fixes', '.'], root);
    const fixed = fs.readFileSync(valuesPath, 'utf8');
    assert.match(fixed, /^resources:\n {2}requests:\n {4}cpu: 100m/m);
    assert.match(fixed, /^livenessProbe:\n {2}httpGet:\n {4}path: \/health\n/m);
    assert.match(fixed, /^securityContext:\n(?: {2}.*\n)*? {2}readOnlyRootFilesystem: true\n/m);
    const after = lintJson(['.'], root).reports.flatMap((r) => r.messages.map((m) => m.ruleId));
    for (const gone of ['k8s-resources', 'k8s-read-only-root-fs', 'k8s-liveness-probe', 'k8s-readiness-probe', 'k8s-no-privilege-escalation']) assert.ok(!after.includes(gone), `${gone} in ${after}`);
  });

  it('GoogleCloudPlatform__microservices-demo__helm-chart__templates__cartservice.yaml in a small chart: the latest tag goes to images.tag, among three .Values in one line', () => {
    const values = [
      'images:',
      '  repository: us-central1-docker.pkg.dev/google-samples/microservices-demo',
      '  tag: latest',
      'serviceAccounts: {create: false}',
      'securityContext: {enable: true}',
      'seccompProfile: {enable: true, type: RuntimeDefault}',
      'networkPolicies: {create: false}',
      'sidecars: {create: false}',
      'authorizationPolicies: {create: false}',
      'opentelemetryCollector: {create: false}',
      'cartService:',
      '  create: true',
      '  name: cartservice',
      '  resources: {requests: {cpu: 200m, memory: 64Mi}, limits: {cpu: 300m, memory: 128Mi}}',
      'cartDatabase: {type: redis, connectionString: "redis-cart:6379", inClusterRedis: {create: false}, externalRedisTlsOrigination: {enable: false}}',
      '',
    ].join('\n');
    const template = fs.readFileSync(path.join(CORPUS, 'k8s-helm', 'GoogleCloudPlatform__microservices-demo__helm-chart__templates__cartservice.yaml'), 'utf8');
    const root = fresh('boutique', {
      '.container-standard.yaml': config(),
      'demo/Chart.yaml': 'apiVersion: v2\nname: onlineboutique\nversion: 0.10.2\nappVersion: v0.10.2\n',
      'demo/values.yaml': values,
      'demo/templates/cartservice.yaml': template,
    });
    const { reports } = lintJson(['.'], root);
    const imageLine = template.split('\n').findIndex((l) => /^\s+image: \{\{ \.Values\.images\.repository/.test(l)) + 1;
    const tag = reports.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath }))).filter((m) => m.ruleId === 'k8s-image-tag');
    assert.deepEqual(tag.map((m) => [m.filePath, m.line, m.column]), [['demo/values.yaml', 3, 8]]);
    assert.deepEqual(tag[0].related?.map((r) => [r.filePath, r.line]), [['demo/templates/cartservice.yaml', imageLine]]);
    // The gRPC probes are reported at the template lines that write grpc (the standard asks for httpGet on /health and /ready).
    const probes = reports.find((r) => r.filePath === 'demo/templates/cartservice.yaml')!.messages.filter((m) => /probe/.test(m.ruleId));
    assert.deepEqual(probes.map((m) => [m.ruleId, template.split('\n')[m.line - 1].trim()]), [['k8s-readiness-probe', 'grpc:'], ['k8s-liveness-probe', 'grpc:']]);
  });

  it('lintChartSync reports only files of the chart, never a temporary file', () => {
    const root = fresh('files', payinChart('payin'));
    const findings = lintChartSync(path.join(root, 'payin'), { config: defaultConfig(), helmPath: helm });
    assert.ok(findings.length > 0);
    for (const f of findings) assert.ok(f.file.startsWith(path.join(root, 'payin') + path.sep), f.file);
  });
});
