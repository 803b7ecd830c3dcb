// Every verdict on the corpus is committed (test/snapshots/corpus-findings.txt), so any change of a
// finding, its message or its fix safety shows in review. Update: npm run snapshot:update.
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { corpusSnapshot, SNAPSHOT_FILE } from '../../scripts/corpus-snapshot';

it('the findings on the corpus match the committed snapshot (npm run snapshot:update after a deliberate change)', () => {
  const expected = fs.readFileSync(SNAPSHOT_FILE, 'utf8').split('\n');
  const actual = corpusSnapshot().split('\n');
  const gone = expected.filter((l) => !actual.includes(l));
  const added = actual.filter((l) => !expected.includes(l));
  assert.deepEqual({ gone: gone.slice(0, 40), added: added.slice(0, 40) }, { gone: [], added: [] });
  assert.equal(actual.join('\n'), expected.join('\n'));
});
