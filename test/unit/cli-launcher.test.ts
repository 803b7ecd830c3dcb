// server/out/cli.js starts the CLI bundle from V8's code cache (server/src/cliLauncher.ts): the
// cache made by the build is used, a cache from another build is never used, and the output is
// the same as the bundle's own whichever way it starts.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT, ensureBuilt } from '../lsp/harness';
import { BUNDLE_NAME, CACHE_KEY_MARK, DEBUG_ENV, cacheKeyOf } from '../../server/src/cliLauncher';

const EXAMPLES = path.join(ROOT, 'examples');

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', [DEBUG_ENV]: '1', ...env } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cacheKeyOf', () => {
  const key = 'a'.repeat(30) + '0123456789';
  it('reads the key from the last line', () => assert.equal(cacheKeyOf(`x\n//# sourceMappingURL=a.map\n\n${CACHE_KEY_MARK}${key}\n`), key));
  it('needs one at the very end', () => assert.equal(cacheKeyOf(`${CACHE_KEY_MARK}${key}\nmore code();\n`), undefined));
  it('needs 40 hex digits', () => {
    assert.equal(cacheKeyOf(`x\n${CACHE_KEY_MARK}${'g'.repeat(40)}\n`), undefined);
    assert.equal(cacheKeyOf(`x\n${CACHE_KEY_MARK}abc\n`), undefined);
  });
  it('is undefined for a bundle built without one', () => assert.equal(cacheKeyOf('x\n//# sourceMappingURL=a.map\n'), undefined));
});

describe('the CLI launcher', () => {
  let copy: string;
  before(() => {
    ensureBuilt();
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-launcher-'));
    for (const f of fs.readdirSync(path.dirname(CLI))) if (!f.endsWith('.map')) fs.copyFileSync(path.join(path.dirname(CLI), f), path.join(copy, f));
  });
  after(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('starts the bundle from the code cache the build made, with the output of the bundle run directly', () => {
    const cached = run(CLI, ['lint', EXAMPLES, '--format', 'json']);
    assert.match(cached.stderr, /^code cache: used$/m);
    const direct = run(path.join(path.dirname(CLI), BUNDLE_NAME), ['lint', EXAMPLES, '--format', 'json']);
    assert.doesNotMatch(direct.stderr, /code cache/);
    assert.equal(cached.code, direct.code);
    assert.ok(JSON.parse(cached.stdout).length > 3, 'the examples have findings');
    assert.equal(cached.stdout, direct.stdout);
  });

  it('never uses a cache made for another build of the bundle', () => {
    const cacheFile = path.join(copy, BUNDLE_NAME + '.cache');
    const cache = fs.readFileSync(cacheFile);
    // The same V8 data under another key: as if the bundle had been rebuilt and the cache left behind.
    fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from('0'.repeat(40), 'latin1'), cache.subarray(40)]));
    const stale = run(path.join(copy, 'cli.js'), ['lint', EXAMPLES, '--format', 'json']);
    assert.match(stale.stderr, /^code cache: none$/m);
    assert.equal(stale.stdout, run(CLI, ['lint', EXAMPLES, '--format', 'json']).stdout);
    fs.writeFileSync(cacheFile, cache);
  });

  it('runs without a cache file, and writes none unless asked', () => {
    fs.rmSync(path.join(copy, BUNDLE_NAME + '.cache'));
    const r = run(path.join(copy, 'cli.js'), ['lint', EXAMPLES, '--format', 'json']);
    assert.match(r.stderr, /^code cache: none$/m);
    assert.ok(JSON.parse(r.stdout).length > 3);
    assert.equal(fs.existsSync(path.join(copy, BUNDLE_NAME + '.cache')), false);
  });

  it('writes a cache on request that the next run uses', () => {
    run(path.join(copy, 'cli.js'), ['lint', EXAMPLES, '--exit-zero'], { GCS_WRITE_CODE_CACHE: '1' });
    assert.ok(fs.statSync(path.join(copy, BUNDLE_NAME + '.cache')).size > 100_000);
    assert.match(run(path.join(copy, 'cli.js'), ['--version']).stderr, /^code cache: used$/m);
  });

  it('keeps the exit codes and the language server', () => {
    assert.equal(run(CLI, ['lint', '--format', 'nope']).code, 2);
    assert.equal(run(CLI, ['--version']).code, 0);
    const lsp = spawnSync(process.execPath, [CLI, 'lsp', '--stdio'], { input: '', encoding: 'utf8', timeout: 30_000 });
    assert.equal(lsp.error, undefined);
  });
});
