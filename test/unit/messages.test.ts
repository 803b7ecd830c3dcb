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
