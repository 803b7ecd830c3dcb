import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { lintText } from '../../../server/src/engine/lint';
import { defaultConfig, DEFAULT_IMAGE_TAG_PATTERN } from '../../../server/src/engine/config';
import { buildDockerfileModel } from '../../../server/src/engine/dockerfile/model';
import { describeFinding } from '../helpers';
import {
  planScaffold,
  classifyPlannedFile,
  serviceNameFromModule,
  toServiceName,
  defaultImage,
  workflowPath,
  KUBERNETES_MANIFEST_PATH,
  COMPOSE_PATH,
  type ScaffoldPlan,
  type ServiceFacts,
} from '../../../server/src/scaffold';
import { builderGoTag, hasMethodPatterns, parseGoVersion } from '../../../server/src/scaffold/goVersion';
import { facts } from './fixtures';

function fileOf(plan: ScaffoldPlan, p: string): string {
  const f = plan.files.find((x) => x.path === p);
  assert.ok(f, `plan has no ${p}; it has ${plan.files.map((x) => x.path).join(', ')}`);
  return f.content;
}

/** Variants that change the generated text: Go version, go.sum, main at the root, monorepo. */
const VARIANTS: { name: string; facts: ServiceFacts }[] = [
  { name: 'go 1.25.0 with go.sum', facts: facts() },
  { name: 'go 1.21 without go.sum', facts: facts({ goVersion: '1.21', hasGoSum: false }) },
  { name: 'go 1.26.8, main at the module root', facts: facts({ goVersion: '1.26.8', mainPackage: '.' }) },
  { name: 'service below the repository root', facts: facts({ serviceDirFromRepoRoot: 'services/orders', modulePath: 'example.com/shop/orders', image: 'ghcr.io/example/orders' }) },
  {
    name: 'built from the repository root (go.mod replaces ../../lib)',
    facts: facts({
      serviceDirFromRepoRoot: 'services/orders',
      modulePath: 'example.com/shop/orders',
      image: 'ghcr.io/example/orders',
      buildContext: { fromService: '../..', serviceFromContext: 'services/orders', modulesFromContext: ['lib'], fromRepoRoot: '.' },
    }),
  },
];

describe('scaffold templates lint clean under our own rules', () => {
  for (const variant of VARIANTS) {
    it(variant.name, () => {
      const plan = planScaffold('all', variant.facts);
      const lintable = plan.files.filter((f) => /(^|\/)Dockerfile$|\.ya?ml$/.test(f.path));
      assert.deepEqual(
        lintable.map((f) => f.path.replace(/^(\.\.\/)+/, '')).sort(),
        ['Dockerfile', COMPOSE_PATH, KUBERNETES_MANIFEST_PATH, variant.facts.serviceDirFromRepoRoot === '.' ? '.github/workflows/publish-ghcr.yml' : '.github/workflows/publish-ghcr-orders.yml'].sort(),
      );
      for (const file of lintable) {
        const result = lintText({ filePath: file.path, text: file.content, config: defaultConfig() });
        assert.ok(result.kind, `${file.path} is not recognised as a file we lint`);
        assert.deepEqual(result.findings.map(describeFinding), [], `${file.path} has findings`);
      }
    });
  }
});

describe('Go version handling', () => {
  it('parses go directives', () => {
    assert.deepEqual(parseGoVersion('1.22'), { major: 1, minor: 22, patch: undefined });
    assert.deepEqual(parseGoVersion('1.24.3'), { major: 1, minor: 24, patch: 3 });
    assert.deepEqual(parseGoVersion('1.21rc2'), { major: 1, minor: 21, patch: undefined });
    assert.equal(parseGoVersion('latest'), undefined);
  });

  it('builds with the newest Go line by default, or the go.mod version when that is newer', () => {
    assert.equal(builderGoTag('1.21'), '1.26');
    assert.equal(builderGoTag('1.24.0'), '1.26');
    assert.equal(builderGoTag('1.25.3'), '1.26');
    assert.equal(builderGoTag('1.26'), '1.26');
    assert.equal(builderGoTag('1.26.8'), '1.26.8');
    assert.equal(builderGoTag('1.27'), '1.27');
    assert.equal(builderGoTag('garbage'), '1.26');
  });

  it('uses method patterns from Go 1.22 on and method checks before', () => {
    assert.equal(hasMethodPatterns('1.21.5'), false);
    assert.equal(hasMethodPatterns('1.22'), true);
    const modern = fileOf(planScaffold('health', facts({ goVersion: '1.22.0' })), 'internal/health/health.go');
    assert.match(modern, /mux\.HandleFunc\("GET \/health", c\.serveHealth\)/);
    assert.match(modern, /mux\.HandleFunc\("GET \/ready", c\.serveReady\)/);
    assert.doesNotMatch(modern, /getOnly/);
    const old = planScaffold('health', facts({ goVersion: '1.21' }));
    const oldHealth = fileOf(old, 'internal/health/health.go');
    assert.match(oldHealth, /mux\.Handle\("\/health", getOnly\(/);
    assert.doesNotMatch(oldHealth, /"GET \//);
    assert.match(fileOf(old, 'cmd/orders/routes.go'), /mux\.HandleFunc\("\/", /);
  });
});

describe('Go sources', () => {
  it('are gofmt-shaped: tab indentation only, no trailing blanks, final newline', () => {
    for (const f of planScaffold('health', facts()).files) {
      assert.ok(f.path.endsWith('.go'), f.path);
      assert.ok(f.content.endsWith('}\n'), `${f.path} must end with a newline`);
      f.content.split('\n').forEach((line, i) => {
        assert.doesNotMatch(line, /^ +\S/, `${f.path}:${i + 1} is indented with spaces`);
        assert.doesNotMatch(line, /[ \t]$/, `${f.path}:${i + 1} has trailing blanks`);
      });
    }
  });

  it('writes main.go and routes.go only when there is no main package', () => {
    const fresh = planScaffold('health', facts());
    assert.deepEqual(
      fresh.files.map((f) => f.path),
      ['internal/health/health.go', 'internal/health/health_test.go', 'internal/server/config.go', 'internal/server/server.go', 'internal/server/server_test.go', 'cmd/orders/main.go', 'cmd/orders/routes.go'],
    );
    assert.equal(fresh.wiringSuggestion, undefined);
    const main = fileOf(fresh, 'cmd/orders/main.go');
    assert.match(main, /"github\.com\/acme\/orders\/internal\/health"/);
    assert.match(main, /signal\.NotifyContext\(context\.Background\(\), syscall\.SIGTERM, os\.Interrupt\)/);
    assert.match(main, /slog\.NewJSONHandler\(os\.Stdout/);

    const existing = planScaffold('health', facts({ mainExists: true }));
    assert.ok(!existing.files.some((f) => f.path.startsWith('cmd/')), 'an existing main package is never written');
    assert.equal(existing.wiringSuggestion?.path, 'cmd/orders/main.go');
    assert.match(existing.wiringSuggestion!.text, /"github\.com\/acme\/orders\/internal\/server"/);
    assert.match(existing.wiringSuggestion!.text, /signal\.NotifyContext/);
    assert.match(existing.wiringSuggestion!.text, /checks\.Register\(mux\)/);

    assert.equal(planScaffold('health', facts({ mainExists: true, mainWired: true })).wiringSuggestion, undefined);
    assert.ok(planScaffold('health', facts({ mainPackage: '.' })).files.some((f) => f.path === 'main.go'));
  });

  it('reads configuration from the environment only, with the documented defaults', () => {
    const config = fileOf(planScaffold('health', facts()), 'internal/server/config.go');
    for (const name of ['PORT', 'SHUTDOWN_TIMEOUT', 'SHUTDOWN_DELAY', 'CLOSE_TIMEOUT', 'READINESS_CHECK_TIMEOUT', 'LOG_LEVEL']) assert.match(config, new RegExp(`(getenv\\(|duration\\()"${name}"`));
    assert.match(config, /DefaultPort\s+= "8080"/);
    assert.match(config, /DefaultShutdownTimeout = 25 \* time\.Second/);
    assert.doesNotMatch(config, /os\.ReadFile|os\.Open/);
  });
});

describe('Dockerfile', () => {
  it('has the canonical shape', () => {
    const text = fileOf(planScaffold('dockerfile', facts({ goVersion: '1.26.3' })), 'Dockerfile');
    assert.match(text, /^FROM --platform=\$BUILDPLATFORM golang:1\.26\.3-bookworm AS build$/m);
    assert.match(text, /--mount=type=cache,target=\/go\/pkg\/mod/);
    assert.match(text, /--mount=type=cache,target=\/root\/\.cache\/go-build/);
    assert.match(text, /CGO_ENABLED=0 GOOS=\$TARGETOS GOARCH=\$TARGETARCH/);
    assert.match(text, /go build -trimpath -ldflags="-s -w" -o \/out\/orders \.\/cmd\/orders$/m);
    assert.doesNotMatch(text, /^USER nonroot/m);
    assert.equal(text.match(/^USER 65532:65532$/gm)?.length, 2, 'numeric user in dev and prod (hadolint DL3066, kubelet runAsNonRoot)');
    assert.match(text, /^EXPOSE 8080$/m);
    assert.match(text, /^ENTRYPOINT \["\/usr\/local\/bin\/orders"\]$/m);
    assert.ok(text.indexOf('COPY go.mod go.sum ./') < text.indexOf('go mod download'), 'go.mod/go.sum come first');
    assert.ok(text.indexOf('go mod download') < text.indexOf('COPY . .'), 'dependencies are downloaded before the source is copied');
  });

  it('ends with the prod runtime and has a dev stage the model treats as dev', () => {
    const model = buildDockerfileModel(fileOf(planScaffold('dockerfile', facts()), 'Dockerfile'));
    assert.deepEqual(
      model.stages.map((s) => [s.name, s.isDev, s.isRuntime]),
      [
        ['build', false, false],
        ['build-dev', true, false],
        ['dev', true, false],
        ['prod', false, true],
      ],
    );
    assert.equal(model.stages[3].image.raw, 'gcr.io/distroless/static-debian12:nonroot');
    assert.ok(model.stages[0].reachesRuntime, 'the build stage feeds the runtime');
  });

  it('makes dev the debug image: an unoptimised binary under delve, which prod never gets', () => {
    const text = fileOf(planScaffold('dockerfile', facts()), 'Dockerfile');
    const dev = text.slice(text.indexOf('AS build-dev'), text.indexOf('AS prod'));
    assert.match(dev, /go build -gcflags="all=-N -l" -o \/out\/orders \.\/cmd\/orders/);
    assert.doesNotMatch(dev, /-ldflags="-s -w"/, 'the debug binary keeps its symbols');
    assert.match(dev, /go install github\.com\/go-delve\/delve\/cmd\/dlv@v\d+\.\d+\.\d+/);
    assert.match(dev, /^ENTRYPOINT \["\/usr\/local\/bin\/dlv", "exec", "--headless", "--listen=:2345", "--api-version=2", "--accept-multiclient", "--continue", "\/usr\/local\/bin\/orders"\]$/m);
    const prod = text.slice(text.indexOf('AS prod'));
    assert.doesNotMatch(prod, /dlv|build-dev/);
  });

  it('has no generic syntax problems (dockerfile-language-service validator)', () => {
    const service = DockerfileLanguageServiceFactory.createLanguageService();
    for (const variant of VARIANTS) {
      const problems = service.validate(fileOf(planScaffold('dockerfile', variant.facts), 'Dockerfile'));
      assert.deepEqual(problems.map((p) => `${p.range.start.line + 1}: ${p.message}`), [], variant.name);
    }
  });

  it('copies go.sum only when it exists, and builds a main package at the root', () => {
    const text = fileOf(planScaffold('dockerfile', facts({ hasGoSum: false, mainPackage: '.' })), 'Dockerfile');
    assert.match(text, /^COPY go\.mod go\.sum\* \.\/$/m);
    assert.match(text, /-o \/out\/orders \.$/m);
  });

  it('.dockerignore keeps .git and .env files out of the context', () => {
    const lines = fileOf(planScaffold('dockerfile', facts()), '.dockerignore').split('\n');
    for (const entry of ['.git', '.env*', '*.pem', '*.key']) assert.ok(lines.includes(entry), `missing ${entry}`);
    assert.ok(!lines.includes('go.mod') && !lines.includes('go.sum') && !lines.some((l) => l.endsWith('.go')), 'sources must reach the builder');
  });
});

describe('Kubernetes manifests', () => {
  const docs = parseAllDocuments(fileOf(planScaffold('k8s', facts()), KUBERNETES_MANIFEST_PATH)).map((d) => d.toJS());
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const service = docs.find((d) => d.kind === 'Service');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('has a Deployment, a Service and a PodDisruptionBudget whose selectors match the pod labels', () => {
    assert.equal(docs.length, 3);
    const pdb = docs.find((d) => d.kind === 'PodDisruptionBudget');
    assert.equal(pdb.apiVersion, 'policy/v1');
    assert.equal(pdb.spec.maxUnavailable, 1);
    assert.deepEqual(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels);
    assert.deepEqual(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels);
    for (const [k, v] of Object.entries(service.spec.selector)) assert.equal(deployment.spec.template.metadata.labels[k], v);
    assert.equal(service.spec.ports[0].targetPort, container.ports[0].name);
  });

  it('sets the standard resources, security context, probes and grace period', () => {
    assert.deepEqual(container.resources, {
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '500m', memory: '512Mi', 'ephemeral-storage': '128Mi' },
    });
    assert.deepEqual(container.securityContext, {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/health', port: 8080 });
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/ready', port: 8080 });
    assert.equal(container.ports[0].containerPort, 8080);
    assert.equal(pod.terminationGracePeriodSeconds, 30);
    assert.ok(!pod.hostNetwork && !pod.hostPID && !pod.hostIPC);
  });

  const env = (name: string): string | undefined => container.env.find((e: { name: string }) => e.name === name)?.value;
  const seconds = (d: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(d);
    assert.ok(m, `not a duration: ${d}`);
    return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
  };

  it('keeps the readiness probe timeout above the app check timeout (consistency check)', () => {
    const checkTimeout = seconds(env('READINESS_CHECK_TIMEOUT')!);
    const config = fileOf(planScaffold('health', facts()), 'internal/server/config.go');
    assert.equal(Number(/DefaultCheckTimeout\s+= (\d+) \* time\.Second/.exec(config)![1]), checkTimeout, 'the manifest states the app default');
    assert.ok(container.readinessProbe.timeoutSeconds > checkTimeout, `probe ${container.readinessProbe.timeoutSeconds}s must outlast the ${checkTimeout}s check`);
    assert.ok(container.livenessProbe.timeoutSeconds >= 1);
  });

  it('fits delay, drain and closers in the grace period, with no preStop doubling the delay', () => {
    const [budget, delay, close] = ['SHUTDOWN_TIMEOUT', 'SHUTDOWN_DELAY', 'CLOSE_TIMEOUT'].map((n) => seconds(env(n)!));
    assert.ok(delay > 0 && close > 0 && budget - delay - close > 0, 'each part of the budget is positive');
    assert.ok(budget < pod.terminationGracePeriodSeconds);
    assert.equal(container.lifecycle, undefined, 'the delay runs in the process (distroless has no sleep)');
  });

  it('sets GOMEMLIMIT below the memory limit, and GOMAXPROCS from the CPU limit before Go 1.25', () => {
    const limitMi = parseInt(container.resources.limits.memory, 10);
    const memlimit = /^(\d+)MiB$/.exec(env('GOMEMLIMIT')!);
    assert.ok(memlimit && Number(memlimit[1]) < limitMi && Number(memlimit[1]) >= limitMi * 0.8, env('GOMEMLIMIT'));
    assert.equal(env('GOMAXPROCS'), undefined, 'Go 1.25 follows the CPU limit by itself');
    const old = parseAllDocuments(fileOf(planScaffold('k8s', facts({ goVersion: '1.24' })), KUBERNETES_MANIFEST_PATH)).map((d) => d.toJS());
    const oldEnv = old[0].spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'GOMAXPROCS');
    assert.deepEqual(oldEnv.valueFrom.resourceFieldRef, { resource: 'limits.cpu', divisor: '1' });
  });

  it('spreads its replicas (kube-linter no-anti-affinity) with a selector matching the pods', () => {
    assert.ok(deployment.spec.replicas > 1);
    const term = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    assert.equal(term.topologyKey, 'kubernetes.io/hostname');
    assert.deepEqual(term.labelSelector.matchLabels, deployment.spec.template.metadata.labels);
  });

  it('uses a placeholder image tag that passes the tag rule', () => {
    const [repo, tag] = container.image.split(/:(?=[^:]*$)/);
    assert.equal(repo, 'ghcr.io/acme/orders');
    assert.match(tag, new RegExp(DEFAULT_IMAGE_TAG_PATTERN));
    const shutdown = container.env.find((e: { name: string }) => e.name === 'SHUTDOWN_TIMEOUT');
    assert.ok(parseInt(shutdown.value, 10) < pod.terminationGracePeriodSeconds, 'the drain budget ends before the kill');
  });
});

describe('compose, Makefile, .env.example', () => {
  it('compose has the hardening keys and no secret literals', () => {
    const doc = parse(fileOf(planScaffold('compose', facts()), COMPOSE_PATH));
    const svc = doc.services.orders;
    assert.equal(svc.read_only, true);
    assert.deepEqual(svc.security_opt, ['no-new-privileges:true']);
    assert.deepEqual(svc.cap_drop, ['ALL']);
    assert.deepEqual(svc.deploy.resources.limits, { cpus: '0.50', memory: '512M' });
    assert.match(svc.image, /^orders:0000000-v0\.1\.0$/);
    assert.equal(svc.build.target, 'prod');
    for (const name of Object.keys(svc.environment)) assert.doesNotMatch(name, /PASSWORD|SECRET|TOKEN|KEY/);
  });

  it('Makefile has the five targets with tab-indented recipes and a <sha>-v<VERSION> tag', () => {
    const text = fileOf(planScaffold('makefile', facts()), 'Makefile');
    for (const target of ['build', 'test', 'lint', 'docker-build', 'docker-push']) assert.match(text, new RegExp(`^${target}:`, 'm'));
    assert.match(text, /git rev-parse --short=7 HEAD/);
    assert.match(text, /git describe --tags --match 'v\[0-9\]\*' --abbrev=0/, 'the same version as the workflow');
    assert.match(text, /^TAG\s+\?= \$\(GIT_SHA\)-v\$\(VERSION\)$/m);
    assert.match(text, /^\tCGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin\/\$\(SERVICE\) \.\/cmd\/orders$/m);
    assert.doesNotMatch(text, /^ +\S/m, 'make needs tabs');
  });

  it('.env.example documents every variable the config reads', () => {
    const text = fileOf(planScaffold('env-example', facts()), '.env.example');
    const config = fileOf(planScaffold('health', facts()), 'internal/server/config.go');
    const read = [...config.matchAll(/getenv\("([A-Z_]+)"\)/g)].map((m) => m[1]);
    const readThroughHelper = [...config.matchAll(/duration\("([A-Z_]+)"/g)].map((m) => m[1]);
    assert.ok(read.length + readThroughHelper.length >= 6);
    for (const name of [...read, ...readThroughHelper]) assert.match(text, new RegExp(`^${name}=`, 'm'));
    assert.match(text, /^PORT=8080$/m);
    assert.match(text, /^SHUTDOWN_TIMEOUT=25s$/m);
    assert.match(text, /^SHUTDOWN_DELAY=5s$/m);
  });

  it('.env.example also lists the variables the service code reads', () => {
    const text = fileOf(planScaffold('env-example', facts({ envVars: ['DATABASE_URL', 'PORT', 'QUEUE_URL'] })), '.env.example');
    assert.match(text, /^DATABASE_URL=$/m);
    assert.match(text, /^QUEUE_URL=$/m);
    assert.equal(text.match(/^PORT=/gm)?.length, 1, 'a variable the config reads is listed once');
  });
});

describe('workflow', () => {
  const wf = parse(fileOf(planScaffold('workflow', facts()), '.github/workflows/publish-ghcr.yml'));
  const steps: { name?: string; uses?: string; if?: string; run?: string; with?: Record<string, unknown> }[] = wf.jobs.image.steps;
  const builds = steps.filter((s) => s.uses?.startsWith('docker/build-push-action'));

  it('names the service, runs on pull requests, main and v* tags', () => {
    assert.equal(wf.name, 'Container (orders)');
    assert.equal(wf.concurrency.group, 'container-orders-${{ github.ref }}');
    assert.ok('pull_request' in wf.on);
    assert.deepEqual(wf.on.push.branches, ['main']);
    assert.deepEqual(wf.on.push.tags, ['v*']);
    assert.equal(wf.jobs.image.permissions.packages, 'write');
  });

  it('lints the service with go-container-standard before the image job (SARIF upload and annotations)', () => {
    assert.equal(wf.jobs.image.needs, 'lint');
    const lint: { run?: string; uses?: string; with?: Record<string, unknown>; 'continue-on-error'?: boolean }[] = wf.jobs.lint.steps;
    const runs = lint.filter((s) => s.run).map((s) => s.run!);
    assert.ok(runs.some((r) => /^npx --yes go-container-standard@\d+\.\d+\.\d+\S* lint --format sarif --exit-zero --output-file "\$RUNNER_TEMP\/go-container-standard\.sarif" \.$/.test(r)), runs.join('\n'));
    assert.ok(runs.some((r) => /^npx --yes go-container-standard@\d+\.\d+\.\d+\S* lint --format github \.$/.test(r)), runs.join('\n'));
    const upload = lint.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.equal(upload['continue-on-error'], true, 'repositories without code scanning still get the annotations');
    assert.equal(wf.jobs.lint.permissions['security-events'], 'write');
  });

  it('pins every action by full commit SHA with its release in a comment', () => {
    const text = fileOf(planScaffold('workflow', facts()), '.github/workflows/publish-ghcr.yml');
    const usesLines = text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
    assert.ok(usesLines.length >= 8);
    for (const l of usesLines) assert.match(l, /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, l);
    assert.ok(usesLines.some((l) => l.includes('aquasecurity/trivy-action@')));
    assert.doesNotMatch(text, /trivy-action@0\.28\.0/);
  });

  it('builds amd64 without pushing, scans it (HIGH/CRITICAL fail), then pushes only on push events', () => {
    const scanBuild = builds[0];
    assert.equal(scanBuild.if, undefined, 'the scan build runs for pull requests too');
    assert.equal(scanBuild.with!.platforms, 'linux/amd64');
    assert.equal(scanBuild.with!.push, undefined);
    const scanIndex = steps.findIndex((s) => s.uses?.startsWith('aquasecurity/trivy-action'));
    assert.ok(scanIndex > steps.indexOf(scanBuild));
    assert.equal(steps[scanIndex].with!.severity, 'HIGH,CRITICAL');
    assert.equal(steps[scanIndex].with!['exit-code'], '1');
    for (const push of builds.slice(1)) {
      assert.equal(push.with!.push, true);
      assert.match(push.if!, /github\.event_name == 'push'/);
      assert.ok(steps.indexOf(push) > scanIndex, 'nothing is pushed before the scan');
      assert.equal(push.with!.platforms, 'linux/amd64,linux/arm64');
    }
  });

  it('pushes <sha>-v<version> tags that the manifests accept (k8s-image-tag), to the image the Makefile uses', () => {
    assert.equal(wf.env.IMAGE, 'ghcr.io/acme/orders');
    const pushes = builds.slice(1).map((b) => ({ if: b.if, target: b.with!.target, tags: b.with!.tags }));
    assert.deepEqual(pushes, [
      { if: "github.event_name == 'push'", target: 'prod', tags: '${{ env.IMAGE }}:${{ steps.meta.outputs.tag }}' },
      { if: "github.event_name == 'push' && github.ref == 'refs/heads/main'", target: 'dev', tags: '${{ env.IMAGE }}:${{ steps.meta.outputs.tag }}-dev' },
    ]);
    const meta = steps.find((s) => s.name?.startsWith('Image tag'))!;
    // Run the step's script with bash as the runner would, for a main push and a tag push.
    const script = meta.run!;
    for (const [ref, refName, want] of [
      ['refs/tags/v1.2.3', 'v1.2.3', 'abcdef1-v1.2.3'],
      ['refs/heads/main', 'main', 'abcdef1-v0.1.0'],
    ]) {
      const out = path.join(os.tmpdir(), `gcs-wf-${process.pid}-${refName}`);
      const r = spawnSync('bash', ['-e', '-c', script], { cwd: os.tmpdir(), env: { PATH: process.env.PATH, GITHUB_REF: ref, GITHUB_REF_NAME: refName, GITHUB_SHA: 'abcdef1234567890', GITHUB_OUTPUT: out, GIT_CEILING_DIRECTORIES: os.tmpdir() }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const tag = fs.readFileSync(out, 'utf8').trim().replace(/^tag=/, '');
      fs.rmSync(out, { force: true });
      assert.equal(tag, want);
      assert.match(tag, new RegExp(DEFAULT_IMAGE_TAG_PATTERN));
      assert.match(`${tag}-dev`, new RegExp(DEFAULT_IMAGE_TAG_PATTERN));
    }
  });

  it('cross-compiles instead of emulating', () => {
    assert.ok(!steps.some((s) => s.uses?.includes('setup-qemu')));
    assert.ok(steps.some((s) => s.uses?.startsWith('docker/setup-buildx-action')));
  });

  it('points at the service folder when it is below the repository root, with its own name, group and file', () => {
    const f = facts({ serviceDirFromRepoRoot: 'services/orders' });
    assert.equal(workflowPath(f), '../../.github/workflows/publish-ghcr-orders.yml');
    const sub = parse(planScaffold('workflow', f).files[0].content);
    const subBuilds = sub.jobs.image.steps.filter((s: { uses?: string }) => s.uses?.startsWith('docker/build-push-action'));
    for (const b of subBuilds) {
      assert.equal(b.with.context, 'services/orders');
      assert.equal(b.with.file, 'services/orders/Dockerfile');
    }
    assert.deepEqual(sub.on.pull_request.paths, ['services/orders/**', '.github/workflows/publish-ghcr-orders.yml']);
    const other = parse(planScaffold('workflow', facts({ serviceDirFromRepoRoot: 'services/payments', service: 'payments', image: 'ghcr.io/acme/payments' })).files[0].content);
    assert.notEqual(other.name, sub.name);
    assert.notEqual(other.concurrency.group, sub.concurrency.group);
    assert.ok(sub.jobs.lint.steps.some((s: { run?: string }) => s.run?.endsWith(' services/orders')), 'the lint covers the service folder');
  });
});

describe('plan helpers', () => {
  it('all is the union of the targets, without duplicates', () => {
    const all = planScaffold('all', facts()).files.map((f) => f.path);
    assert.equal(new Set(all).size, all.length);
    for (const t of ['health', 'dockerfile', 'k8s', 'compose', 'makefile', 'env-example', 'workflow'] as const) {
      for (const f of planScaffold(t, facts()).files) assert.ok(all.includes(f.path), `${t}: ${f.path} missing from all`);
    }
  });

  it('classifies files against what exists, ignoring CRLF', () => {
    const file = { path: 'x', content: 'a\nb\n' };
    assert.equal(classifyPlannedFile(file, undefined), 'new');
    assert.equal(classifyPlannedFile(file, 'a\r\nb\r\n'), 'unchanged');
    assert.equal(classifyPlannedFile(file, 'a\n'), 'conflict');
  });

  it('derives DNS-label service names and images', () => {
    assert.equal(serviceNameFromModule('github.com/acme/Order_Service/v2'), 'order-service');
    assert.equal(serviceNameFromModule('orders'), 'orders');
    assert.equal(toServiceName('123-API__v1-'), 'api-v1');
    assert.equal(toServiceName('___'), 'service');
    assert.equal(toServiceName('x'.repeat(80)).length, 63);
    assert.equal(defaultImage('github.com/Acme/orders', 'orders'), 'ghcr.io/acme/orders');
    assert.equal(defaultImage('example.com/orders', 'orders'), 'ghcr.io/example/orders');
  });
});
