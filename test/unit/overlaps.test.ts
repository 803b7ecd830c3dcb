import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from './helpers';
import { compliantService, writeWorkspace } from './service/helpers';
import { runLint } from '../../server/src/cli/lint';

/** Findings on one token, as `rule: fix title` lines. */
const onLine = (text: string, line: number, options: Parameters<typeof lint>[1] = {}) =>
  lint(text, options)
    .filter((f) => f.range.start.line === line - 1)
    .map((f) => `${f.ruleId}: ${f.fix?.title ?? '(no fix)'}`);

describe('one finding per problem: the runtime FROM', () => {
  const untaggedDistroless = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';

  it('an untagged distroless base gets one finding whose fix targets one image (ux-review item 1)', () => {
    assert.deepEqual(onLine(untaggedDistroless, 4), ['runtime-distroless-nonroot: Rewrite the runtime stage onto gcr.io/distroless/static-debian12:nonroot (USER nonroot:nonroot)']);
  });

  it('the owner off: no-latest-tag and runtime-nonroot-user report, and their fixes agree on the nonroot user', () => {
    assert.deepEqual(onLine(untaggedDistroless, 4, { config: { rules: { 'runtime-distroless-nonroot': 'off' } } }), [
      'no-latest-tag: Use gcr.io/distroless/static:nonroot',
      'runtime-nonroot-user: Run as nonroot:nonroot',
    ]);
  });

  it('the owner suppressed on that line: the others are not silenced with it', () => {
    const text = untaggedDistroless.replace('FROM gcr.io/distroless/static\n', '# container-standard ignore=runtime-distroless-nonroot -- base chosen by the platform team\nFROM gcr.io/distroless/static\n');
    const rules = lint(text).filter((f) => f.range.start.line === 4).map((f) => f.ruleId);
    assert.deepEqual(rules, ['no-latest-tag', 'runtime-nonroot-user']);
  });

  it('alpine without a tag: the rewrite owns the token (no separate USER or pin finding there)', () => {
    const text = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM alpine\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
    assert.deepEqual(lint(text).filter((f) => f.range.start.line === 3).map((f) => f.ruleId), ['runtime-distroless-nonroot']);
  });
});

describe('one finding per problem: an owner without a fix', () => {
  it('syncthing__syncthing__Dockerfile shape: FROM alpine with a shell-script ENTRYPOINT (no rewrite) keeps the USER fix, the fixless pin finding stands down', () => {
    const text = 'FROM golang:1.24-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM alpine\nCOPY --from=build /app /app\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n';
    assert.deepEqual(onLine(text, 4), ['runtime-distroless-nonroot: (no fix)', 'runtime-nonroot-user: Run as 65532:65532']);
  });
});

describe('one finding per problem: the builder Go version', () => {
  const dockerfile = (from: string) =>
    `FROM ${from} AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/ledger ./cmd/ledger\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/ledger /ledger\nENTRYPOINT ["/ledger"]\n`;
  const cli = (files: Record<string, string>) => {
    const dir = writeWorkspace(files);
    fs.mkdirSync(path.join(dir, '.git'));
    let stdout = '';
    runLint(['--format', 'json', '.'], { stdout: (s) => (stdout += s), stderr: () => {}, readStdin: () => '', cwd: dir, color: false, version: '0.0.0-test' });
    const reports = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; fix?: { title: string } }[] }[];
    return reports.flatMap((r) => r.messages.filter((m) => r.filePath.endsWith('Dockerfile') && m.line === 1).map((m) => `${m.ruleId}: ${m.fix?.title ?? '(no fix)'}`));
  };

  it('golang:1.22-alpine with go 1.23: builder-go-version alone (its fix to the minimum satisfies go.mod)', () => {
    assert.deepEqual(cli(compliantService('ledger', { 'go.mod': 'module example.com/ledger\n\ngo 1.23\n', Dockerfile: dockerfile('golang:1.22-alpine') })), ['builder-go-version: Use golang:1.24-alpine']);
  });

  it('golang:1.22-alpine with go 1.25: go-version-consistency alone (its fix meets the minimum too)', () => {
    assert.deepEqual(cli(compliantService('ledger', { 'go.mod': 'module example.com/ledger\n\ngo 1.25\n', Dockerfile: dockerfile('golang:1.22-alpine') })), ['go-version-consistency: Use Go 1.25 in the builder']);
  });
});
