import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, type ResolvedConfig } from '../../../server/src/engine/config';
import { checkServices, discoverServices, prepareServiceChecks, readTextFile } from '../../../server/src/engine/service';
import { isExcludedFromContext, parseDockerignore } from '../../../server/src/engine/service/dockerignore';
import { parseGoMod } from '../../../server/src/engine/service/go-mod';
import { runLint } from '../../../server/src/cli/lint';
import { compliantService, describeServiceFinding, lintWorkspace, writeWorkspace } from './helpers';

before(() => prepareServiceChecks());

describe('service discovery', () => {
  it('finds folders with go.mod, gives Go files to the nearest module and skips vendor, node_modules, testdata and dot folders', () => {
    const dir = writeWorkspace({
      'a/go.mod': 'module a\n',
      'a/main.go': 'package main\n',
      'a/vendor/x/x.go': 'package x\n',
      'a/testdata/mod/go.mod': 'module t\n',
      'a/.cache/go.mod': 'module c\n',
      'a/node_modules/p/Dockerfile': 'FROM x\n',
      'a/tools/go.mod': 'module tools\n',
      'a/tools/t.go': 'package tools\n',
      'a/Dockerfile': 'FROM golang:1.24\n',
      'a/deploy/app.yaml': 'kind: Pod\n',
      'a/.gitignore': 'generated/\n',
      'a/generated/go.mod': 'module g\n',
    });
    try {
      const ws = discoverServices([dir]);
      assert.deepEqual(ws.services.map((s) => path.relative(dir, s.root)).sort(), ['a', path.join('a', 'tools')]);
      const a = ws.services.find((s) => s.name === 'a')!;
      assert.deepEqual(a.goFiles.map((f) => path.relative(dir, f)), [path.join('a', 'main.go')]);
      assert.deepEqual(ws.dockerfiles.map((f) => path.relative(dir, f)), [path.join('a', 'Dockerfile')]);
      assert.deepEqual(ws.yamlFiles.map((f) => path.relative(dir, f)), [path.join('a', 'deploy', 'app.yaml')]);
      assert.equal(ws.truncated, false);
      const unfiltered = discoverServices([dir], { respectGitignore: false });
      assert.ok(unfiltered.services.some((s) => s.name === 'generated'));
      const capped = discoverServices([dir], { maxFiles: 2 });
      assert.equal(capped.truncated, true);
      assert.equal(capped.files.size, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('go.mod and .dockerignore reading', () => {
  it('reads module and go directives with ranges, past comments and blocks', () => {
    const mod = parseGoMod('/x/go.mod', '// c\nmodule "example.com/x" // m\n\nrequire (\n\tgo 1.1\n)\ngo 1.25.1\ntoolchain go1.25.3\n');
    assert.equal(mod.module, 'example.com/x');
    assert.deepEqual(mod.anchor, { start: { line: 1, character: 0 }, end: { line: 1, character: 22 } });
    assert.equal(mod.goVersion, '1.25.1');
    assert.deepEqual(mod.goVersionRange, { start: { line: 6, character: 3 }, end: { line: 6, character: 9 } });
  });

  it('matches like BuildKit: parents, globs, exceptions in order', () => {
    const patterns = parseDockerignore('# comment\n**/.env*\n!.env.example\n./.git/\n');
    assert.ok(isExcludedFromContext(patterns, '.git'));
    assert.ok(isExcludedFromContext(patterns, '.git/config'));
    assert.ok(isExcludedFromContext(patterns, 'sub/.env.local'));
    assert.ok(!isExcludedFromContext(patterns, '.env.example'));
    assert.ok(!isExcludedFromContext(patterns, 'main.go'));
    assert.ok(!isExcludedFromContext(parseDockerignore('#.git\n'), '.git'));
  });
});

describe('service checks', () => {
  it('a compliant service has no finding from any service rule', () => {
    const dir = writeWorkspace(compliantService());
    try {
      assert.deepEqual(lintWorkspace(dir).map(describeServiceFinding), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a library module (no main package, no Dockerfile) is not asked for health endpoints, .env.example or a Makefile', () => {
    const dir = writeWorkspace({ 'lib/go.mod': 'module example.com/lib\n\ngo 1.24\n', 'lib/lib.go': 'package lib\n' });
    try {
      assert.deepEqual(lintWorkspace(dir).map(describeServiceFinding), []);
      fs.writeFileSync(path.join(dir, 'lib/main.go'), 'package main\n\nfunc main() {}\n');
      fs.rmSync(path.join(dir, 'lib/lib.go'));
      assert.deepEqual(lintWorkspace(dir).map((f) => f.ruleId).sort(), ['env-example', 'graceful-shutdown', 'health-endpoints', 'makefile-targets']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('respects off, ignore globs and YAML suppressions of the file a finding attaches to', () => {
    const dir = writeWorkspace(
      compliantService('ledger', {
        'go.mod': 'module example.com/ledger\n\ngo 1.25\n',
        '.env.example': null,
        'deploy/deployment.yaml': compliantService()['ledger/deploy/deployment.yaml'].replace('        runAsUser: 65532', '        # container-standard ignore=user-id-consistency -- set by the platform\n        runAsUser: 1000'),
      }),
    );
    try {
      const all = lintWorkspace(dir).map((f) => `${f.ruleId} ${f.file}`);
      assert.deepEqual(all, ['go-version-consistency ledger/Dockerfile', 'env-example ledger/go.mod']);
      const config: Partial<ResolvedConfig> = { rules: { 'env-example': 'off' }, ignore: [path.join(dir, 'ledger/Dockerfile').split(path.sep).join('/')] };
      assert.deepEqual(lintWorkspace(dir, { config }).map(describeServiceFinding), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without the Go parser, the rules that read Go code say so instead of guessing', () => {
    const dir = writeWorkspace(compliantService());
    try {
      const config = defaultConfig();
      const findings = checkServices(discoverServices([dir]), { readFile: readTextFile, configFor: () => config, parser: null });
      assert.deepEqual(
        findings.map((f) => [f.ruleId, path.relative(dir, f.file)]),
        [['internal-error', path.join('ledger', 'go.mod')]],
      );
      assert.match(findings[0].message, /graceful-shutdown and health-endpoints did not run/);
      const only = checkServices(discoverServices([dir]), { readFile: readTextFile, configFor: () => config, parser: null, only: new Set(['dockerignore']) });
      assert.deepEqual(only, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads unsaved editor buffers through the file reader', () => {
    const dir = writeWorkspace(compliantService());
    try {
      const config = defaultConfig();
      const buffer = path.join(dir, 'ledger/cmd/ledger/main.go');
      const readFile = (p: string) => (p === buffer ? 'package main\n\nfunc main() {}\n' : readTextFile(p));
      const findings = checkServices(discoverServices([dir]), { readFile, configFor: () => config });
      assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['graceful-shutdown', 'health-endpoints']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lint command over services', () => {
  let dir: string;
  const nonCompliant = compliantService('payments', {
    'go.mod': 'module example.com/payments\n\ngo 1.25\n',
    Dockerfile: [
      'FROM golang:1.24-bookworm AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/payments ./cmd/payin',
      '',
      'FROM gcr.io/distroless/static-debian12:nonroot',
      'COPY --from=build /out/payments /payments',
      'USER nonroot:nonroot',
      'EXPOSE 8080',
      'ENTRYPOINT ["/payments"]',
      '',
    ].join('\n'),
    'cmd/payments/main.go': 'package main\n\nimport (\n\t"net/http"\n\t"os"\n\t"os/signal"\n)\n\nfunc main() {\n\t// mux.HandleFunc("/ready", ready)\n\thttp.HandleFunc("/health", h)\n\tsignal.Notify(make(chan os.Signal, 1), os.Interrupt)\n}\n',
    'cmd/ledger/main.go': null,
    '.dockerignore': null,
    '.env.example': null,
    Makefile: null,
    'deploy/deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: payments',
      'spec:',
      '  template:',
      '    spec:',
      '      securityContext:',
      '        runAsNonRoot: true',
      '      containers:',
      '        - name: payments',
      '          image: ghcr.io/acme/payments:abc1234-v1.0.0',
      '          ports:',
      '            - containerPort: 9090',
      '',
    ].join('\n'),
  });
  before(() => {
    dir = writeWorkspace({ ...nonCompliant, ...compliantService('ledger') });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    let stdout = '';
    const code = runLint(args, { stdout: (s) => (stdout += s), stderr: () => undefined, readStdin: () => '', cwd: dir, color: false, version: '0.0.0-test' });
    return { code, stdout };
  };
  const serviceRuleIds = ['go-version-consistency', 'build-path-exists', 'health-endpoints', 'graceful-shutdown', 'dockerignore', 'env-example', 'makefile-targets', 'user-id-consistency', 'port-consistency'];

  it('reports each cross-file problem in SARIF on the file and line it concerns; the compliant service has none', () => {
    const { stdout } = run(['.', '--format', 'sarif']);
    const results = JSON.parse(stdout).runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    const ours = results
      .filter((r) => serviceRuleIds.includes(r.ruleId))
      .map((r) => `${r.ruleId} ${r.level} ${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`)
      .sort();
    assert.deepEqual(ours, [
      'build-path-exists error payments/Dockerfile:6',
      'dockerignore warning payments/Dockerfile:1',
      'env-example note payments/go.mod:1',
      'go-version-consistency error payments/Dockerfile:1',
      'graceful-shutdown warning payments/cmd/payments/main.go:9',
      'health-endpoints warning payments/go.mod:1',
      'makefile-targets note payments/go.mod:1',
      'port-consistency warning payments/deploy/deployment.yaml:14',
      'user-id-consistency warning payments/deploy/deployment.yaml:8',
    ]);
    const createFix = results.find((r) => r.ruleId === 'dockerignore') as unknown as { fixes: { artifactChanges: { artifactLocation: { uri: string }; replacements: unknown[] }[] }[] };
    assert.deepEqual(createFix.fixes[0].artifactChanges.map((c) => [c.artifactLocation.uri, c.replacements.length]), [['payments/.dockerignore', 1]]);
  });

  it('--rule limits the service pass; a file argument gets the service findings of that file, as the folder run does', () => {
    const { stdout } = run(['payments', '--format', 'json', '--rule', 'build-path-exists']);
    const reports = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    assert.deepEqual(reports.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.ruleId} ${m.line}`)), [`${path.join('payments', 'Dockerfile')} build-path-exists 6`]);
    const file = run([path.join('payments', 'Dockerfile'), '--format', 'json', '--rule', 'build-path-exists']);
    const fileReports = JSON.parse(file.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    assert.deepEqual(fileReports.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.ruleId} ${m.line}`)), [`${path.join('payments', 'Dockerfile')} build-path-exists 6`]);
  });

  it('plain --fix applies only the safe service fixes: the Go version, user id and port the author wrote stay', () => {
    const fixDir = writeWorkspace({ ...nonCompliant, 'payments/Makefile': 'keep:\n\t@true\n' });
    try {
      let out = '';
      runLint(['.', '--fix'], { stdout: (s) => (out += s), stderr: () => undefined, readStdin: () => '', cwd: fixDir, color: false, version: '0' });
      const read = (p: string) => fs.readFileSync(path.join(fixDir, 'payments', p), 'utf8');
      assert.match(read('Dockerfile'), /^FROM \S* ?golang:1\.24-bookworm AS build\n/, 'the Go version bump is unsafe');
      assert.doesNotMatch(read('deploy/deployment.yaml'), /runAsUser: 65532/, 'setting a user id is unsafe');
      assert.ok(!fs.existsSync(path.join(fixDir, 'payments', '.dockerignore')), 'a .dockerignore excluding .env* under COPY . . is unsafe (the program may load a .env)');
      assert.match(read('.env.example'), /^# Configuration of this service/);
      assert.match(out, /unsafe fix(es)? (was|were) available and not applied .*--fix --unsafe-fixes/);
      const after = lintWorkspace(fixDir).filter((f) => f.fix).map((f) => [f.ruleId, f.fix!.safety]);
      assert.ok(after.length > 0 && after.every(([, safety]) => safety === 'unsafe'), `only unsafe fixes remain: ${JSON.stringify(after)}`);
    } finally {
      fs.rmSync(fixDir, { recursive: true, force: true });
    }
  });

  it('--fix --unsafe-fixes applies cross-file fixes and creates missing files without overwriting', () => {
    const fixDir = writeWorkspace({ ...nonCompliant, 'payments/Makefile': 'keep:\n\t@true\n' });
    try {
      const r = runLint(['.', '--fix', '--unsafe-fixes', '--format', 'json'], { stdout: () => undefined, stderr: () => undefined, readStdin: () => '', cwd: fixDir, color: false, version: '0' });
      assert.equal(r, 1, 'the build path still cannot be fixed');
      const read = (p: string) => fs.readFileSync(path.join(fixDir, 'payments', p), 'utf8');
      assert.match(read('Dockerfile'), /^FROM \S* ?golang:1\.25-bookworm AS build\n/);
      assert.match(read('deploy/deployment.yaml'), /runAsNonRoot: true\n {8}runAsUser: 65532\n/);
      assert.match(read('deploy/deployment.yaml'), /containerPort: 8080\n/);
      assert.match(read('.dockerignore'), /^\.git$/m);
      assert.match(read('.env.example'), /^# Configuration of this service/);
      assert.match(read('Makefile'), /^keep:\n\t@true\n\nSERVICE \?= payments\n/);
      const after = lintWorkspace(fixDir).map((f) => f.ruleId).sort();
      assert.deepEqual(after, ['build-path-exists', 'graceful-shutdown', 'health-endpoints']);
    } finally {
      fs.rmSync(fixDir, { recursive: true, force: true });
    }
  });
});
