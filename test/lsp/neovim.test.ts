// A real Neovim (Debian 12's 0.7.2, headless) with the README's recipe, for what other editors
// get from the server: pushed cross-file findings, edits instead of VS Code commands, one-line
// completion, the filetype additions. scripts/nvim-install.mjs installs Neovim on first use.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, ensureBuilt, ROOT } from './harness';
import { ORDERS_DOCKERFILE, writeOrdersService } from './orders-service';

/** The Lua of the README code block that follows `heading`. */
function readmeLua(heading: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README has ${heading}`);
  const block = /```lua\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, `a Lua block after ${heading}`);
  return block[1];
}

describe('Neovim, headless, with the README recipe', () => {
  let dir: string;
  const results = new Map<string, unknown>();

  before(async () => {
    ensureBuilt();
    const { ensureNeovim } = (await import(path.join(ROOT, 'scripts', 'nvim-install.mjs'))) as { ensureNeovim: () => string };
    const nvim = ensureNeovim();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-nvim-'));
    const ws = path.join(dir, 'ws');
    writeOrdersService(ws);
    fs.writeFileSync(path.join(ws, 'orders', 'svc__Dockerfile'), ORDERS_DOCKERFILE);
    fs.writeFileSync(path.join(ws, 'orders', 'Dockerfile-windows'), ORDERS_DOCKERFILE);
    fs.writeFileSync(path.join(ws, 'deploy', 'orders.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: orders\nspec:\n  containers:\n    - name: orders\n      image: registry.example.com/orders:0a1b2c3-v1.0.0\n      \n');
    // `go-container-standard` on PATH, as the README says to install it.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'go-container-standard'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const init = path.join(dir, 'init.lua');
    fs.writeFileSync(init, ['vim.g.do_filetype_lua = 1', readmeLua('Add them (0.8+'), readmeLua('**Neovim 0.7**'), "vim.cmd('filetype on')", ''].join('\n'));
    const resultsFile = path.join(dir, 'results.jsonl');
    const run = spawnSync(nvim, ['--headless', '-u', init, '-i', 'NONE', '-c', `luafile ${path.join(__dirname, 'neovim', 'drive.lua')}`], {
      cwd: ws,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, GCS_RESULTS: resultsFile, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.ok(fs.existsSync(resultsFile), `Neovim wrote no results (exit ${run.status ?? run.signal}): ${run.stderr}${run.stdout}`);
    for (const line of fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)) {
      const { name, value } = JSON.parse(line) as { name: string; value: unknown };
      results.set(name, value);
    }
    assert.equal(results.get('error'), undefined, String(results.get('error')));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the Dockerfile\'s own and cross-file findings at open, with settings from init_options', () => {
    assert.equal(results.get('filetype'), 'dockerfile');
    const codes = results.get('dockerfile codes') as string[];
    assert.ok(codes.includes('dockerignore') && codes.includes('go-version-consistency'), codes.join(', '));
    assert.equal(results.get('settings from init_options'), true);
  });

  it('offers Create .dockerignore and applies it', () => {
    assert.ok((results.get('dockerignore actions') as string[]).some((t) => /Create \.dockerignore/.test(t)), String(results.get('dockerignore actions')));
    assert.equal(results.get('dockerignore created'), true);
  });

  it('gets "Add /health and /ready handlers" as an edit that writes the files', () => {
    assert.deepEqual(results.get('health action'), { command: false, edit: true });
    assert.equal(results.get('health written'), true);
  });

  it('completes a container one line per item, and the saved file has no NUL byte', () => {
    const labels = results.get('container completion') as string[];
    assert.ok(labels.includes('securityContext') && labels.includes('resources'), labels.join(', '));
    assert.equal(results.get('multi-line items'), false);
    assert.equal(results.get('saved without NUL'), true);
  });

  it('knows svc__Dockerfile and Dockerfile-windows as Dockerfiles with the README\'s vim.filetype.add', () => {
    assert.equal(results.get('svc__Dockerfile filetype'), 'dockerfile');
    assert.equal(results.get('Dockerfile-windows filetype'), 'dockerfile');
  });
});
