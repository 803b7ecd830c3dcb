import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/engine/config';
import { snippetToPlainText } from '../../server/src/lsp/snippetText';

const ROOT = path.resolve(__dirname, '..', '..');

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

function load(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets', file), 'utf8'));
}

function textOf(snippet: Snippet): string {
  const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
  return snippetToPlainText(body);
}

function findings(filePath: string, text: string): string[] {
  return lintText({ filePath: path.join('/tmp/snippets', filePath), text, config: defaultConfig() }).findings.map(
    (f) => `${f.ruleId} (line ${f.range.start.line + 1}): ${f.message}`,
  );
}

const dockerfile = load('dockerfile.json');
const yaml = load('yaml.json');
const compose = load('compose.json');
const CANONICAL = 'Go Dockerfile (Go Container Standard)';

/** The canonical Dockerfile's builder stage, for runtime-stage snippets to sit on. */
function builderStage(): string {
  const text = textOf(dockerfile[CANONICAL]);
  return text.slice(0, text.indexOf('\nFROM gcr.io')) + '\n';
}

describe('snippets', () => {
  it('are well-formed: prefixes, descriptions, no unescaped $VARIABLES', () => {
    for (const [name, snippet] of [...Object.entries(dockerfile), ...Object.entries(yaml), ...Object.entries(compose)]) {
      // One prefix: with two, the completion list shows every snippet twice.
      assert.equal(typeof snippet.prefix, 'string', name);
      assert.match(snippet.prefix as string, /^go-/, name);
      assert.ok(snippet.description.length > 20, name);
      assert.doesNotThrow(() => textOf(snippet), name);
    }
  });

  it('the canonical Go Dockerfile has the standard shape and lints clean', () => {
    const text = textOf(dockerfile[CANONICAL]);
    assert.match(text, /^FROM --platform=\$BUILDPLATFORM golang:1\.24-bookworm AS build$/m);
    assert.match(text, /--mount=type=cache,target=\/go\/pkg\/mod/);
    assert.match(text, /--mount=type=cache,target=\/root\/\.cache\/go-build/);
    assert.match(text, /CGO_ENABLED=0 GOOS=\$TARGETOS GOARCH=\$TARGETARCH/);
    assert.match(text, /go build -trimpath -ldflags="-s -w" -o \/out\/app \.\/cmd\/app/);
    assert.match(text, /^FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
    assert.match(text, /^USER nonroot:nonroot$/m);
    assert.match(text, /^ENTRYPOINT \["\/app"\]$/m);
    assert.deepEqual(findings('Dockerfile', text), []);
  });

  for (const name of ['Distroless runtime stage', 'Scratch runtime stage']) {
    it(`'${name}' after the canonical builder lints clean`, () => {
      const text = builderStage() + '\n' + textOf(dockerfile[name]) + '\n';
      assert.deepEqual(findings('Dockerfile', text), []);
    });
  }

  it('the scratch stage copies certificates and passwd and uses a numeric USER', () => {
    const text = textOf(dockerfile['Scratch runtime stage']);
    assert.match(text, /\/etc\/ssl\/certs\/ca-certificates\.crt/);
    assert.match(text, /\/etc\/passwd/);
    assert.match(text, /^USER 65532:65532$/m);
  });

  it('the Deployment passes every rule', () => {
    const text = textOf(yaml['Kubernetes Deployment (Go Container Standard)']);
    assert.deepEqual(findings('deploy.yaml', text), []);
  });

  it('the container fragments complete a bare container into one that passes every rule', () => {
    const deployment = textOf(yaml['Kubernetes Deployment (Go Container Standard)']);
    // Cut the container down to name, image and ports, then add the three fragments back.
    const bare = deployment.slice(0, deployment.indexOf('          resources:'));
    const indent = (s: string) => s.split('\n').map((l) => (l ? `          ${l}` : l)).join('\n');
    const fragments = ['Container securityContext (Go Container Standard)', 'Container resources (Go Container Standard)', 'Container probes (Go Container Standard)'];
    const before = findings('deploy.yaml', bare);
    assert.ok(before.length > 0, 'the bare container has findings');
    const text = bare + fragments.map((f) => indent(textOf(yaml[f]))).join('\n') + '\n';
    assert.deepEqual(findings('deploy.yaml', text), []);
  });

  it('the compose service passes every compose rule', () => {
    const text = 'services:\n' + textOf(compose['Compose service (Go Container Standard)']).split('\n').map((l) => (l ? `  ${l}` : l)).join('\n') + '\n';
    assert.deepEqual(findings('compose.yaml', text), []);
  });
});

describe('snippet contributions', () => {
  it('compose snippets only for compose files: none in the yaml snippets that Kubernetes files get', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const byLanguage = (language: string) => pkg.contributes.snippets.filter((s: { language: string }) => s.language === language).map((s: { path: string }) => s.path);
    assert.deepEqual(byLanguage('yaml'), ['./snippets/yaml.json']);
    assert.deepEqual(byLanguage('dockercompose'), ['./snippets/compose.json']);
    for (const [name, snippet] of Object.entries(yaml)) assert.ok(!/^\s*(services|read_only|security_opt|cap_drop):/m.test(textOf(snippet)), `${name} is compose`);
  });
});

describe('snippetToPlainText', () => {
  it('keeps defaults, mirrors tabstops, unescapes dollars and rejects variables', () => {
    assert.equal(snippetToPlainText('a ${1:x} $1 ${2|p,q|} ${2} $0 \\$HOME \\}'), 'a x x p p  $HOME }');
    assert.equal(snippetToPlainText('${1:outer ${2:inner}} $2'), 'outer inner inner');
    assert.throws(() => snippetToPlainText('GOOS=$TARGETOS'), /unescaped variable/);
    assert.throws(() => snippetToPlainText('${1:open'), /unterminated/);
  });
});
