import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from './helpers';
import { LineIndex } from '../../server/src/engine/text';
import { yamlExtentAt } from '../../server/src/engine/suppress';

describe('suppression comments', () => {
  it('cover the whole next instruction, across continuations and comment lines', () => {
    const text = '# container-standard ignore=no-latest-tag\n# another comment\nFROM \\\n  ubuntu\nFROM debian\n';
    const found = lint(text, { rules: ['no-latest-tag'] });
    assert.deepEqual(found.map((f) => f.range.start.line + 1), [5]);
  });

  it('do not reach past the next instruction or across a blank line', () => {
    const text = '# container-standard ignore=no-latest-tag\n\nFROM ubuntu\n';
    assert.equal(lint(text, { rules: ['no-latest-tag'] }).length, 1);
  });

  it('report unknown ids with their exact range, as info', () => {
    const text = '# container-standard ignore=no-latest-tag, no-such-rule -- why\nFROM ubuntu\n';
    const found = lint(text);
    const unknown = found.filter((f) => f.ruleId === 'suppression-unknown-rule');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0].severity, 'info');
    assert.equal(unknown[0].range.start.character, text.indexOf('no-such-rule'));
    assert.equal(unknown[0].range.end.character, text.indexOf('no-such-rule') + 'no-such-rule'.length);
    assert.ok(!found.some((f) => f.ruleId === 'no-latest-tag'));
  });

  it('honour hadolint global ignores and checkov skips file-wide', () => {
    assert.equal(lint('# hadolint global ignore=DL3007\nFROM a:latest\nFROM b:latest\n', { rules: ['no-latest-tag'] }).length, 0);
    assert.equal(lint('FROM a:latest\n#checkov:skip=CKV_DOCKER_7:pinned upstream\nFROM b:latest\n', { rules: ['no-latest-tag'] }).length, 0);
  });

  it('ignore a trailing pragma after an instruction', () => {
    assert.equal(lint('FROM a:latest # hadolint ignore=DL3007\nFROM b:latest\n', { rules: ['no-latest-tag'] }).length, 2);
  });

  it('work with CRLF line endings', () => {
    assert.equal(lint('# container-standard ignore=no-latest-tag\r\nFROM ubuntu\r\nFROM debian\r\n', { rules: ['no-latest-tag'] }).length, 1);
  });
});

describe('YAML suppression extent', () => {
  const text = [
    'spec:', //0
    '  containers:', //1
    '  - name: a', //2
    '    image: x', //3
    '    # comment', //4
    '    ports:', //5
    '    - containerPort: 1', //6
    '  - name: b', //7
    '  volumes: []', //8
  ].join('\n');
  const index = new LineIndex(text);
  it('a list item runs until the next item', () => assert.deepEqual(yamlExtentAt(index, 2), { fromLine: 2, toLine: 6 }));
  it('a key takes its flush sequence with it', () => assert.deepEqual(yamlExtentAt(index, 1), { fromLine: 1, toLine: 7 }));
  it('a scalar key is one line', () => assert.deepEqual(yamlExtentAt(index, 3), { fromLine: 3, toLine: 3 }));
});
