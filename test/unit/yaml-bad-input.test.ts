import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Alias, parseDocument, visit, type Document } from 'yaml';
import { lintText } from '../../server/src/engine/lint';
import { resolveAlias } from '../../server/src/engine/yaml/document';
import { defaultConfig, parseConfig } from '../../server/src/engine/config';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { runLint } from '../../server/src/cli/lint';
import { describeFinding } from './helpers';
import { CORPUS as CORPUS_ROOT } from '../corpusPath';

const config = defaultConfig();
const lint = (text: string, filePath = 'compose.yaml'): Finding[] => lintText({ filePath, text, config }).findings;

/** Every finding's range lies inside the text. */
function assertRangesInside(text: string, findings: Finding[]): void {
  const index = new LineIndex(text);
  for (const f of findings) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line < index.lineCount && p.character <= index.lineText(p.line).length, `range inside the file: ${describeFinding(f)}`);
    }
  }
}

/** Exactly one parse-error, where expected, saying what, where, and that the file was not checked. */
function assertOneParseError(text: string, line: number, column: number, what: RegExp, filePath = 'compose.yaml'): void {
  const findings = lint(text, filePath);
  assert.deepEqual(
    findings.map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1}`),
    [`parse-error error ${line}:${column}`],
    findings.map(describeFinding).join('\n'),
  );
  const message = findings[0].message;
  assert.match(message, what);
  assert.ok(message.includes(`line ${line}, column ${column}`), `message says where: ${message}`);
  assert.match(message, /not checked/);
}

const K8S = 'deploy/app.yaml';

describe('bad YAML: one clear diagnostic at the first error', () => {
  const cases: { name: string; text: string; line: number; column: number; what: RegExp }[] = [
    { name: 'truncated inside a double-quoted string: at the opening quote', text: 'services:\n  api:\n    image: "app:1.0\n', line: 3, column: 12, what: /quoted string .* never closed/ },
    { name: 'unbalanced single quote', text: "services:\n  api:\n    command: 'echo hi\n    image: x\n", line: 3, column: 14, what: /never closed/ },
    { name: 'unbalanced flow map: at the opening brace', text: 'services: {api: {image: x}\n', line: 1, column: 11, what: /flow map .* never closed/ },
    { name: 'unbalanced flow sequence', text: 'services:\n  api:\n    ports: [80, [443]\n    image: x\n', line: 3, column: 12, what: /flow sequence .* never closed/ },
    { name: 'tab indentation', text: 'services:\n\tapi:\n\t\timage: x\n', line: 2, column: 1, what: /Tabs/ },
    { name: 'a tab-indented key after good lines', text: 'services:\n  api:\n    image: x\n\tports: []\n', line: 4, column: 1, what: /Tabs/ },
    { name: 'misaligned mapping', text: 'services:\n  api:\n    image: x\n   ports: []\n', line: 4, column: 1, what: /same column/ },
    { name: 'duplicate key: at the second one', text: 'services:\n  api:\n    image: a:1\n    ports: []\n    image: b:2\n', line: 5, column: 5, what: /duplicate key 'image'/ },
    { name: 'duplicate service', text: 'services:\n  api:\n    image: a:1\n  "api":\n    image: b:2\n', line: 4, column: 3, what: /duplicate key 'api'/ },
    { name: 'alias without an anchor', text: 'services:\n  api:\n    <<: *defaults\n    image: a:1\n', line: 3, column: 9, what: /'\*defaults' has no anchor/ },
    { name: 'control characters (binary junk without NUL)', text: 'services:\n  api:\n    image: a\x01\x02\x7f:1\n', line: 3, column: 13, what: /control character U\+0001/ },
    { name: 'the first of several errors', text: 'services:\n  api:\n    image: a:1\n    image: b:1\n  db: {image: x\n', line: 4, column: 5, what: /duplicate key/ },
    { name: 'CRLF line endings', text: 'services:\r\n  api:\r\n    image: a:1\r\n    image: b:1\r\n', line: 4, column: 5, what: /duplicate key/ },
  ];
  for (const c of cases) {
    it(c.name, () => assertOneParseError(c.text, c.line, c.column, c.what));
  }

  it('the same in a Kubernetes manifest', () => {
    assertOneParseError('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  name: q\n', 5, 3, /duplicate key 'name'/, K8S);
    assertOneParseError('apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: "b}]\n', 4, 33, /never closed/, K8S);
  });

  it('merge keys may repeat', () => {
    const findings = lint('x-a: &a {image: a:1}\nx-b: &b {read_only: true}\nservices:\n  api:\n    <<: *a\n    <<: *b\n');
    assert.ok(!findings.some((f) => f.ruleId === 'parse-error'), findings.map(describeFinding).join('\n'));
    assert.ok(!findings.some((f) => f.ruleId === 'compose-read-only'), 'the second merge source is used');
  });
});

describe('bad YAML in a multi-document file: the other documents keep their findings', () => {
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: ghcr.io/x/${name}:latest\n`;

  it('a broken document in the middle: its parse error, with the file\'s line, and the others\' findings', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: [1, 2\n';
    const text = [deployment('a'), broken, deployment('b')].join('---\n');
    const whole = lint([deployment('a'), deployment('b')].join('---\n'), K8S);
    const findings = lint(text, K8S);
    const errors = findings.filter((f) => f.ruleId === 'parse-error');
    assert.equal(errors.length, 1, findings.map(describeFinding).join('\n'));
    const brokenStart = deployment('a').split('\n').length;
    assert.ok(errors[0].range.start.line >= brokenStart && errors[0].range.start.line < brokenStart + 6, describeFinding(errors[0]));
    assert.ok(errors[0].message.includes(`line ${errors[0].range.start.line + 1},`), errors[0].message);
    assert.match(errors[0].message, /This document was not checked/);
    const others = findings.filter((f) => f.ruleId !== 'parse-error');
    assert.equal(others.length, whole.length, 'every finding of both deployments');
    assert.deepEqual([...new Set(others.map((f) => f.ruleId))].sort(), [...new Set(whole.map((f) => f.ruleId))].sort());
    assert.ok(others.some((f) => f.message.includes("'b'")) && others.some((f) => f.message.includes("'a'")));
  });

  it('the same in a compose file with two documents', () => {
    const findings = lint('services:\n  api:\n    image: a:1\n---\nservices:\n  db:\n    image: "x\n');
    assert.ok(findings.some((f) => f.ruleId === 'compose-read-only' && f.range.start.line === 1), findings.map(describeFinding).join('\n'));
    assert.deepEqual(findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.range.start.line + 1), [7]);
  });

  it('YAML that is neither a manifest nor a compose file gets no finding when it does not parse', () => {
    assert.deepEqual(lint('server:\n  port: 8080\n   host: x\n', 'config.yaml'), []);
    assert.deepEqual(lint('on: [push]\njobs:\n  build:\n    runs-on: "ubuntu\n', '.github/workflows/ci.yml'), []);
    assert.deepEqual(lint('a: 1\n---\nb: [1\n', 'settings.yaml'), []);
    assert.deepEqual(lint('server:\n  port: 8080\n   host: x\n', 'config.yaml').length, 0);
    // A manifest or a compose file (by name) still gets its syntax error.
    assert.deepEqual(lint('apiVersion: v1\nkind: Pod\nspec: [1\n', 'pod.yaml').map((f) => f.ruleId), ['parse-error']);
    assert.deepEqual(lint('x-a: [1\n', 'docker-compose.yml').map((f) => f.ruleId), ['parse-error']);
  });
});

describe('bad YAML: no crash, nothing spurious', () => {
  it('NUL bytes: skipped as binary', () => {
    const findings = lint('services:\n  api:\0\n    image: x\n');
    assert.deepEqual(findings.map((f) => f.ruleId), ['file-skipped']);
    assert.match(findings[0].message, /binary/);
  });

  it('random bytes: one finding, never a crash', () => {
    let seed = 7;
    for (let n = 0; n < 50; n++) {
      const bytes = Array.from({ length: 400 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256);
      // Half the samples without NUL, so they reach the YAML parser.
      const text = Buffer.from(n % 2 === 0 ? bytes.filter((b) => b !== 0) : bytes).toString('utf8');
      const findings = lint(text);
      assert.ok(findings.length <= 1, findings.map(describeFinding).join('\n'));
      assert.ok(findings.every((f) => f.ruleId === 'file-skipped' || f.ruleId === 'parse-error'), findings.map(describeFinding).join('\n'));
      assertRangesInside(text, findings);
    }
  });

  it('empty, comment-only, scalar and BOM files', () => {
    assert.deepEqual(lint(''), []);
    assert.deepEqual(lint('# nothing here\n'), []);
    assert.deepEqual(lint('just a string\n'), []);
    assert.deepEqual(lint('---\n...\n'), []);
    const bom = lint('\uFEFFservices:\n  api:\n    image: x:1\n    read_only: true\n', 'compose.yaml').filter((f) => f.ruleId === 'compose-cap-drop-all');
    assert.equal(bom.length, 1);
    assert.equal(bom[0].range.start.line, 1);
  });

  it('a self-referencing merge key does not recurse forever', () => {
    const findings = lint('services:\n  api: &api\n    <<: *api\n    image: x:1\n');
    assert.ok(!findings.some((f) => /error$/.test(f.ruleId) && !f.ruleId.startsWith('compose-')), findings.map(describeFinding).join('\n'));
  });

  it('every truncation of real files gives rule findings or one parse error, with ranges inside', () => {
    const sources = [
      ['compose.yaml', fs.readFileSync(CORPUS_ROOT + '/compose/open-telemetry__opentelemetry-demo__compose.observability.yaml', 'utf8')],
      ['compose.yaml', fs.readFileSync(CORPUS_ROOT + '/compose/etcd-io__etcd__tests__antithesis__config__docker-compose-3-node.yml', 'utf8')],
    ];
    const k8sDir = CORPUS_ROOT + '/k8s';
    const k8sFile = fs.readdirSync(k8sDir).filter((f) => /\.ya?ml$/.test(f)).sort()[0];
    if (k8sFile) sources.push([K8S, fs.readFileSync(path.join(k8sDir, k8sFile), 'utf8')]);
    for (const [filePath, full] of sources) {
      for (let cut = 1; cut < full.length; cut += Math.max(1, Math.floor(full.length / 60))) {
        const text = full.slice(0, cut);
        const findings = lint(text, filePath);
        const engine = findings.filter((f) => ['parse-error', 'internal-error', 'file-skipped'].includes(f.ruleId));
        assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), `cut ${cut}: ${findings.map(describeFinding).join('\n')}`);
        assert.ok(engine.length <= 1, `cut ${cut}: at most one parse error`);
        // A truncation breaks the last document only: the findings of the documents before it stay.
        if (engine.length > 0) {
          const lastDocument = text.lastIndexOf('\n---') < 0 ? 0 : text.slice(0, text.lastIndexOf('\n---') + 1).split('\n').length - 1;
          const inBroken = findings.filter((f) => f.range.start.line >= lastDocument);
          assert.deepEqual(inBroken.map((f) => f.ruleId), ['parse-error'], `cut ${cut}: the broken document has its parse error alone`);
        }
        assertRangesInside(text, findings);
      }
    }
  });
});

describe('templates', () => {
  const helmDir = CORPUS_ROOT + '/k8s-helm';
  for (const name of fs.readdirSync(helmDir).sort()) {
    it(`Helm template ${name} is skipped without a finding`, () => {
      const findings = lint(fs.readFileSync(path.join(helmDir, name), 'utf8'), path.join('chart/templates', name));
      assert.deepEqual(findings.map(describeFinding), []);
    });
  }

  it('a template that happens to parse is skipped too', () => {
    assert.deepEqual(lint('services:\n  api:\n    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n'), []);
    assert.deepEqual(lint('services:\n  api:\n    image: {{ .Values.image }}\n'), []);
    assert.deepEqual(lint('apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ include "app.fullname" . }}\n', K8S), []);
  });

  it('Go-template text inside string values is not a template', () => {
    const findings = lint('services:\n  monitor:\n    image: docker:27-cli\n    command: ["docker", "ps", "--format", "{{.Names}}"]\n    environment:\n      ALERT_SUMMARY: "Instance {{ $labels.instance }} down"\n');
    assert.ok(findings.some((f) => f.ruleId === 'compose-read-only'), findings.map(describeFinding).join('\n'));
  });

  it('a commented-out template marker is not a template', () => {
    const findings = lint('# image: {{ .Values.image }}\nservices:\n  api:\n    image: app:1\n');
    assert.ok(findings.some((f) => f.ruleId === 'compose-read-only'));
  });
});

describe('resource exhaustion', () => {
  /** `levels` anchors of `width` aliases each: width^levels nodes once expanded. */
  function aliasBomb(levels: number, width: number): string {
    let text = `x-l0: &l0 [${Array(width).fill('lol').join(', ')}]\n`;
    for (let k = 1; k <= levels; k++) text += `x-l${k}: &l${k} [${Array(width).fill(`*l${k - 1}`).join(', ')}]\n`;
    return text;
  }
  const top = 'l12';
  const bomb = aliasBomb(12, 10);

  it('a billion-laughs bomb in a compose file is never expanded', () => {
    const text = `${bomb}services:\n  api:\n    image: app:1\n    environment: *${top}\n    security_opt: *${top}\n    cap_drop: *${top}\n    command: *${top}\n    healthcheck:\n      test: *${top}\n    deploy:\n      <<: {resources: *${top}}\n`;
    const findings = lint(text);
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error' || f.ruleId === 'time-budget-exceeded'), findings.map(describeFinding).join('\n'));
    assert.ok(findings.some((f) => f.ruleId === 'compose-no-new-privileges'));
  });

  it('a billion-laughs bomb in a Kubernetes manifest is never expanded', () => {
    const text = `${bomb}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n      args: *${top}\n      env: *${top}\n      command: *${top}\n`;
    const findings = lint(text, K8S);
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error' || f.ruleId === 'time-budget-exceeded'), findings.map(describeFinding).join('\n'));
  });

  it('thousands of aliases cost one walk per document, not one per alias (Alias.resolve walks the whole document)', () => {
    const many = (n: number) => 'x-a: &a 1\n' + Array.from({ length: n }, (_, i) => `x-k${i}: *a\n`).join('');
    const compose = `${many(3000)}services:\n  api:\n    image: app:1\n    environment: *a\n`;
    const manifest = `${many(3000)}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n      env: *a\n`;
    const original = Alias.prototype.resolve;
    let calls = 0;
    Alias.prototype.resolve = function (this: Alias, ...args: Parameters<Alias['resolve']>) {
      calls++;
      return original.apply(this, args);
    };
    try {
      for (const [text, file, rule] of [[compose, 'compose.yaml', 'compose-no-new-privileges'], [manifest, K8S, 'k8s-resources']] as const) {
        const findings = lint(text, file);
        assert.ok(!findings.some((f) => f.ruleId === 'internal-error' || f.ruleId === 'time-budget-exceeded' || f.ruleId === 'parse-error'), findings.map(describeFinding).join('\n'));
        assert.ok(findings.some((f) => f.ruleId === rule), `${file}: ${findings.map(describeFinding).join('\n')}`);
      }
    } finally {
      Alias.prototype.resolve = original;
    }
    assert.equal(calls, 0, 'no alias resolved by a walk of its own');
  });

  it('resolves every alias to the node Alias.resolve finds: the last anchor of that name before it', () => {
    const text = 'a: &x 1\nb: *x\nc: &x {k: *x}\nd: *x\ne: [&y 2, *y, *x]\nf: *z\ng: &x [*x]\nh: *x\n';
    const doc = parseDocument(text);
    const aliases: Alias[] = [];
    visit(doc, { Alias: (_, node) => void aliases.push(node) });
    assert.equal(aliases.length, 8);
    for (const alias of aliases) assert.equal(resolveAlias(alias, doc as Document.Parsed), alias.resolve(doc), `*${alias.source} at ${alias.range?.[0]}`);
    assert.equal(resolveAlias(aliases[5], doc as Document.Parsed), undefined, '*z has no anchor');
  });

  it('a bomb in the config file becomes a config problem, not an exception', () => {
    const parsed = parseConfig(`${bomb}rules: *${top}\n`, '/repo/.container-standard.yaml', new Set(['compose-read-only']));
    assert.ok(parsed.problems.some((p) => /alias|resource exhaustion/i.test(p.message)), JSON.stringify(parsed.problems));
  });

  it('a 3 MB file is linted or cut short by the time budget, never a crash', () => {
    let text = 'services:\n';
    for (let i = 0; text.length < 3 * 1024 * 1024; i++) {
      text += `  svc${i}:\n    image: app:1.${i}\n    environment:\n      - A=1\n    ports: ["80"]\n`;
    }
    const findings = lint(text);
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error'));
    assert.ok(findings.some((f) => f.ruleId.startsWith('compose-') || f.ruleId === 'time-budget-exceeded'));
    assertRangesInside(text, findings.slice(0, 100));
  });
});

describe('the rest of the run goes on', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-bad-yaml-'));
    fs.writeFileSync(path.join(dir, 'a-broken.yaml'), 'services:\n  api:\n    image: "app\n');
    fs.writeFileSync(path.join(dir, 'b-binary.yml'), Buffer.from([0x73, 0x3a, 0x00, 0xff, 0xfe, 0x01]));
    fs.mkdirSync(path.join(dir, 'chart/templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'chart/templates/deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\n{{- if .Values.enabled }}\nmetadata:\n  name: {{ .Release.Name }}\n{{- end }}\n');
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    image: nginx\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bad files get their one finding and the good compose file is still checked', () => {
    let stdout = '';
    runLint([dir, '--format', 'json'], { stdout: (s) => (stdout += s), stderr: () => {}, readStdin: () => '', cwd: dir, color: false, version: 'test' });
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const of = (name: string) => results.find((r) => r.filePath.endsWith(name))?.messages.map((m) => m.ruleId) ?? [];
    assert.deepEqual(of('a-broken.yaml'), ['parse-error']);
    assert.deepEqual(of('b-binary.yml'), ['file-skipped']);
    assert.deepEqual(of('deployment.yaml'), []);
    assert.ok(of('compose.yaml').includes('compose-image-tag'), JSON.stringify(results));
  });
});
