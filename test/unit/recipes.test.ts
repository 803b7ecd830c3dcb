import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintJson, reportOf, ruleIdsOf, tempDir, writeFiles } from './fixtures';
import { lint, ruleTester } from './helpers';
import { compliantService, serviceRuleTester } from './service/helpers';

const GR = '.goreleaser.yaml';
const KO = '.ko.yaml';

ruleTester('cgo-disabled', {
  valid: [
    { name: 'goreleaser build with CGO_ENABLED=0', filePath: GR, code: 'builds:\n  - id: api\n    env:\n      - CGO_ENABLED=0\n' },
    { name: "goreleaser's top-level env applies to every build", filePath: GR, code: 'env:\n  - CGO_ENABLED=0\nbuilds:\n  - id: api\n    main: ./cmd/api\n' },
    { name: 'a build with another builder is not a Go build', filePath: GR, code: 'builds:\n  - id: bin\n    builder: prebuilt\n    prebuilt:\n      path: dist/app\n' },
    { name: 'a templated value is not judged', filePath: GR, code: 'builds:\n  - id: api\n    env:\n      - CGO_ENABLED={{ .Env.CGO }}\n' },
    { name: 'ko builds with CGO_ENABLED=0 unless told otherwise', filePath: KO, code: 'builds:\n  - id: api\n    main: ./cmd/api\n    env:\n      - GOPRIVATE=example.com\n' },
    { name: 'kos entries build with ko (CGO_ENABLED=0)', filePath: GR, code: 'env: [CGO_ENABLED=0]\nbuilds:\n  - id: api\nkos:\n  - id: api\n    build: api\n' },
  ],
  invalid: [
    {
      name: 'goreleaser build without env: at its first key, the fix adds env',
      filePath: GR,
      code: 'version: 2\nbuilds:\n  - id: api\n    main: ./cmd/api\n',
      errors: [{ line: 3, column: 5, severity: 'error', message: "builds[0] (id: api) does not set CGO_ENABLED=0: goreleaser then builds with Go's default" }],
      output: 'version: 2\nbuilds:\n  - id: api\n    main: ./cmd/api\n    env:\n      - CGO_ENABLED=0\n',
    },
    {
      name: 'goreleaser build whose env lacks it: at the env key, the fix appends',
      filePath: '.goreleaser.yml',
      code: 'builds:\n  - main: ./cmd/api\n    env:\n      - GO111MODULE=on\n',
      errors: [{ line: 3, column: 5, message: 'builds[0] does not set CGO_ENABLED=0' }],
      output: 'builds:\n  - main: ./cmd/api\n    env:\n      - GO111MODULE=on\n      - CGO_ENABLED=0\n',
    },
    {
      name: 'CGO_ENABLED=1 is reported at the entry, with no fix (the author asked for cgo)',
      filePath: KO,
      code: 'builds:\n  - id: api\n    env:\n      - CGO_ENABLED=1\n',
      errors: [{ line: 4, column: 9, message: 'builds[0] (id: api) sets CGO_ENABLED=1' }],
      output: null,
    },
    {
      name: 'ko without builds builds with defaultEnv',
      filePath: KO,
      code: 'defaultBaseImage: cgr.dev/chainguard/static\ndefaultEnv:\n  - CGO_ENABLED=1\n',
      errors: [{ line: 3, column: 5, message: "ko's default build sets CGO_ENABLED=1" }],
      output: null,
    },
    {
      name: 'merge keys: builds that share env through an anchor are reported once, at the value',
      filePath: GR,
      code: 'builds:\n  - &base\n    id: api\n    env: [CGO_ENABLED=1]\n  - <<: *base\n    id: worker\n',
      errors: [{ line: 4, column: 11, message: 'builds[0] (id: api) sets CGO_ENABLED=1' }],
    },
    {
      name: "a build's own CGO_ENABLED=1 wins over goreleaser's top-level env",
      filePath: GR,
      code: 'env:\n  - CGO_ENABLED=0\nbuilds:\n  - id: api\n    env: [CGO_ENABLED=1]\n',
      errors: [{ line: 5, column: 11 }],
    },
  ],
});

ruleTester('reproducible-build', {
  valid: [
    { name: 'goreleaser flags with -trimpath', filePath: GR, code: 'builds:\n  - id: api\n    flags:\n      - -trimpath\n' },
    { name: 'goreleaser flags in one string', filePath: GR, code: 'builds:\n  - id: api\n    flags: -v -trimpath\n' },
    { name: '-trimpath through GOFLAGS', filePath: GR, code: 'env:\n  - GOFLAGS=-mod=readonly -trimpath\nbuilds:\n  - id: api\n' },
    { name: 'ko adds -trimpath itself', filePath: KO, code: 'builds:\n  - id: api\n    flags: [-tags, netgo]\n' },
  ],
  invalid: [
    {
      name: 'goreleaser build without flags: the fix adds flags',
      filePath: GR,
      code: 'builds:\n  - id: api\n    main: ./cmd/api # entry\n',
      errors: [{ line: 2, column: 5, severity: 'hint', message: 'builds[0] (id: api) builds without -trimpath (goreleaser does not add it)' }],
      output: 'builds:\n  - id: api\n    main: ./cmd/api # entry\n    flags:\n      - "-trimpath"\n',
    },
    {
      name: 'goreleaser flags without -trimpath: at the flags key, the fix appends',
      filePath: GR,
      code: 'builds:\n  - id: api\n    flags: [-v]\n',
      errors: [{ line: 3, column: 5 }],
      output: 'builds:\n  - id: api\n    flags: [-v, "-trimpath"]\n',
    },
    {
      name: '-trimpath=false: no fix',
      filePath: GR,
      code: 'builds:\n  - id: api\n    flags:\n      - -trimpath=false\n',
      errors: [{ line: 3, message: 'turns -trimpath off' }],
      output: null,
    },
    {
      name: 'a kos entry with its own flags is judged on them (goreleaser does not ask ko for -trimpath)',
      filePath: GR,
      code: 'builds:\n  - id: api\n    flags: [-trimpath]\nkos:\n  - build: api\n    flags: [-v]\n',
      errors: [{ line: 6, column: 5, message: 'kos[0] builds without -trimpath' }],
    },
  ],
});

ruleTester('strip-debug-symbols', {
  valid: [
    { name: "goreleaser's default ldflags have -s -w", filePath: GR, code: 'builds:\n  - id: api\n    main: ./cmd/api\n' },
    { name: 'an override that keeps them', filePath: GR, code: 'builds:\n  - id: api\n    ldflags:\n      - -s -w -X main.version={{.Version}}\n' },
    { name: 'an override that is a template', filePath: GR, code: 'builds:\n  - id: api\n    ldflags: "{{ .Env.LDFLAGS }}"\n' },
    { name: 'ko defaultLdflags with -s -w cover every build', filePath: KO, code: 'defaultLdflags:\n  - -s\n  - -w\nbuilds:\n  - id: api\n' },
  ],
  invalid: [
    {
      name: 'a goreleaser override that drops them: at the ldflags key, the fix appends',
      filePath: GR,
      code: 'builds:\n  - id: api\n    ldflags:\n      - -X main.version={{.Version}}\n',
      errors: [{ line: 3, column: 5, severity: 'warning', message: "sets ldflags without -s -w (goreleaser's default ldflags have them; an override drops them)" }],
      output: 'builds:\n  - id: api\n    ldflags:\n      - -X main.version={{.Version}}\n      - "-s -w"\n',
    },
    {
      name: 'an override in one string, with -s only: the fix prepends -w',
      filePath: GR,
      code: 'builds:\n  - id: api\n    ldflags: "-s -X main.commit={{.Commit}}"\n',
      errors: [{ line: 3, message: 'without -w' }],
      output: 'builds:\n  - id: api\n    ldflags: "-w -s -X main.commit={{.Commit}}"\n',
    },
    {
      name: 'ko adds no ldflags: one finding for the file, the fix adds defaultLdflags',
      filePath: KO,
      code: 'defaultBaseImage: cgr.dev/chainguard/static\nbuilds:\n  - id: api\n  - id: worker\n',
      errors: [{ line: 2, column: 1, message: 'ko builds without -ldflags unless told (it adds only -trimpath)' }],
      output: 'defaultBaseImage: cgr.dev/chainguard/static\nbuilds:\n  - id: api\n  - id: worker\ndefaultLdflags:\n  - "-s -w"\n',
    },
    {
      name: "a ko build's own ldflags are judged at that build",
      filePath: KO,
      code: 'defaultLdflags: [-s -w]\nbuilds:\n  - id: api\n    ldflags:\n      - -X main.v=1\n',
      errors: [{ line: 4, column: 5, message: 'builds[0] (id: api) sets ldflags without -s -w' }],
    },
    {
      name: 'ko defaultLdflags without -w',
      filePath: KO,
      code: 'defaultLdflags:\n  - -s\n',
      errors: [{ line: 1, column: 1, message: 'defaultLdflags lacks -w' }],
      output: 'defaultLdflags:\n  - -s\n  - "-w"\n',
    },
  ],
});

ruleTester('runtime-distroless-nonroot', {
  valid: [
    { name: "ko's default base image", filePath: KO, code: 'defaultBaseImage: cgr.dev/chainguard/static\ndefaultLdflags: [-s -w]\n' },
    { name: 'distroless static-debian13 nonroot', filePath: KO, code: 'defaultBaseImage: gcr.io/distroless/static-debian13:nonroot\n' },
    { name: 'a ko file without a base image (ko uses its default)', filePath: KO, code: 'builds:\n  - id: api\n' },
    { name: 'allowed by the config', filePath: KO, code: 'defaultBaseImage: registry.example.com/base/static\n', config: { allowedRuntimeImages: ['registry.example.com/base/*'] } },
  ],
  invalid: [
    {
      name: 'an alpine defaultBaseImage, at its value; the fix is unsafe (the binary may need the shell)',
      filePath: KO,
      code: 'defaultBaseImage: alpine:3.20\n',
      errors: [{ line: 1, column: 19, endColumn: 30, severity: 'error', message: "defaultBaseImage is 'alpine:3.20', which is not an allowed minimal image" }],
      output: 'defaultBaseImage: gcr.io/distroless/static-debian12:nonroot\n',
    },
    {
      name: 'baseImageOverrides values',
      filePath: KO,
      code: 'baseImageOverrides:\n  github.com/acme/payin/cmd/payin: "debian:bookworm"\n  github.com/acme/payin/cmd/ok: cgr.dev/chainguard/static\n',
      errors: [{ line: 2, column: 36, message: "baseImageOverrides['github.com/acme/payin/cmd/payin'] is 'debian:bookworm'" }],
      output: 'baseImageOverrides:\n  github.com/acme/payin/cmd/payin: "gcr.io/distroless/static-debian12:nonroot"\n  github.com/acme/payin/cmd/ok: cgr.dev/chainguard/static\n',
    },
    {
      name: "goreleaser kos base_image",
      filePath: GR,
      code: 'kos:\n  - id: api\n    base_image: ubuntu:24.04\n',
      errors: [{ line: 3, column: 17, message: "kos[0].base_image is 'ubuntu:24.04'" }],
    },
  ],
});

describe('recipes: fix safety', () => {
  it('CGO_ENABLED=0 and a new base image are unsafe fixes; -trimpath and -s -w are safe', () => {
    const found = lint('builds:\n  - id: api\n    ldflags: [-X main.v=1]\nkos:\n  - base_image: alpine\n', { filePath: GR });
    const safety = Object.fromEntries(found.map((f) => [f.ruleId, f.fix?.safety]));
    assert.deepEqual(safety, { 'cgo-disabled': 'unsafe', 'reproducible-build': 'safe', 'strip-debug-symbols': 'safe', 'runtime-distroless-nonroot': 'unsafe' });
  });
  it('a suppression comment silences a recipe finding', () => {
    const found = lint('builds:\n  # container-standard ignore=reproducible-build\n  - id: api\n    env: [CGO_ENABLED=0]\n', { filePath: GR });
    assert.deepEqual(found.map((f) => f.ruleId), []);
  });
  it('a file that is not a map, or does not parse, does not crash', () => {
    assert.deepEqual(lint('- a\n- b\n', { filePath: KO }), []);
    assert.deepEqual(lint('builds: [\n', { filePath: GR }).map((f) => f.ruleId), ['parse-error']);
    assert.deepEqual(lint('builds: 3\nkos: {a: 1}\nenv: 7\n', { filePath: GR }), []);
  });
});

describe('ko:// images are built from source', () => {
  it('k8s-image-tag passes ko:// references and still judges the others', () => {
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payin}\nspec:\n  template:\n    spec:\n      containers:\n        - name: payin\n          image: ko://github.com/acme/payin/cmd/payin\n        - name: side\n          image: busybox\n';
    const found = lint(manifest, { filePath: 'config/deployment.yaml', rules: ['k8s-image-tag'] });
    assert.deepEqual(found.map((f) => f.range.start.line + 1), [11]);
  });
  it('compose-image-tag passes ko:// references', () => {
    const compose = 'services:\n  payin:\n    image: ko://github.com/acme/payin/cmd/payin\n';
    assert.deepEqual(lint(compose, { filePath: 'compose.yaml', rules: ['compose-image-tag'] }), []);
  });
});

serviceRuleTester('env-example', {
  valid: [
    {
      name: 'KO_DATA_PATH is set by ko in the image, not configuration',
      files: compliantService('ledger', {
        'cmd/ledger/main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\t_ = os.Getenv("PORT")\n\t_ = os.Getenv("KO_DATA_PATH")\n}\n',
        '.env.example': 'PORT=8080\n',
      }),
    },
  ],
  invalid: [],
});

describe('CLI: a ko service and a goreleaser service', () => {
  const dir = tempDir({ after }, 'gcs-recipes-');
  before(() =>
    writeFiles(dir, {
      'payin/.ko.yaml': 'defaultBaseImage: alpine:3.20\ndefaultLdflags: [-s -w]\n',
      'payin/config/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payin}\nspec:\n  template:\n    spec:\n      containers:\n        - name: payin\n          image: ko://github.com/acme/payin/cmd/payin\n',
      'ledger/.goreleaser.yaml': 'version: 2\nbuilds:\n  - id: ledger\n    main: ./cmd/ledger\n    ldflags:\n      - -X main.version={{.Version}}\ndockers_v2:\n  - images: [ghcr.io/acme/ledger]\n    dockerfile: build/Dockerfile\n',
      'ledger/build/Dockerfile': 'FROM alpine:3.20\nARG TARGETPLATFORM\nCOPY $TARGETPLATFORM/ledger /usr/bin/ledger\nENTRYPOINT ["/usr/bin/ledger"]\n',
      'ledger/other.Dockerfile': 'FROM alpine:3.20\nCOPY site /srv/site\nENTRYPOINT ["/srv/site/run"]\n',
      // No dockers: section, but the Dockerfile beside it copies the binary goreleaser builds (project_name).
      'tool/.goreleaser.yml': 'project_name: tool\nbuilds:\n  - main: ./cmd/tool\n    env: [CGO_ENABLED=0]\n    flags: [-trimpath]\n',
      'tool/Dockerfile': 'FROM alpine:3.20\nCOPY tool /usr/bin/tool\nENTRYPOINT ["/usr/bin/tool"]\n',
      'tool/web.Dockerfile': 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n',
      // Without project_name, goreleaser names the binary after the go.mod module's last element.
      'payout-svc/go.mod': 'module github.com/acme/payout\n\ngo 1.24\n',
      'payout-svc/.goreleaser.yaml': 'builds:\n  - main: .\n    env: [CGO_ENABLED=0]\n    flags: [-trimpath]\n',
      'payout-svc/Dockerfile': 'FROM debian:bookworm-slim\nCOPY payout /payout\nENTRYPOINT ["/payout"]\n',
    }),
  );

  it('ko:// passes the tag rules and the alpine defaultBaseImage is reported in .ko.yaml', () => {
    const { reports } = lintJson(dir, ['payin']);
    assert.deepEqual(reportOf(reports, 'payin/config/deployment.yaml').messages.filter((m) => m.ruleId === 'k8s-image-tag'), []);
    assert.deepEqual(reportOf(reports, 'payin/.ko.yaml').messages.map((m) => [m.ruleId, m.line, m.column]), [['runtime-distroless-nonroot', 1, 19]]);
  });

  it('goreleaser: CGO, -trimpath and -s -w in .goreleaser.yaml; its Dockerfile held to the runtime rules, not the build rules', () => {
    const { reports } = lintJson(dir, ['ledger']);
    assert.deepEqual(reportOf(reports, 'ledger/.goreleaser.yaml').messages.map((m) => [m.ruleId, m.line]), [
      ['cgo-disabled', 3],
      ['reproducible-build', 3],
      ['strip-debug-symbols', 5],
    ]);
    const ids = ruleIdsOf(reports, 'ledger/build/Dockerfile');
    assert.ok(ids.includes('runtime-distroless-nonroot'), ids.join(', '));
    for (const buildRule of ['multi-stage-build', 'cgo-disabled', 'reproducible-build', 'strip-debug-symbols']) assert.ok(!ids.includes(buildRule), buildRule);
    // A Dockerfile goreleaser does not name is judged as before: not a Go Dockerfile.
    assert.ok(!ruleIdsOf(reports, 'ledger/other.Dockerfile').includes('runtime-distroless-nonroot'));
  });

  it('a Dockerfile that copies the binary goreleaser builds beside it is a Go runtime Dockerfile; one that does not is not', () => {
    const { reports } = lintJson(dir, ['tool']);
    const ids = (file: string) => ruleIdsOf(reports, file);
    assert.ok(ids('tool/Dockerfile').includes('runtime-distroless-nonroot'), ids('tool/Dockerfile').join(', '));
    assert.ok(!ids('tool/Dockerfile').includes('multi-stage-build'));
    assert.ok(!ids('tool/web.Dockerfile').includes('runtime-distroless-nonroot'), ids('tool/web.Dockerfile').join(', '));
    const payout = ruleIdsOf(lintJson(dir, ['payout-svc']).reports, 'payout-svc/Dockerfile');
    assert.ok(payout.includes('runtime-distroless-nonroot'), payout.join(', '));
  });
});

// Not a rule-tester case: the tester refuses YAML the engine does not check, and that is the point here.
it('a goreleaser-shaped file under another name (deploy/values.yaml) is not read as one: no finding at all', () => {
  assert.deepEqual(lint('builds:\n  - id: api\n    env: []\n', { filePath: 'deploy/values.yaml' }), []);
  assert.ok(lint('builds:\n  - id: api\n    env: []\n', { filePath: '.goreleaser.yaml' }).some((f) => f.ruleId === 'cgo-disabled'), 'the same text as .goreleaser.yaml is judged');
});
