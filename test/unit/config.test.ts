import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigResolver, parseConfig, isAllowedRuntimeImage, isIgnoredByConfig, DEFAULT_ALLOWED_RUNTIME_IMAGES } from '../../server/src/engine/config';
import { KNOWN_RULE_IDS } from '../../server/src/engine/lint';
import { parseImageRef } from '../../server/src/engine/dockerfile/image';
import { lint } from './helpers';

describe('config file', () => {
  it('reads severities, short and long form', () => {
    const c = parseConfig('rules:\n  no-latest-tag: warning\n  cgo-disabled: { severity: off }\n', '/r/.container-standard.yaml', KNOWN_RULE_IDS);
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.rules, { 'no-latest-tag': 'warning', 'cgo-disabled': 'off' });
  });

  it('reports unknown keys and rule ids where they are', () => {
    const c = parseConfig('rules:\n  no-latest-tags: off\nminGo: "1.22"\n', '/r/.container-standard.yaml', KNOWN_RULE_IDS);
    const messages = c.problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith("2:3 Unknown rule id 'no-latest-tags'")), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith("3:1 Unknown key 'minGo'")), messages.join('\n'));
    assert.deepEqual(c.rules, {});
  });

  it('reports invalid values and keeps the defaults', () => {
    const c = parseConfig('rules:\n  no-latest-tag: fatal\nminGoVersion: latest\nimageTagPattern: "(["\n', '/r/x.yaml', KNOWN_RULE_IDS);
    assert.ok(c.problems.length >= 3, c.problems.map((p) => p.message).join('\n'));
    assert.equal(c.minGoVersion, '1.24');
    assert.equal(c.rules['no-latest-tag'], undefined);
    assert.ok(c.problems.some((p) => p.message.includes('imageTagPattern') && p.range.start.line === 3));
  });

  it('gives one clear problem per mistake: valid values, near misses, quoting', () => {
    const problems = (text: string) => parseConfig(text, '/r/.container-standard.yaml', KNOWN_RULE_IDS).problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`);
    assert.deepEqual(problems('rules:\n  target-platform: offf\n'), ["2:20 Invalid severity 'offf' for rule 'target-platform' (did you mean 'off'?); valid values: error, warning, info, off."]);
    assert.deepEqual(problems('rules:\n  target-platform: { severity: fatal }\n'), ["2:32 Invalid severity 'fatal' for rule 'target-platform'; valid values: error, warning, info, off."]);
    assert.deepEqual(problems('rules:\n  target-platform: { sevrity: off }\n'), ["2:22 Unknown key 'sevrity' in 'rules.target-platform'; did you mean 'severity'? Valid keys: severity."]);
    assert.deepEqual(problems('rules:\n  no-latest-tags: off\n'), ["2:3 Unknown rule id 'no-latest-tags' in 'rules'; did you mean 'no-latest-tag'?"]);
    assert.deepEqual(problems('minGoVersion: 1.20\n'), ['1:15 \'minGoVersion\' must be text, not the number \'1.2\': YAML reads it as a number. Quote it: minGoVersion: "1.20".']);
    const unknownKey = problems('allowedRuntimeImage:\n  - scratch\n');
    assert.equal(unknownKey.length, 1);
    assert.match(unknownKey[0], /^1:1 Unknown key 'allowedRuntimeImage' in the configuration; did you mean 'allowedRuntimeImages'\? Valid keys: rules, allowedRuntimeImages, minGoVersion/);
    assert.ok(!unknownKey[0].includes('schema.json'), 'no path inside the extension');
    assert.deepEqual(problems('defaultResources:\n  limits:\n    memroy: 1Gi\n'), ["3:5 Unknown key 'memroy' in 'defaultResources.limits'; did you mean 'memory'? Valid keys: cpu, memory."]);
    assert.deepEqual(problems('minGoVersion: latest\n'), ['1:15 \'minGoVersion\' must be a Go version such as "1.24" or "1.24.1", not the text \'latest\'.']);
    // Two mistakes, two problems.
    assert.equal(problems('rules:\n  target-platform: offf\n  no-latest-tag: nope\n').length, 2);
  });

  it('reports broken YAML once, with its position', () => {
    const c = parseConfig('rules:\n  a: [\n', '/r/x.yaml', KNOWN_RULE_IDS);
    assert.equal(c.problems.length, 1);
    assert.match(c.problems[0].message, /not valid YAML/);
  });

  it('matches allowed runtime images by glob, with or without a tag', () => {
    const ok = (s: string) => isAllowedRuntimeImage(parseImageRef(s), DEFAULT_ALLOWED_RUNTIME_IMAGES);
    assert.ok(ok('gcr.io/distroless/static-debian12:nonroot'));
    assert.ok(ok('gcr.io/distroless/static-debian11:nonroot'));
    assert.ok(ok('gcr.io/distroless/static:nonroot'));
    assert.ok(ok('gcr.io/distroless/static-debian12:nonroot-arm64'));
    assert.ok(!ok('gcr.io/distroless/static-debian12:debug-nonroot'));
    assert.ok(ok('cgr.dev/chainguard/static:latest'));
    assert.ok(ok('scratch'));
    assert.ok(!ok('gcr.io/distroless/static-debian12'));
    assert.ok(!ok('gcr.io/distroless/base-debian12:nonroot'));
    assert.ok(!ok('alpine:3.20'));
    assert.ok(!ok('docker.io/library/debian:bookworm-slim'));
  });
});

describe('config resolution', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-config-'));
    fs.mkdirSync(path.join(dir, 'svc/a'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'svc/b/gen'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.container-standard.yaml'), 'rules:\n  no-latest-tag: warning\n');
    fs.writeFileSync(path.join(dir, 'svc/b/.container-standard.yml'), 'rules:\n  no-latest-tag: off\nignore:\n  - gen/**\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the nearest file above each linted file', () => {
    const resolver = new ConfigResolver(KNOWN_RULE_IDS);
    assert.equal(resolver.forFile(path.join(dir, 'svc/a/Dockerfile')).rules['no-latest-tag'], 'warning');
    assert.equal(resolver.forFile(path.join(dir, 'svc/b/Dockerfile')).rules['no-latest-tag'], 'off');
    assert.equal(resolver.forFile(path.join(os.tmpdir(), 'elsewhere', 'Dockerfile')).path, undefined);
  });

  it('applies ignore globs relative to the config file', () => {
    const resolver = new ConfigResolver(KNOWN_RULE_IDS);
    const config = resolver.forFile(path.join(dir, 'svc/b/gen/Dockerfile'));
    assert.ok(isIgnoredByConfig(path.join(dir, 'svc/b/gen/Dockerfile'), config));
    assert.ok(!isIgnoredByConfig(path.join(dir, 'svc/b/Dockerfile'), config));
  });

  it('notices a changed file after clear()', () => {
    const resolver = new ConfigResolver(KNOWN_RULE_IDS);
    const file = path.join(dir, 'svc/a/Dockerfile');
    assert.equal(resolver.forFile(file).rules['no-latest-tag'], 'warning');
    fs.writeFileSync(path.join(dir, 'svc/a/.container-standard.yaml'), 'rules:\n  no-latest-tag: info\n');
    resolver.clear();
    assert.equal(resolver.forFile(file).rules['no-latest-tag'], 'info');
  });

  it('drives the severity the engine reports', () => {
    const findings = lint('FROM ubuntu\n', { rules: ['no-latest-tag'], config: { rules: { 'no-latest-tag': 'warning' } } });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(lint('FROM ubuntu\n', { rules: ['no-latest-tag'], config: { rules: { 'no-latest-tag': 'off' } } }), []);
  });
});
