import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCAFFOLD_COMMANDS } from '../../../server/src/protocol';
import { SCAFFOLD_TARGETS } from '../../../server/src/scaffold';
import { commandForAction } from '../../../server/src/lsp/codeActions';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));

it('contributes every scaffolding command with its palette title', () => {
  const contributed = new Map<string, string>((pkg.contributes?.commands ?? []).map((c: { command: string; title: string }) => [c.command, c.title]));
  for (const c of SCAFFOLD_COMMANDS) assert.equal(contributed.get(c.id), c.title, `package.json contributes.commands for ${c.id}`);
});

it('has one command per target with an id of the form goContainerStandard.<verbNoun>', () => {
  assert.deepEqual(SCAFFOLD_COMMANDS.map((c) => c.target).sort(), [...SCAFFOLD_TARGETS].sort());
  for (const c of SCAFFOLD_COMMANDS) {
    assert.match(c.id, /^goContainerStandard\.[a-z]+[A-Z][A-Za-z]*$/);
    assert.match(c.title, /^Go Container Standard: /);
  }
  assert.deepEqual(
    SCAFFOLD_COMMANDS.map((c) => c.title.replace('Go Container Standard: ', '')),
    ['Add Health Endpoints', 'Create Dockerfile', 'Create Kubernetes Manifests', 'Create Compose File', 'Create Makefile', 'Create .env.example', 'Create Container Workflow', 'Scaffold Service'],
  );
});

it('the client registers the commands from this list and imports no engine or language server code', () => {
  const client = fs.readFileSync(path.join(__dirname, '../../../client/src/scaffold.ts'), 'utf8');
  assert.match(client, /for \(const command of SCAFFOLD_COMMANDS\)/);
  assert.match(client, /registerCommand\(command\.id/);
  const imports = [...client.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  for (const i of imports) assert.ok(!/engine|lsp|vscode-languageserver/.test(i), `client/src/scaffold.ts imports ${i}`);
});

it('templates import neither vscode nor the file system', () => {
  const dir = path.join(__dirname, '../../../server/src/scaffold');
  const pure = ['index.ts', 'types.ts', 'goVersion.ts', ...fs.readdirSync(path.join(dir, 'templates')).map((f) => `templates/${f}`)];
  for (const f of pure) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.doesNotMatch(text, /from '(vscode|node:fs|fs|node:child_process)'/, f);
  }
});

it('the service rules’ scaffold action becomes the registered scaffolding command, with an argument the client reads', () => {
  const command = commandForAction({ kind: 'scaffold', target: 'health', serviceRoot: '/srv/ledger', title: 'Add /health and /ready handlers' });
  assert.deepEqual(command, { title: 'Add /health and /ready handlers', command: 'goContainerStandard.addHealthEndpoints', arguments: [{ serviceRoot: '/srv/ledger' }] });
  assert.ok(SCAFFOLD_COMMANDS.some((c) => c.id === command?.command && c.target === 'health'));
  const client = fs.readFileSync(path.join(__dirname, '../../../client/src/scaffold.ts'), 'utf8');
  assert.match(client, /serviceRoot/);
});
