import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig, type ResolvedConfig } from '../../../server/src/engine/config';
import { fixServiceRoots, lintServiceRoots, prepareServiceChecks } from '../../../server/src/engine/service';
import type { Finding, FixSafety, Severity } from '../../../server/src/engine/types';
import { lintText } from '../../../server/src/engine/lint';
import { FATAL_ENGINE_FINDINGS } from '../helpers';

/** Files of a small workspace: relative path → content. */
export type WorkspaceFiles = Record<string, string>;

export function writeWorkspace(files: WorkspaceFiles): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-service-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

export interface ServiceLintOptions {
  rules?: string[];
  config?: Partial<ResolvedConfig>;
}

/** Service findings of a workspace folder, with paths relative to it (posix). */
export function lintWorkspace(dir: string, options: ServiceLintOptions = {}): Finding[] {
  const config = { ...defaultConfig(), ...options.config };
  const findings = lintServiceRoots([dir], { configFor: () => config, only: options.rules ? new Set(options.rules) : undefined });
  return findings
    .map((f) => ({ ...f, file: path.relative(dir, f.file).split(path.sep).join('/') }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function fixWorkspace(dir: string, options: ServiceLintOptions = {}): void {
  const config = { ...defaultConfig(), ...options.config };
  // Unsafe fixes too, as `--fix --unsafe-fixes` (the tables check each fix's safety separately).
  fixServiceRoots([dir], { configFor: () => config, only: options.rules ? new Set(options.rules) : undefined }, { unsafe: true });
}

/** Expected finding, 1-based like editors show it; omitted fields are not checked. */
export interface ExpectedServiceFinding {
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity?: Severity;
  message?: string | RegExp;
  /** The finding offers this action (`scaffold:health`), for the service folder (relative to the workspace, posix). */
  action?: { name: string; serviceRoot: string };
}

export interface ServiceInvalidCase {
  name: string;
  files: WorkspaceFiles;
  errors: ExpectedServiceFinding[];
  /** Content of `outputFile` after `--fix` for this rule; null asserts that no fix is offered. */
  output?: string | null;
  outputFile?: string;
  /** The safety of every fix the findings carry. */
  safety?: FixSafety;
  config?: Partial<ResolvedConfig>;
}

export interface ServiceValidCase {
  name: string;
  files: WorkspaceFiles;
  config?: Partial<ResolvedConfig>;
}

/**
 * Fails when a file of the workspace does not parse (or is skipped), or when the service checks
 * fail: the rule would then pass without having judged the files (ESLint's "A fatal parsing error").
 */
export function assertWorkspaceParses(dir: string, what: string, serviceFindings: Finding[] = [], fatal: ReadonlySet<string> = FATAL_ENGINE_FINDINGS): void {
  const findings = serviceFindings.filter((f) => fatal.has(f.ruleId));
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else {
        const result = lintText({ filePath: path.join(dir, child), text: fs.readFileSync(path.join(dir, child), 'utf8'), config: defaultConfig(), only: new Set() });
        findings.push(...result.findings.filter((f) => fatal.has(f.ruleId)).map((f) => ({ ...f, file: child })));
      }
    }
  };
  walk('');
  if (findings.length) assert.fail(`A fatal parsing error occurred in ${what}, so the rule was not tested:\n${findings.map(describeServiceFinding).join('\n')}`);
}

/** One valid case: every file parses, and the rule reports nothing. */
export function assertServiceValidCase(ruleId: string, c: ServiceValidCase): void {
  const dir = writeWorkspace(c.files);
  try {
    const all = lintWorkspace(dir, { rules: [ruleId], config: c.config });
    assertWorkspaceParses(dir, 'the input', all);
    assert.deepEqual(all.map(describeServiceFinding), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One invalid case: every file parses, exactly the expected findings, and the fixed file when given (which must still parse). */
export function assertServiceInvalidCase(ruleId: string, c: ServiceInvalidCase): void {
  const dir = writeWorkspace(c.files);
  try {
    const found = lintWorkspace(dir, { rules: [ruleId], config: c.config });
    assertWorkspaceParses(dir, 'the input', found);
    assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map(describeServiceFinding).join('\n')}`);
    c.errors.forEach((exp, k) => {
      const f = found[k];
      const at = describeServiceFinding(f);
      assert.equal(f.ruleId, ruleId, at);
      assert.equal(f.file, exp.file, `file of finding ${k + 1}: ${at}`);
      assert.equal(f.range.start.line + 1, exp.line, `line of finding ${k + 1}: ${at}`);
      if (exp.column !== undefined) assert.equal(f.range.start.character + 1, exp.column, `column of finding ${k + 1}: ${at}`);
      if (exp.endLine !== undefined) assert.equal(f.range.end.line + 1, exp.endLine, `end line of finding ${k + 1}: ${at}`);
      if (exp.endColumn !== undefined) assert.equal(f.range.end.character + 1, exp.endColumn, `end column of finding ${k + 1}: ${at}`);
      if (exp.severity) assert.equal(f.severity, exp.severity, `severity of finding ${k + 1}`);
      if (exp.action) {
        assert.equal(f.action && `${f.action.kind}:${f.action.target}`, exp.action.name, `action of finding ${k + 1}`);
        assert.equal(path.relative(dir, f.action!.serviceRoot).split(path.sep).join('/'), exp.action.serviceRoot, `service folder of the action of finding ${k + 1}`);
      }
      if (exp.message !== undefined) {
        if (typeof exp.message === 'string') assert.ok(f.message.includes(exp.message), `message '${f.message}' lacks '${exp.message}'`);
        else assert.match(f.message, exp.message);
      }
    });
    if (c.safety) for (const f of found) if (f.fix) assert.equal(f.fix.safety, c.safety, `safety of the fix of ${describeServiceFinding(f)}`);
    if (c.output === null) {
      assert.ok(found.every((f) => !f.fix), 'expected no fix');
      return;
    }
    if (c.output === undefined && !found.some((f) => f.fix)) return;
    if (c.output !== undefined) {
      assert.ok(c.outputFile, 'a case with output names its outputFile');
      assert.notEqual(c.output, c.files[c.outputFile!], 'output must differ from the input');
    }
    fixWorkspace(dir, { rules: [ruleId], config: c.config });
    assertWorkspaceParses(dir, 'the fixed workspace', [], new Set(['parse-error']));
    if (c.output === undefined) return;
    assert.equal(fs.readFileSync(path.join(dir, c.outputFile!), 'utf8'), c.output);
    const after = lintWorkspace(dir, { rules: [ruleId], config: c.config }).filter((f) => f.ruleId === ruleId && f.fix);
    assert.deepEqual(after.map(describeServiceFinding), [], 'the fixed workspace still has fixable findings of this rule');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** RuleTester for service rules: each case is a workspace written to a temp folder. */
export function serviceRuleTester(ruleId: string, cases: { valid: ServiceValidCase[]; invalid: ServiceInvalidCase[] }): void {
  describe(ruleId, () => {
    before(() => prepareServiceChecks());
    for (const c of cases.valid) it(`valid: ${c.name}`, () => assertServiceValidCase(ruleId, c));
    for (const c of cases.invalid) it(`invalid: ${c.name}`, () => assertServiceInvalidCase(ruleId, c));
  });
}

export function describeServiceFinding(f: Finding): string {
  const r = f.range;
  return `${f.file} ${f.ruleId} ${f.severity} ${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.message}`;
}

/** A compliant service, to vary one file at a time. */
/** `overrides`: service-relative path → new content, or null to leave the file out. */
export function compliantService(name = 'ledger', overrides: Record<string, string | null> = {}): WorkspaceFiles {
  const files: WorkspaceFiles = {
    [`${name}/go.mod`]: `module example.com/${name}\n\ngo 1.24\n`,
    [`${name}/Dockerfile`]: [
      'FROM --platform=$BUILDPLATFORM golang:1.24-bookworm AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      `RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/${name} ./cmd/${name}`,
      '',
      'FROM gcr.io/distroless/static-debian12:nonroot',
      `COPY --from=build /out/${name} /${name}`,
      'USER nonroot:nonroot',
      'EXPOSE 8080',
      `ENTRYPOINT ["/${name}"]`,
      '',
    ].join('\n'),
    [`${name}/cmd/${name}/main.go`]: [
      'package main',
      '',
      'import (',
      '\t"context"',
      '\t"net/http"',
      '\t"os"',
      '\t"os/signal"',
      '\t"syscall"',
      ')',
      '',
      'func main() {',
      '\tmux := http.NewServeMux()',
      '\tmux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {})',
      '\tmux.HandleFunc("GET /ready", func(w http.ResponseWriter, _ *http.Request) {})',
      '\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)',
      '\tdefer stop()',
      '\tsrv := &http.Server{Addr: ":" + os.Getenv("PORT"), Handler: mux}',
      '\tgo srv.ListenAndServe()',
      '\t<-ctx.Done()',
      '\t_ = srv.Shutdown(context.Background())',
      '}',
      '',
    ].join('\n'),
    [`${name}/.dockerignore`]: '.git\n.env*\n',
    [`${name}/.env.example`]: 'PORT=8080\n',
    [`${name}/Makefile`]: '.PHONY: build test lint docker-build docker-push\nbuild:\n\tgo build ./...\ntest:\n\tgo test ./...\nlint:\n\tgo vet ./...\ndocker-build:\n\tdocker build .\ndocker-push:\n\tdocker push x\n',
    [`${name}/deploy/deployment.yaml`]: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  template:',
      '    spec:',
      '      securityContext:',
      '        runAsNonRoot: true',
      '        runAsUser: 65532',
      '      containers:',
      `        - name: ${name}`,
      `          image: ghcr.io/acme/${name}:abc1234-v1.0.0`,
      '          ports:',
      '            - containerPort: 8080',
      '',
    ].join('\n'),
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete files[`${name}/${k}`];
    else files[`${name}/${k}`] = v;
  }
  return files;
}
