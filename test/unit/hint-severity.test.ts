import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { lint } from './helpers';
import { formatGithub, formatGitlab, formatJson, formatSarif, formatStylish, totals, type FileReport } from '../../server/src/cli/formats';
import { toLspSeverity } from '../../server/src/lsp/diagnostics';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { parseConfig } from '../../server/src/engine/config';
import { KNOWN_RULE_IDS } from '../../server/src/engine/lint';

// podinfo's builder: two `go build` RUNs in one stage, neither with -trimpath, cache mounts or GOOS/GOARCH.
const podinfo = `FROM golang:1.24-alpine AS builder
WORKDIR /podinfo
COPY . .
RUN CGO_ENABLED=0 go build -a -o bin/podinfo cmd/podinfo/*
RUN CGO_ENABLED=0 go build -a -o bin/podcli cmd/podcli/*

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /podinfo/bin/podinfo /podinfo
ENTRYPOINT ["/podinfo"]
`;
const ADVICE = ['go-build-cache-mounts', 'reproducible-build', 'target-platform', 'obsolete-build-flags'];

describe('hint severity (issue 22 item 4)', () => {
  it('advice rules are hints, once per stage (stefanprodan/podinfo Dockerfile shape: the same four on each go build)', () => {
    const found = lint(podinfo).filter((f) => ADVICE.includes(f.ruleId));
    assert.deepEqual(found.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}`), [
      '4 go-build-cache-mounts hint',
      '4 reproducible-build hint',
      '4 target-platform hint',
      '4 obsolete-build-flags hint',
      // The second build's cache mount would hide the modules the first build put in the layer: an unsafe fix, kept apart from the safe one.
      '5 go-build-cache-mounts hint',
    ]);
    for (const f of found.slice(1, 4)) assert.match(f.message, /The same applies in this stage on line 5\./, f.ruleId);
    assert.deepEqual([found[0].fix?.safety, found[4].fix?.safety], ['safe', 'unsafe']);
  });

  it('the merged fix changes every place of the stage', () => {
    const trimpath = lint(podinfo).find((f) => f.ruleId === 'reproducible-build')!;
    assert.equal(trimpath.fix?.title, 'Add -trimpath (2 places in this stage)');
    assert.deepEqual(trimpath.fix?.edits.map((e) => e.range.start.line), [3, 4]);
  });

  it('builds in different stages keep a finding each', () => {
    const two = 'FROM golang:1.24-bookworm AS a\nRUN go build -o /a .\nFROM golang:1.24-bookworm AS b\nRUN go build -o /b .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=a /a /a\nCOPY --from=b /b /b\nENTRYPOINT ["/a"]\n';
    assert.deepEqual(lint(two, { rules: ['reproducible-build'] }).map((f) => f.range.start.line + 1), [2, 4]);
  });

  it('the config file and the editor setting accept hint', () => {
    const config = parseConfig('rules:\n  no-latest-tag: hint\n', '/x/.container-standard.yaml', KNOWN_RULE_IDS);
    assert.deepEqual(config.problems, []);
    assert.equal(config.rules['no-latest-tag'], 'hint');
    assert.equal(lint('FROM alpine\n', { rules: ['no-latest-tag'], config: { rules: { 'no-latest-tag': 'hint' } } })[0].severity, 'hint');
    assert.deepEqual(normalizeSettings({ rules: { 'no-latest-tag': 'hint' } }).rules, { 'no-latest-tag': 'hint' });
  });

  it('LSP DiagnosticSeverity.Hint; SARIF note; GitHub notice; GitLab info; JSON and stylish count hints apart', () => {
    assert.equal(toLspSeverity('hint'), DiagnosticSeverity.Hint);
    const reports: FileReport[] = [{ file: 'Dockerfile', findings: lint(podinfo).filter((f) => f.ruleId === 'reproducible-build') }];
    const sarif = JSON.parse(formatSarif(reports, '0.0.0', process.cwd()));
    assert.deepEqual(sarif.runs[0].results.map((r: { level: string }) => r.level), ['note']);
    assert.match(formatGithub(reports, process.cwd()), /^::notice /);
    assert.deepEqual(JSON.parse(formatGitlab(reports, process.cwd(), () => podinfo)).map((i: { severity: string }) => i.severity), ['info']);
    const json = JSON.parse(formatJson(reports))[0];
    assert.deepEqual([json.errorCount, json.warningCount, json.infoCount, json.hintCount], [0, 0, 0, 1]);
    assert.equal(totals(reports).hints, 1);
    assert.match(formatStylish(reports, false), /1 problem \(0 errors, 0 warnings, 0 info, 1 hint\)/);
    assert.match(formatStylish(reports, false), / hint {3}/);
  });
});
