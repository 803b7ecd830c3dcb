// Compiles, vets, tests and runs the generated Go service with the real Go toolchain.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScaffold } from '../../../server/src/cli/scaffold';
import { captureIo, lintJson, tempDir, writeFiles } from '../fixtures';
import { parseAllDocuments } from 'yaml';
import { isExcludedFromContext, parseDockerignore } from '../../../server/src/engine/service/dockerignore';
import { prepareServiceChecks } from '../../../server/src/engine/service';

const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
const GO_MISSING =
  goVersion.error || goVersion.status !== 0
    ? 'The Go toolchain (`go`) is not on PATH, so the generated Go code cannot be compiled, vetted, tested or run. ' +
      'Install Go 1.22 or newer (https://go.dev/dl/) to run test/unit/scaffold/go-toolchain.test.ts.'
    : undefined;

/** Never a silent pass: without Go every test here fails with the reason. */
function requireGo(): void {
  if (GO_MISSING) assert.fail(GO_MISSING);
}

// The local toolchain only (never a download); cgo on, as the race detector needs it.
const GO_ENV = { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '1' };

function go(dir: string, args: string[], timeoutMs = 240_000): { status: number | null; output: string } {
  const r = spawnSync('go', args, { cwd: dir, env: GO_ENV, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function scaffoldModule(t: { after(fn: () => void): void }, modulePath: string, goLine?: string): string {
  const dir = tempDir(t, 'gcs-go-');
  if (goLine) fs.writeFileSync(path.join(dir, 'go.mod'), `module ${modulePath}\n\ngo ${goLine}\n`);
  else assert.equal(go(dir, ['mod', 'init', modulePath]).status, 0, 'go mod init failed');
  const io = captureIo(dir);
  assert.equal(runScaffold(['all'], io), 0, io.out + io.err);
  return dir;
}

// Replaces the generated routes.go (through -overlay, the files stay as generated): /slow sends
// its headers at once and its body only when the process gets SIGUSR1.
const SLOW_ROUTES = `package main

import (
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func routes(mux *http.ServeMux) {
	release := make(chan os.Signal, 1)
	signal.Notify(release, syscall.SIGUSR1)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "started\\n")
		w.(http.Flusher).Flush()
		<-release
		_, _ = io.WriteString(w, "finished\\n")
	})
}
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function request(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function until(what: string, deadlineMs: number, cond: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await cond().catch(() => false)) return;
    if (Date.now() > deadline) assert.fail(`timed out after ${deadlineMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function startService(binary: string, env: Record<string, string>, t: { after(fn: () => void): void }): Running {
  const child = spawn(binary, [], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (c) => (output += c));
  child.stderr!.setEncoding('utf8').on('data', (c) => (output += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => output, exited };
}

function withinDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]);
}

function jsonLines(output: string): Record<string, unknown>[] {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  return lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      assert.fail(`log line is not JSON: ${line}\n--- full output ---\n${output}`);
    }
  });
}

describe('generated Go service (scaffold all into a fresh module)', { timeout: 900_000 }, () => {
  let dir = '';
  let binary = '';
  // Hooks registered from inside before() would run right after it: collect cleanups here instead.
  const cleanups: (() => void)[] = [];
  const suite = { after: (fn: () => void) => void cleanups.push(fn) };
  after(() => cleanups.forEach((fn) => fn()));

  before(() => {
    if (GO_MISSING) return;
    dir = scaffoldModule(suite, 'github.com/acme/orders');
    const work = tempDir(suite, 'gcs-go-build-');
    const routes = path.join(work, 'routes.go');
    fs.writeFileSync(routes, SLOW_ROUTES);
    const overlay = path.join(work, 'overlay.json');
    fs.writeFileSync(overlay, JSON.stringify({ Replace: { [path.join(dir, 'cmd/orders/routes.go')]: routes } }));
    binary = path.join(work, os.platform() === 'win32' ? 'orders.exe' : 'orders');
    const build = go(dir, ['build', '-overlay', overlay, '-o', binary, './cmd/orders']);
    assert.equal(build.status, 0, build.output);
  });

  it('has a Go toolchain to work with', () => {
    requireGo();
    assert.match(goVersion.stdout, /^go version go\d/);
  });

  it('is gofmt-clean and passes go vet', () => {
    requireGo();
    const gofmt = spawnSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(gofmt.status, 0, gofmt.stderr);
    assert.equal(gofmt.stdout, '', `gofmt would change:\n${gofmt.stdout}`);
    const vet = go(dir, ['vet', './...']);
    assert.equal(vet.status, 0, vet.output);
  });

  it('passes its own tests with the race detector', () => {
    requireGo();
    const test = go(dir, ['test', '-race', '-count=1', '-timeout', '120s', './...']);
    assert.equal(test.status, 0, test.output);
    assert.match(test.output, /ok\s+github\.com\/acme\/orders\/internal\/health/);
    assert.match(test.output, /ok\s+github\.com\/acme\/orders\/internal\/server/);
  });

  it('honours PORT, answers /health and /ready, drains an in-flight request on SIGTERM and exits 0 within the budget', async (t) => {
    requireGo();
    const budgetSeconds = 10;
    const port = await freePort();
    const svc = startService(binary, { PORT: String(port), SHUTDOWN_TIMEOUT: `${budgetSeconds}s` }, t);
    await until(`the service listens on PORT=${port}`, 15_000, async () => (await request(port, '/health')).status === 200);

    const health = await request(port, '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
    const ready = await request(port, '/ready');
    assert.equal(ready.status, 200, ready.body);
    assert.deepEqual(JSON.parse(ready.body), { status: 'ok' });

    // An in-flight request: headers and the first chunk are out, the body waits for SIGUSR1.
    let body = '';
    let status = 0;
    let markStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const inFlight = new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/slow', agent: false }, (res) => {
        status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
          if (body.startsWith('started\n')) markStarted();
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    inFlight.catch(() => undefined);
    await withinDeadline(started, 10_000, 'the slow request starting');

    const sigterm = Date.now();
    svc.child.kill('SIGTERM');
    await until('the service stops accepting connections', 5_000, () => refusesConnections(port));
    assert.equal(svc.child.exitCode, null, 'the service must wait for the in-flight request');
    svc.child.kill('SIGUSR1');
    await withinDeadline(inFlight, 10_000, 'the in-flight request finishing');
    assert.equal(status, 200);
    assert.equal(body, 'started\nfinished\n', 'the in-flight request was cut short');

    const exit = await withinDeadline(svc.exited, budgetSeconds * 1000, 'the process exiting within its shutdown budget');
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, svc.output());
    assert.ok(exit.at - sigterm < budgetSeconds * 1000);

    const logs = jsonLines(svc.output());
    const messages = logs.map((l) => l.msg);
    for (const m of ['listening', 'shutting down', 'stopped']) assert.ok(messages.includes(m), `no '${m}' log line in ${JSON.stringify(messages)}`);
    for (const l of logs) assert.ok(typeof l.time === 'string' && typeof l.level === 'string', `not a slog JSON record: ${JSON.stringify(l)}`);
  });

  it('still ends within the budget when a request never finishes', async (t) => {
    requireGo();
    const port = await freePort();
    const svc = startService(binary, { PORT: String(port), SHUTDOWN_TIMEOUT: '1s' }, t);
    await until('the service listens', 15_000, async () => (await request(port, '/ready')).status === 200);
    const stuck = new Promise<void>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/slow', agent: false }, (res) => res.once('data', () => resolve()));
      req.on('error', () => undefined);
    });
    await withinDeadline(stuck, 10_000, 'the stuck request starting');
    svc.child.kill('SIGTERM');
    const exit = await withinDeadline(svc.exited, 5_000, 'the process exiting after its 1s budget');
    assert.equal(exit.code, 1, 'an incomplete drain is reported by a non-zero exit');
    const logs = jsonLines(svc.output());
    assert.ok(logs.some((l) => l.level === 'ERROR' && String(l.error).includes('draining requests')), svc.output());
  });

  it('compiles and tests for a go 1.21 module (method checks instead of method patterns)', (t) => {
    requireGo();
    const old = scaffoldModule(t, 'example.com/legacy', '1.21');
    assert.match(fs.readFileSync(path.join(old, 'internal/health/health.go'), 'utf8'), /getOnly/);
    const gofmt = spawnSync('gofmt', ['-l', '.'], { cwd: old, encoding: 'utf8' });
    assert.equal(gofmt.stdout, '', `gofmt would change:\n${gofmt.stdout}`);
    const vet = go(old, ['vet', './...']);
    assert.equal(vet.status, 0, vet.output);
    const test = go(old, ['test', '-race', '-count=1', '-timeout', '120s', './internal/...']);
    assert.equal(test.status, 0, test.output);
  });
});

// The scaffold's own wiring, done as its comments say: the example readiness check and closer
// lines of the generated main.go become real calls on a fake database (fakedb.go, added through
// -overlay), plus a closer that hangs when HUNG_CLOSER is set.
const FAKE_DB = `package main

import (
	"context"
	"log/slog"
	"os"
	"time"
)

type fakeDB struct{}

// PingContext hangs, ignoring ctx, when DB_HANG is set: the checker must give up by itself.
func (fakeDB) PingContext(ctx context.Context) error {
	if os.Getenv("DB_HANG") != "" {
		time.Sleep(time.Hour)
	}
	return ctx.Err()
}

func (fakeDB) Close() error {
	slog.Info("fake database closed")
	return nil
}

var db fakeDB

func hungCloser(context.Context) error {
	if os.Getenv("HUNG_CLOSER") != "" {
		time.Sleep(time.Hour)
	}
	return nil
}
`;

function wiredMain(generated: string): string {
  const check = '//\tchecks.Add("database", db.PingContext)';
  const closer = '//\tsrv.OnShutdown("database", func(context.Context) error { return db.Close() })';
  assert.ok(generated.includes(check) && generated.includes(closer), 'the generated main no longer shows how to wire a check and a closer');
  return generated
    .replace(check, 'checks.Add("database", db.PingContext)')
    .replace(closer, 'srv.OnShutdown("database", func(context.Context) error { return db.Close() })\n\tsrv.OnShutdown("hung", hungCloser)');
}

function getWithTimeout(port: number, p: string, timeoutMs: number): Promise<{ status: number; body: string; ms: number }> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - startedAt }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms (the kubelet would count a probe failure)`)));
    req.on('error', reject);
  });
}

function startSlow(port: number): { started: Promise<void>; done: Promise<{ status: number; body: string }> } {
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/slow', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
        if (body.startsWith('started\n')) markStarted();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  done.catch(() => undefined);
  return { started, done };
}

describe('generated Go service wired as the scaffold says, over real connections and signals', { timeout: 900_000 }, () => {
  let dir = '';
  let binary = '';
  const cleanups: (() => void)[] = [];
  const suite = { after: (fn: () => void) => void cleanups.push(fn) };
  after(() => cleanups.forEach((fn) => fn()));

  before(() => {
    if (GO_MISSING) return;
    dir = scaffoldModule(suite, 'github.com/acme/payments');
    const work = tempDir(suite, 'gcs-go-wired-');
    const files: Record<string, string> = {
      'cmd/payments/routes.go': SLOW_ROUTES,
      'cmd/payments/main.go': wiredMain(fs.readFileSync(path.join(dir, 'cmd/payments/main.go'), 'utf8')),
      'cmd/payments/fakedb.go': FAKE_DB,
    };
    const replace: Record<string, string> = {};
    for (const [rel, text] of Object.entries(files)) {
      const p = path.join(work, rel.replace(/\//g, '_'));
      fs.writeFileSync(p, text);
      replace[path.join(dir, rel)] = p;
    }
    const overlay = path.join(work, 'overlay.json');
    fs.writeFileSync(overlay, JSON.stringify({ Replace: replace }));
    binary = path.join(work, 'payments');
    const build = go(dir, ['build', '-overlay', overlay, '-o', binary, './cmd/payments']);
    assert.equal(build.status, 0, build.output);
  });

  it('after SIGTERM answers /ready 503 while in-flight and new requests are still served for the delay, then drains and closes', async (t) => {
    requireGo();
    const port = await freePort();
    const svc = startService(binary, { PORT: String(port), SHUTDOWN_TIMEOUT: '12s', SHUTDOWN_DELAY: '3s', CLOSE_TIMEOUT: '2s' }, t);
    await until('the service is ready', 15_000, async () => (await request(port, '/ready')).status === 200);
    const slow = startSlow(port);
    await withinDeadline(slow.started, 10_000, 'the slow request starting');

    const sigterm = Date.now();
    svc.child.kill('SIGTERM');
    // A kubelet-like readiness probe over a new connection sees the 503: the listener is still open.
    await until('/ready answers 503 shutting down over HTTP', 2_500, async () => {
      const r = await request(port, '/ready');
      return r.status === 503 && JSON.parse(r.body).status === 'shutting down';
    });
    const fresh = await request(port, '/health');
    assert.equal(fresh.status, 200, 'a new request during the delay is served');
    assert.deepEqual(JSON.parse(fresh.body), { status: 'ok' });
    assert.ok(Date.now() - sigterm < 3_000, 'those answers came within the delay');
    assert.equal(svc.child.exitCode, null);

    await until('the listener closes after the delay', 8_000, () => refusesConnections(port));
    assert.ok(Date.now() - sigterm >= 2_900, `the listener closed ${Date.now() - sigterm} ms after SIGTERM, before the 3s delay`);
    svc.child.kill('SIGUSR1');
    const done = await withinDeadline(slow.done, 10_000, 'the in-flight request finishing');
    assert.deepEqual(done, { status: 200, body: 'started\nfinished\n' });
    const exit = await withinDeadline(svc.exited, 12_000, 'the process exiting within its budget');
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, svc.output());

    const logs = jsonLines(svc.output());
    const shutting = logs.find((l) => l.msg === 'shutting down')!;
    assert.deepEqual([shutting.budget, shutting.delay, shutting.drain, shutting.close], ['12s', '3s', '7s', '2s']);
    const messages = logs.map((l) => `${l.msg}${l.name ? ` ${l.name}` : ''}`);
    assert.ok(messages.indexOf('closed hung') < messages.indexOf('closed database'), `closers in reverse order: ${messages.join(', ')}`);
    assert.ok(messages.includes('fake database closed'));
    assert.equal(messages[messages.length - 1], 'stopped');
  });

  it('gives a kubelet-like probe with the manifest timeout a 503 naming the hung dependency, without its error', async (t) => {
    requireGo();
    const manifest = parseAllDocuments(fs.readFileSync(path.join(dir, 'deploy/k8s/deployment.yaml'), 'utf8')).map((d) => d.toJS());
    const container = manifest[0].spec.template.spec.containers[0];
    const probeTimeoutMs = container.readinessProbe.timeoutSeconds * 1000;
    const checkTimeout = container.env.find((e: { name: string }) => e.name === 'READINESS_CHECK_TIMEOUT').value;
    const port = await freePort();
    const svc = startService(binary, { PORT: String(port), DB_HANG: '1', READINESS_CHECK_TIMEOUT: checkTimeout }, t);
    await until('the service listens', 15_000, async () => (await request(port, '/health')).status === 200);
    const probes = await Promise.all([0, 1, 2].map(() => getWithTimeout(port, '/ready', probeTimeoutMs)));
    for (const probe of probes) {
      assert.equal(probe.status, 503);
      assert.deepEqual(JSON.parse(probe.body), { status: 'unavailable', failing: ['database'] });
    }
    const health = await getWithTimeout(port, '/health', 1000);
    assert.equal(health.status, 200, 'liveness ignores dependencies');
    svc.child.kill('SIGTERM');
    await withinDeadline(svc.exited, 30_000, 'the process exiting');
    const logs = jsonLines(svc.output());
    const failures = logs.filter((l) => l.msg === 'readiness check failed');
    assert.ok(failures.length >= 1 && failures.length < probes.length, `concurrent probes share a round: ${failures.length} failure logs for ${probes.length} probes`);
    assert.equal(failures[0].check, 'database');
    assert.match(String(failures[0].error), /no answer within 2s/);
  });

  it('runs each closer within its own share: a stuck request and a hung closer do not skip the database', async (t) => {
    requireGo();
    const port = await freePort();
    const svc = startService(binary, { PORT: String(port), HUNG_CLOSER: '1', SHUTDOWN_TIMEOUT: '3s', SHUTDOWN_DELAY: '0', CLOSE_TIMEOUT: '1s' }, t);
    await until('the service is ready', 15_000, async () => (await request(port, '/ready')).status === 200);
    const slow = startSlow(port);
    await withinDeadline(slow.started, 10_000, 'the stuck request starting');
    svc.child.kill('SIGTERM');
    const exit = await withinDeadline(svc.exited, 10_000, 'the process exiting after its 3s budget');
    assert.equal(exit.code, 1, svc.output());
    const logs = jsonLines(svc.output());
    const messages = logs.map((l) => `${l.msg}${l.name ? ` ${l.name}` : ''}`);
    assert.ok(messages.includes('closer failed hung'), messages.join(', '));
    assert.ok(messages.includes('fake database closed') && messages.includes('closed database'), `the database closer ran and succeeded: ${messages.join(', ')}`);
    const stopped = logs.find((l) => l.msg === 'stopped with errors')!;
    assert.match(String(stopped.error), /draining requests/);
    assert.match(String(stopped.error), /closing hung: did not finish/);
    assert.doesNotMatch(String(stopped.error), /closing database/);
  });
});

describe('scaffolding into existing modules keeps them building', { timeout: 900_000 }, () => {
  it('refuses to add to an internal/health package of its own, lists it, exits 1, and the module still builds and vets', (t) => {
    requireGo();
    const dir = tempDir(t, 'gcs-go-collide-');
    writeFiles(dir, {
      'go.mod': 'module example.com/collide\n\ngo 1.25\n',
      'internal/health/checker.go': 'package health\n\n// Config of the legacy checker.\ntype Config struct{ Name string }\n\n// Checker is the legacy checker.\ntype Checker struct{ cfg Config }\n\n// New returns a Checker.\nfunc New(cfg Config) *Checker { return &Checker{cfg: cfg} }\n',
      'cmd/collide/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/collide/internal/health"\n)\n\nfunc main() { fmt.Println(health.New(health.Config{Name: "x"}) != nil) }\n',
    });
    const io = captureIo(dir);
    assert.equal(runScaffold(['all'], io), 1, io.out + io.err);
    assert.match(io.out, /^refused +internal\/health\/health\.go$/m);
    assert.match(io.err, /internal\/health: the package would no longer compile \(internal\/health\/checker\.go already declares Checker, New\)/);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'internal/health')), ['checker.go']);
    assert.ok(fs.existsSync(path.join(dir, 'Dockerfile')), 'the other targets are still written');
    const build = go(dir, ['build', './...']);
    assert.equal(build.status, 0, build.output);
    const vet = go(dir, ['vet', './...']);
    assert.equal(vet.status, 0, vet.output);
  });

  it('an internal/health/health.go of its own (same file name) is kept, nothing that depends on it is written, and the module builds and vets', (t) => {
    requireGo();
    const dir = tempDir(t, 'gcs-go-collide-same-name-');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/collide\n\ngo 1.25\n');
    fs.mkdirSync(path.join(dir, 'internal/health'), { recursive: true });
    const own = 'package health\n\n// Handler is the legacy health handler.\nfunc Handler() string { return "ok" }\n';
    fs.writeFileSync(path.join(dir, 'internal/health/health.go'), own);
    const io = captureIo(dir);
    assert.equal(runScaffold(['all'], io), 1, io.out + io.err);
    assert.match(io.out, /^refused +internal\/health\/health_test\.go$/m);
    assert.match(io.out, /^refused +cmd\/collide\/main\.go$/m);
    assert.match(io.err, /internal\/health\/health\.go exists with other content and is kept/);
    assert.equal(fs.readFileSync(path.join(dir, 'internal/health/health.go'), 'utf8'), own);
    assert.ok(fs.existsSync(path.join(dir, 'Dockerfile')));
    for (const args of [['build', './...'], ['vet', './...']]) {
      const r = go(dir, args);
      assert.equal(r.status, 0, `go ${args.join(' ')}: ${r.output}`);
    }
    // With --force the user chose to replace it: everything is written and builds.
    const forced = captureIo(dir);
    assert.equal(runScaffold(['all', '--force'], forced), 0, forced.out + forced.err);
    const build = go(dir, ['vet', './...']);
    assert.equal(build.status, 0, build.output);
  });

  it('keeps a main package that serves /health and /ready, writes only internal/server, and the wiring builds', (t) => {
    requireGo();
    const dir = tempDir(t, 'gcs-go-own-handlers-');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/own\n\ngo 1.25\n');
    fs.writeFileSync(
      path.join(dir, 'main.go'),
      'package main\n\nimport "net/http"\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /health", func(http.ResponseWriter, *http.Request) {})\n\tmux.HandleFunc("GET /ready", func(http.ResponseWriter, *http.Request) {})\n\t_ = http.ListenAndServe(":8080", mux)\n}\n',
    );
    const io = captureIo(dir);
    assert.equal(runScaffold(['health'], io), 0, io.out + io.err);
    assert.ok(!fs.existsSync(path.join(dir, 'internal/health')), 'no second health package');
    assert.ok(fs.existsSync(path.join(dir, 'internal/server/server.go')));
    assert.match(io.out, /already serves \/health and \/ready \(kept\)/);
    // Apply the printed wiring as a user would: the snippet between "2." and "3." replaces ListenAndServe.
    const snippet = io.out.slice(io.out.indexOf('\tcfg, err := server.ConfigFromEnv'), io.out.indexOf('// 3.'));
    const wired = `package main\n\nimport (\n\t"context"\n\t"log/slog"\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n\n\t"example.com/own/internal/server"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /health", func(http.ResponseWriter, *http.Request) {})\n\tmux.HandleFunc("GET /ready", func(http.ResponseWriter, *http.Request) {})\n${snippet}}\n`;
    fs.writeFileSync(path.join(dir, 'main.go'), wired);
    const vet = go(dir, ['vet', './...']);
    assert.equal(vet.status, 0, `${vet.output}\n${wired}`);
  });
});

/** The build context Docker would send: every file under `root` that the ignore file does not exclude. */
function contextFiles(root: string, ignoreText: string): string[] {
  const patterns = parseDockerignore(ignoreText);
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (!isExcludedFromContext(patterns, child)) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Replays the Dockerfile's build stage on the host: WORKDIR, COPY from the context (with `*`
 * globs in the last path element) and the `go mod download` / `go build` RUN steps, with the
 * local Go toolchain. What Docker would do, minus the image.
 */
function replayBuildStage(dockerfile: string, context: string, image: string): { status: number | null; output: string } {
  const stage = dockerfile.slice(0, dockerfile.indexOf('\nFROM ', dockerfile.indexOf('AS build') + 1));
  const lines = stage.replace(/\\\n\s*/g, ' ').split('\n');
  let workdir = '/';
  const inImage = (p: string) => path.join(image, p);
  for (const line of lines) {
    const [op, ...rest] = line.trim().split(/\s+/);
    if (op === 'WORKDIR') workdir = path.posix.resolve(workdir, rest[0]);
    if (op === 'COPY') {
      const dest = path.posix.resolve(workdir, rest[rest.length - 1]);
      for (const src of rest.slice(0, -1)) {
        const dir = path.posix.dirname(src.replace(/\/$/, ''));
        const base = path.posix.basename(src.replace(/\/$/, ''));
        const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
        const matches = base === '.' ? ['.'] : fs.existsSync(path.join(context, dir)) ? fs.readdirSync(path.join(context, dir)).filter((n) => re.test(n)) : [];
        for (const m of matches) {
          const from = path.join(context, dir, m);
          const to = fs.statSync(from).isDirectory() ? (src.endsWith('/') || base === '.' ? inImage(dest) : inImage(path.posix.join(dest, m))) : inImage(dest.endsWith('/') || rest.length > 2 ? path.posix.join(dest, m) : dest);
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.cpSync(from, to, { recursive: true });
        }
      }
    }
    if (op === 'RUN') {
      const goCmd = /\bgo (mod download|build .*)$/.exec(line);
      if (!goCmd) continue;
      const args = goCmd[1].replace(/-ldflags="-s -w"/, '-ldflags=-s -w').match(/-ldflags=-s -w|\S+/g)!.map((a) => a.replace(/^\/out\//, path.join(image, 'out') + '/'));
      const r = spawnSync('go', args, { cwd: inImage(workdir), env: { ...GO_ENV, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOWORK: 'off' }, encoding: 'utf8', timeout: 240_000 });
      if (r.status !== 0) return { status: r.status, output: `${line}\n${r.stdout}${r.stderr}` };
    }
  }
  return { status: 0, output: '' };
}

describe('a service whose go.mod replaces a module outside its folder', { timeout: 900_000 }, () => {
  it('builds from the repository root: the ignore file, the COPY lines and the build stage work, and lint finds nothing', async (t) => {
    requireGo();
    await prepareServiceChecks();
    const repo = tempDir(t, 'gcs-go-replace-');
    fs.mkdirSync(path.join(repo, '.git'));
    writeFiles(repo, {
      'lib/go.mod': 'module example.com/lib\n\ngo 1.25\n',
      'lib/lib.go': 'package lib\n\n// Name is shared.\nconst Name = "lib"\n',
      'services/orders/go.mod': 'module example.com/shop/orders\n\ngo 1.25\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../../lib\n',
      'services/orders/internal/name/name.go': 'package name\n\nimport "example.com/lib"\n\n// Of is the shared name.\nfunc Of() string { return lib.Name }\n',
      'services/orders/.env': 'SECRET=1\n',
      'services/other/notes.txt': 'not for the image\n',
    });
    const io = captureIo(path.join(repo, 'services/orders'));
    assert.equal(runScaffold(['all'], io), 0, io.out + io.err);
    assert.doesNotMatch(io.err, /warning/, 'the build context now holds the replaced module');
    const svc = path.join(repo, 'services/orders');
    const dockerfile = fs.readFileSync(path.join(svc, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^COPY lib\/ lib\/$/m);
    const ignore = fs.readFileSync(path.join(svc, 'Dockerfile.dockerignore'), 'utf8');
    const sent = contextFiles(repo, ignore);
    assert.ok(sent.includes('lib/lib.go') && sent.includes('services/orders/go.mod') && sent.includes('services/orders/cmd/orders/main.go'), sent.join('\n'));
    for (const secret of ['services/orders/.env', 'services/other/notes.txt']) assert.ok(!sent.includes(secret), `${secret} is sent to the builder`);
    assert.ok(!sent.some((f) => f.startsWith('.git/') || f.startsWith('.github/')));

    const context = tempDir(t, 'gcs-go-context-');
    for (const f of sent) {
      fs.mkdirSync(path.dirname(path.join(context, f)), { recursive: true });
      fs.copyFileSync(path.join(repo, f), path.join(context, f));
    }
    const image = tempDir(t, 'gcs-go-image-');
    const build = replayBuildStage(dockerfile, context, image);
    assert.equal(build.status, 0, build.output);
    assert.ok(fs.existsSync(path.join(image, 'out', 'orders')), 'the binary was built');

    const compose = parseAllDocuments(fs.readFileSync(path.join(svc, 'compose.yaml'), 'utf8'))[0].toJS();
    assert.deepEqual(compose.services.orders.build, { context: '../..', dockerfile: 'services/orders/Dockerfile', target: 'prod' });
    const workflow = parseAllDocuments(fs.readFileSync(path.join(repo, '.github/workflows/publish-ghcr-orders.yml'), 'utf8'))[0].toJS();
    const builds = workflow.jobs.image.steps.filter((s: { uses?: string }) => s.uses?.startsWith('docker/build-push-action'));
    for (const b of builds) assert.deepEqual([b.with.context, b.with.file], ['.', 'services/orders/Dockerfile']);
    assert.ok(workflow.on.push.paths.includes('lib/**'), 'a change to the replaced module rebuilds the image');

    const findings = lintJson(repo).reports.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.ruleId}: ${m.message}`));
    assert.deepEqual(findings, []);
  });
});
