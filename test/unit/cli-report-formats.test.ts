// The CI report formats: github (workflow commands), gitlab (Code Quality JSON), junit (JUnit XML).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLint } from '../../server/src/cli/lint';
import { escapeGithubData, escapeGithubProperty } from '../../server/src/cli/formats';

function run(args: string[], cwd: string, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = runLint(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => stdin, cwd, color: false, version: '0.0.0-test' });
  return { code, stdout, stderr };
}

/** Reads workflow commands back the way the Actions runner does (ActionCommand.TryParseV2 and its unescaping). */
function parseWorkflowCommands(out: string): { command: string; props: Record<string, string>; message: string }[] {
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return out
    .split('\n')
    .filter((l) => l.startsWith('::'))
    .map((line) => {
      const end = line.indexOf('::', 2);
      const head = line.slice(2, end);
      const space = head.indexOf(' ');
      const command = space < 0 ? head : head.slice(0, space);
      const props: Record<string, string> = {};
      if (space >= 0) {
        for (const pair of head.slice(space + 1).split(',')) {
          const eq = pair.indexOf('=');
          props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
        }
      }
      return { command, props, message: unescape(line.slice(end + 2)) };
    });
}

const DOCKERFILE = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /app .\nFROM alpine\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';

describe('report formats', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-formats-'));
    fs.mkdirSync(path.join(dir, 'we,ird:dir'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'we,ird:dir/Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'clean.Dockerfile'), 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nUSER nonroot:nonroot\nENTRYPOINT ["/app"]\n');
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: "a\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('github: escapes data and properties as the runner unescapes them', () => {
    assert.equal(escapeGithubData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeGithubProperty('dir:a,b%c\n'), 'dir%3Aa%2Cb%25c%0A');
  });

  it('github: one annotation per finding, with file, 1-based line and column, title and severity', () => {
    const r = run(['--format', 'github', '.'], dir);
    assert.equal(r.code, 1);
    const commands = parseWorkflowCommands(r.stdout);
    const latest = commands.find((c) => c.props.title?.startsWith('no-latest-tag'));
    assert.ok(latest, r.stdout);
    assert.equal(latest.command, 'error');
    assert.equal(latest.props.file, 'we,ird:dir/Dockerfile');
    assert.equal(latest.props.line, '3');
    assert.equal(latest.props.col, '6');
    assert.match(latest.message, /'alpine' has no tag/);
    // Every line is a command or the closing summary; a raw comma or colon in a property would split it.
    for (const line of r.stdout.trimEnd().split('\n').slice(0, -1)) assert.match(line, /^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=[^,:]+::\S/);
    assert.match(r.stdout.trimEnd().split('\n').pop()!, /^\d+ problems \(\d+ errors?, \d+ warnings?, \d+ info\)$/);
    const parseError = commands.find((c) => c.props.file === 'broken.yaml');
    assert.equal(parseError?.command, 'error');
    const infos = commands.filter((c) => c.command === 'notice');
    assert.ok(infos.length > 0, 'info findings are notices');
  });

  it('github: prints nothing for a clean file', () => {
    const r = run(['--format', 'github', 'clean.Dockerfile'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });

  it('gitlab: Code Quality issues with the required fields and unique fingerprints', () => {
    const r = run(['--format', 'gitlab', '.'], dir);
    const issues = JSON.parse(r.stdout) as { check_name: string; description: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    assert.ok(issues.length > 3);
    for (const i of issues) {
      assert.equal(typeof i.check_name, 'string');
      assert.equal(typeof i.description, 'string');
      assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity), i.severity);
      assert.equal(typeof i.location.path, 'string');
      assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
    }
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'fingerprints are unique');
    const latest = issues.find((i) => i.check_name === 'no-latest-tag')!;
    assert.deepEqual([latest.severity, latest.location.path, latest.location.lines.begin], ['critical', 'we,ird:dir/Dockerfile', 3]);
  });

  it('gitlab: fingerprints are the same on the next run and after an edit above the finding', () => {
    const before = JSON.parse(run(['--format', 'gitlab', 'we,ird:dir'], dir).stdout) as { check_name: string; fingerprint: string; location: { lines: { begin: number } } }[];
    assert.deepEqual(JSON.parse(run(['--format', 'gitlab', 'we,ird:dir'], dir).stdout), before);
    const file = path.join(dir, 'we,ird:dir/Dockerfile');
    fs.writeFileSync(file, '# syntax=docker/dockerfile:1\n# a comment\n' + DOCKERFILE);
    try {
      const after = JSON.parse(run(['--format', 'gitlab', 'we,ird:dir'], dir).stdout) as typeof before;
      const latestBefore = before.find((i) => i.check_name === 'no-latest-tag')!;
      const latestAfter = after.find((i) => i.check_name === 'no-latest-tag')!;
      assert.equal(latestAfter.location.lines.begin, latestBefore.location.lines.begin + 2);
      assert.equal(latestAfter.fingerprint, latestBefore.fingerprint);
    } finally {
      fs.writeFileSync(file, DOCKERFILE);
    }
  });

  it('junit: well-formed JUnit XML, a failing test case per finding and a passing one per clean file', async () => {
    const r = run(['--format', 'junit', '.'], dir);
    const xml2js = require('xml2js') as { parseStringPromise(xml: string, options: object): Promise<any> };
    const doc = await xml2js.parseStringPromise(r.stdout, { strict: true });
    const suites = doc.testsuites.testsuite as { $: Record<string, string>; testcase: { $: Record<string, string>; failure?: { $: Record<string, string>; _: string }[] }[] }[];
    const byName = new Map(suites.map((s) => [s.$.name, s]));
    const clean = byName.get('clean.Dockerfile')!;
    assert.deepEqual([clean.$.tests, clean.$.failures, clean.testcase.length, clean.testcase[0].failure], ['1', '0', 1, undefined]);
    const weird = byName.get('we,ird:dir/Dockerfile')!;
    assert.equal(Number(weird.$.failures), weird.testcase.length);
    const latest = weird.testcase.find((t) => t.$.name.startsWith('no-latest-tag at 3:6'))!;
    assert.equal(latest.failure![0].$.type, 'error');
    assert.match(latest.failure![0].$.message, /'alpine' has no tag/);
    const failures = suites.reduce((n, s) => n + s.testcase.filter((t) => t.failure).length, 0);
    assert.equal(doc.testsuites.$.failures, String(failures));
    assert.equal(doc.testsuites.$.tests, String(suites.reduce((n, s) => n + s.testcase.length, 0)));
  });

  it('junit: escapes markup and drops characters XML cannot carry', async () => {
    const r = run(['--format', 'junit', '--stdin', '--stdin-filename', 'a&b<c>.Dockerfile'], dir, 'FROM ubuntu\u0001\n');
    const xml2js = require('xml2js') as { parseStringPromise(xml: string, options: object): Promise<any> };
    const doc = await xml2js.parseStringPromise(r.stdout, { strict: true });
    assert.equal(doc.testsuites.testsuite[0].$.name, 'a&b<c>.Dockerfile');
    assert.ok(!r.stdout.includes('\u0001'));
  });
});
