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
