import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ChartChecks } from '../../server/src/lsp/charts';
import { defaultConfig } from '../../server/src/engine/config';
import { codes, LspClient, ROOT } from './harness';

const CHART = 'apiVersion: v2\nname: payin\nversion: 0.1.0\n';
const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ .Release.Name }}',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  '          resources:',
  '            {{- toYaml .Values.resources | nindent 12 }}',
  '',
].join('\n');
const VALUES = 'image:\n  repository: ghcr.io/acme/payin\n  tag: latest\nresources: {}\n';

function makeChart(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-lsp-charts-'));
  fs.mkdirSync(path.join(root, 'payin', 'templates'), { recursive: true });
  fs.writeFileSync(path.join(root, 'payin', 'Chart.yaml'), CHART);
  fs.writeFileSync(path.join(root, 'payin', 'values.yaml'), VALUES);
  fs.writeFileSync(path.join(root, 'payin', 'templates', 'deployment.yaml'), DEPLOYMENT);
  return root;
}

function helmBinary(): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'helm-install.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`scripts/helm-install.mjs failed (${r.status ?? r.error})`);
  return r.stdout.trim();
}

describe('Helm charts in the editor', () => {
  let root: string;
  let helm: string;
  before(() => {
    helm = helmBinary();
    root = makeChart();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const next = (client: LspClient, u: string, predicate: (p: PublishDiagnosticsParams) => boolean) => client.diagnostics((p) => p.uri === u && predicate(p));

  it('in Restricted Mode runs nothing and shows the notice on Chart.yaml', async () => {
    const { client } = await LspClient.start({ workspaceFolder: root, initializationOptions: { workspaceTrusted: false }, settings: () => ({ helm: { path: helm } }) });
    try {
      const notice = next(client, uri('payin/Chart.yaml'), (p) => codes(p).includes('chart-not-rendered'));
      await client.open(uri('payin/templates/deployment.yaml'), 'helm', DEPLOYMENT);
      const published = await notice;
      assert.match(String(published.diagnostics[0].message), /Restricted Mode/);
      // Trusting the workspace renders the chart.
      const rendered = next(client, uri('payin/values.yaml'), (p) => codes(p).includes('k8s-image-tag'));
      await client.notify('goContainerStandard/workspaceTrusted', {});
      const values = await rendered;
      assert.deepEqual(values.diagnostics.map((d) => [d.code, d.range.start.line]).sort(), [['k8s-image-tag', 2], ['k8s-resources', 3]]);
      const cleared = await next(client, uri('payin/Chart.yaml'), (p) => p.diagnostics.length === 0);
      assert.deepEqual(cleared.diagnostics, []);
    } finally {
      await client.stop();
    }
  });

  it('in a trusted workspace renders on open and on save, with the template line as related information', async () => {
    const { client } = await LspClient.start({ workspaceFolder: root, initializationOptions: { workspaceTrusted: true }, settings: () => ({ helm: { path: helm } }) });
    try {
      const rendered = next(client, uri('payin/values.yaml'), (p) => codes(p).includes('k8s-image-tag'));
      await client.open(uri('payin/values.yaml'), 'yaml', VALUES);
      const values = await rendered;
      const tag = values.diagnostics.find((d) => d.code === 'k8s-image-tag')!;
      assert.equal(tag.relatedInformation?.[0].location.uri, uri('payin/templates/deployment.yaml'));
      assert.equal(tag.relatedInformation?.[0].location.range.start.line, 9);
      // The resources fix, moved to values.yaml, is offered on the open values.yaml (its text is what was rendered).
      const resources = values.diagnostics.find((d) => d.code === 'k8s-resources')!;
      const actions = await client.codeActions(uri('payin/values.yaml'), [resources]);
      const fix = actions.find((a) => /in values\.yaml\b/.test(a.title));
      assert.ok(fix, actions.map((a) => a.title).join(' | '));
      // Save a pinned tag: the chart is rendered again and the finding goes.
      const pinned = VALUES.replace('tag: latest', 'tag: 3f9c2ab-v1.4.2');
      fs.writeFileSync(path.join(root, 'payin/values.yaml'), pinned);
      await client.replaceAll(uri('payin/values.yaml'), pinned);
      const after = next(client, uri('payin/values.yaml'), (p) => !codes(p).includes('k8s-image-tag') && codes(p).includes('k8s-resources'));
      await client.notify('textDocument/didSave', { textDocument: { uri: uri('payin/values.yaml') } });
      await after;
    } finally {
      fs.writeFileSync(path.join(root, 'payin/values.yaml'), VALUES);
      await client.stop();
    }
  });

  it('a settings change during a render renders that chart again (the render may have read the old helm.path)', async () => {
    const settingsRead: string[] = [];
    let releaseFirst!: (setting: string) => void;
    const firstRead = new Promise<string>((resolve) => (releaseFirst = resolve));
    const renders: Array<() => void> = [];
    const checks = new ChartChecks({
      configFor: () => defaultConfig(),
      helmPathSetting: async () => {
        settingsRead.push(settingsRead.length === 0 ? 'old' : 'new');
        return settingsRead.length === 1 ? firstRead : helm;
      },
      trusted: () => true,
      changed: () => renders.shift()?.(),
      log: () => undefined,
    });
    try {
      const firstRender = new Promise<void>((resolve) => renders.push(resolve));
      const secondRender = new Promise<void>((resolve) => renders.push(resolve));
      checks.scheduleFor(path.join(root, 'payin', 'values.yaml'), 0);
      while (settingsRead.length === 0) await new Promise((r) => setTimeout(r, 5));
      // The setting changes while the first render waits for the old value.
      checks.recheckAll(0);
      releaseFirst('');
      await firstRender;
      assert.ok(checks.findingsFor(path.join(root, 'payin', 'Chart.yaml')).some((f) => f.ruleId === 'chart-not-rendered'), 'the first render had no helm');
      await secondRender;
      assert.deepEqual(settingsRead, ['old', 'new']);
      assert.ok(checks.findingsFor(path.join(root, 'payin', 'values.yaml')).some((f) => f.ruleId === 'k8s-resources'), 'rendered with the new setting');
    } finally {
      checks.dispose();
    }
  });
});
