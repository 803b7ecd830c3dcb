// The README's editor recipes are real: the Helix block is valid TOML that keeps Helix's own
// language servers (its languages.toml, helix-editor/helix master as of 2026-12) and covers compose files.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const README = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');

/** Helix's default `language-servers` of the languages the server belongs to. */
const HELIX_DEFAULTS: Record<string, string[]> = {
  dockerfile: ['docker-langserver', 'docker-language-server'],
  yaml: ['yaml-language-server', 'ansible-language-server'],
  'docker-compose': ['docker-compose-langserver', 'yaml-language-server', 'docker-language-server'],
};

function block(language: string, after: string): string {
  const at = README.indexOf(after);
  assert.ok(at >= 0, `README has ${after}`);
  const m = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(README.slice(at));
  assert.ok(m, `a ${language} block after ${after}`);
  return m[1];
}

describe('README editor recipes', () => {
  it('Helix: valid TOML (Python\'s tomllib reads it), Helix\'s own servers kept, docker-compose covered', () => {
    const toml = block('toml', '**Helix**');
    const parsed = spawnSync('python3', ['-c', 'import sys, json, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'], { input: toml, encoding: 'utf8' });
    assert.equal(parsed.status, 0, `python3 with tomllib (3.11+) is needed to read the block: ${parsed.error?.message ?? parsed.stderr}`);
    const config = JSON.parse(parsed.stdout) as {
      'language-server': Record<string, { command: string; args: string[]; config?: unknown }>;
      language: { name: string; 'language-servers': string[] }[];
    };
    assert.deepEqual(config['language-server']['go-container-standard'].args, ['lsp', '--stdio']);
    assert.equal(config['language-server']['go-container-standard'].command, 'go-container-standard');
    for (const [name, defaults] of Object.entries(HELIX_DEFAULTS)) {
      const language = config.language.find((l) => l.name === name);
      assert.ok(language, `${name} configured`);
      assert.deepEqual(language['language-servers'], [...defaults, 'go-container-standard'], name);
    }
  });

  it('Neovim: recipes for 0.11, 0.8-0.10 and 0.7, and the filetype additions', () => {
    assert.match(block('lua', '**Neovim 0.11+**'), /vim\.lsp\.enable\('go_container_standard'\)/);
    assert.match(block('lua', '**Neovim 0.8–0.10**'), /vim\.lsp\.start\(/);
    assert.match(block('lua', '**Neovim 0.7**'), /vim\.lsp\.start_client\(/);
    const filetypes = block('lua', 'Add them (0.8+');
    // The patterns as Neovim matches them: against the file name (no '/' in them), anchored.
    const patterns = [...filetypes.matchAll(/\['([^']+)'\] = 'dockerfile'/g)].map((m) => m[1]);
    const lua = (p: string) => new RegExp(`^${p.replace(/%-/g, '\\-')}$`);
    const matches = (name: string) => patterns.some((p) => lua(p).test(name));
    for (const name of ['Dockerfile-windows', 'svc__Dockerfile', 'api-Dockerfile']) assert.ok(matches(name), name);
    for (const name of ['README.md', 'Dockerfile.md', 'docker-compose.yml']) assert.ok(!matches(name), name);
    assert.ok(patterns.every((p) => !p.includes('/')), 'a pattern with / is matched against the full path');
  });
});
