import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { syntaxCode } from '../../server/src/lsp/diagnostics';

describe('messages people can read (issue 22 item 8)', () => {
  it("dockerfile-utils codes get names and links (the Problems panel showed 'dockerfile-utils(45)')", () => {
    assert.deepEqual(syntaxCode(45), { code: 'deprecated-maintainer', href: 'https://docs.docker.com/reference/build-checks/maintainer-deprecated/' });
    assert.deepEqual(syntaxCode(38), { code: 'unknown-instruction', href: 'https://docs.docker.com/reference/dockerfile/' });
    assert.deepEqual(syntaxCode(9999), { code: 9999 });
  });
});

describe('RUN lines the cache-mount fix lengthens (issue 22 item 8)', () => {
  const { fix } = require('./helpers') as typeof import('./helpers');
  const df = (run: string, eol = '\n') => ['FROM golang:1.24-bookworm AS build', run, 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /app /app', ''].join(eol);
  it('past 100 columns: one --mount per continuation line, like the snippets, with the file\'s CRLF', () => {
    const out = fix(df('RUN CGO_ENABLED=0 go build -o /app ./cmd/payments-api', '\r\n'), { rules: ['go-build-cache-mounts'] });
    assert.equal(out, df('RUN --mount=type=cache,target=/go/pkg/mod \\\r\n    --mount=type=cache,target=/root/.cache/go-build \\\r\n    CGO_ENABLED=0 go build -o /app ./cmd/payments-api', '\r\n'));
    for (const line of out.split('\r\n')) assert.ok(line.length <= 100, line);
  });
  it('within 100 columns: inline', () => {
    assert.equal(fix(df('RUN go mod download'), { rules: ['go-build-cache-mounts'] }), df('RUN --mount=type=cache,target=/go/pkg/mod go mod download'));
  });
});

describe('the walkthrough quotes the real quick-fix titles (issue 22 item 8)', () => {
  it('media/walkthrough/diagnostics.md: its example gets the finding and the fix it names', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const { lint } = require('./helpers') as typeof import('./helpers');
    const md = fs.readFileSync(path.join(__dirname, '../../media/walkthrough/diagnostics.md'), 'utf8');
    const example = /```dockerfile\n([\s\S]*?)```/.exec(md)![1];
    const finding = lint(example).find((f) => f.ruleId === 'runtime-distroless-nonroot');
    assert.ok(finding?.fix, 'the example gets runtime-distroless-nonroot with a fix');
    const prose = md.replace(/\s*\n\s*/g, ' ');
    assert.ok(prose.includes(`*${finding.fix.title}*`), `the walkthrough quotes '${finding.fix.title}'`);
    assert.ok(prose.includes(`*Ignore ${finding.ruleId} on this line*`));
  });
});

describe('inserted comments wrap at 100 columns (issue 22 item 8)', () => {
  const { commentLines } = require('../../server/src/engine/dockerfile/edits') as typeof import('../../server/src/engine/dockerfile/edits');
  const { PACKAGES_NOTE } = require('../../server/src/engine/dockerfile/runtime') as typeof import('../../server/src/engine/dockerfile/runtime');
  it('between words, each line within 100 columns, indentation kept, no word lost', () => {
    for (const indent of ['', '    ']) {
      const lines = commentLines(PACKAGES_NOTE, indent);
      assert.ok(lines.length > 1);
      for (const line of lines) assert.ok(line.length <= 100 && line.startsWith(`${indent}# `), line);
      assert.equal(lines.map((l) => l.slice(indent.length + 2)).join(' '), PACKAGES_NOTE);
    }
  });
  it('a word longer than the line gets a line of its own', () => {
    assert.deepEqual(commentLines(`see ${'x'.repeat(120)} here`), ['# see', `# ${'x'.repeat(120)}`, '# here']);
  });
});
