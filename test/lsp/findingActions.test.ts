// A finding's domain action travels in Diagnostic.data and becomes the client's command in the LSP layer.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/engine/types';
import { commandForAction } from '../../server/src/lsp/codeActions';
import { diagnosticData, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { SCAFFOLD_COMMANDS } from '../../server/src/protocol';

const finding: Finding = {
  ruleId: 'health-endpoints',
  severity: 'warning',
  message: 'The service registers neither /health nor /ready',
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 25 } },
  file: '/srv/ledger/go.mod',
  action: { kind: 'scaffold', target: 'health', serviceRoot: '/srv/ledger', title: 'Add /health and /ready handlers' },
};

describe('finding actions', () => {
  it('survive the round trip through the client as data, and map to the scaffolding command of their target', () => {
    const sent = JSON.parse(JSON.stringify(toDiagnostic(finding, 3)));
    const data = diagnosticData(sent);
    assert.deepEqual(data?.action, finding.action);
    const command = commandForAction(data!.action!);
    assert.equal(command?.command, SCAFFOLD_COMMANDS.find((c) => c.target === 'health')?.id);
    assert.equal(command?.command, 'goContainerStandard.addHealthEndpoints', 'a public command id');
    assert.deepEqual(command?.arguments, [{ serviceRoot: '/srv/ledger' }]);
  });

  it('a garbled action from the client is dropped, the rest of data kept', () => {
    const sent = JSON.parse(JSON.stringify(toDiagnostic(finding, 3)));
    for (const action of [{ kind: 'run', target: 'health', serviceRoot: '/srv', title: 't' }, { kind: 'scaffold', target: 'health', serviceRoot: 7, title: 't' }, 'scaffold', null]) {
      const data = diagnosticData({ ...sent, data: { ...sent.data, action } });
      assert.ok(data, JSON.stringify(action));
      assert.equal(data.action, undefined, JSON.stringify(action));
      assert.equal(data.ruleId, 'health-endpoints');
      assert.deepEqual(data.fixes, []);
    }
  });
});
