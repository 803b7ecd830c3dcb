import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { parseYamlFile, getValue } from '../../server/src/engine/yaml/document';
import { YamlEditor } from '../../server/src/engine/yaml/edit';
import { renderScalar, type YamlValue } from '../../server/src/engine/yaml/render';
import { applyEdits } from '../../server/src/engine/text';
import type { TextEdit } from '../../server/src/engine/types';
import { lintText } from '../../server/src/engine/lint';
import { fixAll } from '../../server/src/engine/fix';
import { defaultConfig } from '../../server/src/engine/config';

function setup(text: string) {
  const file = parseYamlFile(text);
  assert.equal(file.error, undefined);
  const editor = new YamlEditor(file);
  const doc = file.docs[0] as Document.Parsed;
  const at = (...keys: string[]): unknown => keys.reduce<unknown>((node, key) => getValue(node, key, doc), doc.contents);
  const apply = (...edits: TextEdit[]) => applyEdits(text, edits).text;
  return { file, editor, doc, at, apply };
}

function map(node: unknown): YAMLMap {
  assert.ok(isMap(node));
  return node;
}

describe('YamlEditor', () => {
  it('detects the indentation width and the sequence style per document', () => {
    const { editor } = setup('a:\n    b:\n        c: 1\n    list:\n        - x\n---\nd:\n  e: 1\n  items:\n  - y\n');
    assert.equal(editor.indentUnitAt(0), 4);
    assert.equal(editor.seqIndentAt(0), 4);
    const second = editor.file.text.indexOf('d:');
    assert.equal(editor.indentUnitAt(second), 2);
    assert.equal(editor.seqIndentAt(second), 0);
  });

  it('inserts block entries after a key, before a key (above its comment) and at the end', () => {
    const text = 'c:\n  a: 1 # one\n  # about b\n  b: 2\n';
    const { editor, at, apply } = setup(text);
    const c = map(at('c'));
    assert.equal(apply(editor.insertPairs(c, { x: true }, [{ after: 'a' }])), 'c:\n  a: 1 # one\n  x: true\n  # about b\n  b: 2\n');
    assert.equal(apply(editor.insertPairs(c, { x: { z: [1, 'two'] } }, [{ before: 'b' }])), 'c:\n  a: 1 # one\n  x:\n    z:\n    - 1\n    - two\n  # about b\n  b: 2\n');
    assert.equal(apply(editor.insertPairs(c, { x: 'on' }, [{ after: 'missing' }])), 'c:\n  a: 1 # one\n  # about b\n  b: 2\n  x: "on"\n');
  });

  it('inserts before the first key of a sequence item without moving the dash', () => {
    const text = 'l:\n- name: a\n  v: 1\n';
    const { editor, at, apply } = setup(text);
    const seq = at('l');
    assert.ok(isSeq(seq));
    assert.equal(apply(editor.insertPairs(map(seq.items[0]), { k: 'v', m: { o: 1 } }, [{ before: 'name' }])), 'l:\n- k: v\n  m:\n    o: 1\n  name: a\n  v: 1\n');
  });

  it('lines entries up with keys that carry a tag, an anchor or an explicit `?` (found by fuzzing: the fixes wrote YAML that no longer parsed)', () => {
    const cases: [string, string[], string][] = [
      ['c:\n  ? a\n  : 1\n  b: 2\n', ['c'], 'c:\n  ? a\n  : 1\n  b: 2\n  x: true\n'],
      ['c:\n  !!str a: 1\n', ['c'], 'c:\n  !!str a: 1\n  x: true\n'],
      ['c:\n  &k a: 1\n', ['c'], 'c:\n  &k a: 1\n  x: true\n'],
      ['s:\n- ? a\n  : 1\n', ['s'], ''],
    ];
    for (const [text, path, expected] of cases) {
      const { editor, at, apply } = setup(text);
      const node = at(...path);
      const target = isSeq(node) ? map(node.items[0]) : map(node);
      const out = apply(editor.insertPairs(target, { x: true }));
      if (expected) assert.equal(out, expected);
      assert.equal(parseYamlFile(out).error, undefined, `${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
    }
    // In a flow map, a tagged empty value before the key is not the key's tag.
    const flow = setup('c: {a: !x, b: 1}\n');
    assert.equal(flow.apply(flow.editor.insertPairs(map(flow.at('c')), { x: true }, [{ before: 'b' }])), 'c: {a: !x, x: true, b: 1}\n');
    // Before a tagged key on its own line: above it, not between the tag and the key.
    const { editor, at, apply } = setup('c:\n  !!str a: 1\n');
    assert.equal(apply(editor.insertPairs(map(at('c')), { x: true }, [{ before: 'a' }])), 'c:\n  x: true\n  !!str a: 1\n');
  });

  it('fix-all on files whose keys carry a tag or an explicit `?` gives YAML that parses, and stops', () => {
    const config = defaultConfig();
    const inputs: [string, string][] = [
      ['deploy.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  ? a\n  : b\n  containers:\n  - name: c\n    image: a:1\n'],
      ['deploy.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - ? name\n    : c\n    image: a:1\n'],
      ['compose.yaml', 'services:\n  web:\n    !!str image: nginx:1.2\n'],
      ['compose.yaml', 'services:\n  web:\n    &i image: nginx:1.2\n'],
      ['deploy.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  !!str containers:\n  - name: c\n    image: a:1\n'],
    ];
    for (const [filePath, text] of inputs) {
      const lint = (t: string) => lintText({ filePath, text: t, config }).findings;
      const fixed = fixAll(text, lint, { unsafe: true }).text;
      assert.notEqual(fixed, text);
      assert.ok(!lint(fixed).some((f) => f.ruleId === 'parse-error'), `${JSON.stringify(text)} -> ${fixed}`);
      assert.equal(fixAll(fixed, lint, { unsafe: true }).text, fixed, 'a second fix-all changes nothing');
    }
  });

  it('inserts into flow maps, empty ones included', () => {
    const text = 'a: {x: 1, y: [1, 2]}\nb: {}\n';
    const { editor, at, apply } = setup(text);
    assert.equal(apply(editor.insertPairs(map(at('a')), { z: { q: ['ALL'] } })), 'a: {x: 1, y: [1, 2], z: {q: [ALL]}}\nb: {}\n');
    assert.equal(apply(editor.insertPairs(map(at('a')), { w: 0 }, [{ before: 'y' }])), 'a: {x: 1, w: 0, y: [1, 2]}\nb: {}\n');
    assert.equal(apply(editor.insertPairs(map(at('b')), { w: 0 })), 'a: {x: 1, y: [1, 2]}\nb: {w: 0}\n');
  });

  it('fills empty values as blocks, keeping a trailing comment on the key line', () => {
    const text = 'a:\n  b:\n  c: {} # later\n  d: ~\n';
    const { editor, at, apply } = setup(text);
    const a = map(at('a'));
    const pair = (k: string) => a.items.find((p) => isScalar(p.key) && p.key.value === k)!;
    assert.equal(apply(editor.fillEmpty(pair('b'), { x: 1 })), 'a:\n  b:\n    x: 1\n  c: {} # later\n  d: ~\n');
    assert.equal(apply(editor.fillEmpty(pair('c'), { x: 1 })), 'a:\n  b:\n  c: # later\n    x: 1\n  d: ~\n');
    assert.equal(apply(editor.fillEmpty(pair('d'), 5)), 'a:\n  b:\n  c: {} # later\n  d: 5\n');
  });

  it('fills an implicit null whose line has a comment, or whose block holds only comments', () => {
    const text = 'a:\n  b: # todo\n  c:\n    # later\n  d: 1\n';
    const { editor, at, apply } = setup(text);
    const a = map(at('a'));
    const pair = (k: string) => a.items.find((p) => isScalar(p.key) && p.key.value === k)!;
    assert.equal(apply(editor.fillEmpty(pair('b'), { x: ['ALL'] })), 'a:\n  b: # todo\n    x:\n    - ALL\n  c:\n    # later\n  d: 1\n');
    assert.equal(apply(editor.fillEmpty(pair('c'), { x: 1 })), 'a:\n  b: # todo\n  c:\n    x: 1\n    # later\n  d: 1\n');
  });

  it('replaces a pair in place, block and flow', () => {
    const text = 'p:\n  exec:\n    command: [cat, /x] # old\n  period: 5\nq: {exec: {command: [sh]}, period: 5}\n';
    const { editor, at, apply } = setup(text);
    const p = map(at('p'));
    const q = map(at('q'));
    const value: Record<string, YamlValue> = { httpGet: { path: '/health', port: 8080 } };
    assert.equal(apply(editor.replacePair(p, p.items[0], value)), 'p:\n  httpGet: # old\n    path: /health\n    port: 8080\n  period: 5\nq: {exec: {command: [sh]}, period: 5}\n');
    assert.equal(apply(editor.replacePair(q, q.items[0], value)), 'p:\n  exec:\n    command: [cat, /x] # old\n  period: 5\nq: {httpGet: {path: /health, port: 8080}, period: 5}\n');
  });

  it('appends to block, flow and empty sequences in their style and quoting', () => {
    const text = 'a:\n    - x # first\nb: [x]\nc: []\nd: ["NET_RAW"]\ne:\n- \'x\'\n';
    const { editor, at, apply } = setup(text);
    const seq = (k: string) => {
      const s = at(k);
      assert.ok(isSeq(s));
      return s;
    };
    const rest = 'd: ["NET_RAW"]\ne:\n- \'x\'\n';
    assert.equal(apply(editor.appendToSeq(seq('a'), ['ALL'])), 'a:\n    - x # first\n    - ALL\nb: [x]\nc: []\n' + rest);
    assert.equal(apply(editor.appendToSeq(seq('b'), ['ALL'])), 'a:\n    - x # first\nb: [x, ALL]\nc: []\n' + rest);
    assert.equal(apply(editor.appendToSeq(seq('c'), ['ALL'])), 'a:\n    - x # first\nb: [x]\nc: [ALL]\n' + rest);
    assert.equal(apply(editor.appendToSeq(seq('d'), ['ALL'])), 'a:\n    - x # first\nb: [x]\nc: []\nd: ["NET_RAW", "ALL"]\ne:\n- \'x\'\n');
    assert.equal(apply(editor.appendToSeq(seq('e'), ['ALL'])), 'a:\n    - x # first\nb: [x]\nc: []\nd: ["NET_RAW"]\ne:\n- \'x\'\n- \'ALL\'\n');
  });

  it('replaces scalars keeping their quotes when both are strings', () => {
    const text = "a: \"/healthz\"\nb: '/x'\nc: \"false\"\n";
    const { editor, apply } = setup(text);
    const scalar = (k: string) => {
      const s = (map(editor.file.docs[0].contents).items.find((p) => isScalar(p.key) && p.key.value === k)!.value);
      assert.ok(isScalar(s));
      return s;
    };
    assert.equal(apply(editor.replaceScalar(scalar('a'), '/health')), "a: \"/health\"\nb: '/x'\nc: \"false\"\n");
    assert.equal(apply(editor.replaceScalar(scalar('b'), "it's")), "a: \"/healthz\"\nb: 'it''s'\nc: \"false\"\n");
    assert.equal(apply(editor.replaceScalar(scalar('c'), true)), "a: \"/healthz\"\nb: '/x'\nc: true\n");
  });

  it('merges only what is missing, descending into existing maps and into a merge key base', () => {
    const text = 'base: &b\n  sc:\n    x: 1\nitem:\n  <<: *b\n  name: i\n';
    const { editor, doc, at, apply } = setup(text);
    const edits = editor.merge(doc, map(at('item')), { sc: { x: 2, z: 3 }, res: { cpu: '1' } });
    assert.equal(apply(...edits), 'base: &b\n  sc:\n    x: 1\n    z: 3\n  res:\n    cpu: "1"\nitem:\n  <<: *b\n  name: i\n');
    assert.deepEqual(editor.merge(doc, map(at('item')), { name: 'other', sc: { x: 9 } }), []);
  });

  it('fills an empty value inherited from a flow-map merge source inline, also when the map merges itself in', () => {
    // `&s` names the map that holds `<<: [*s, *b]`: the merge-key walk must not follow it back into itself.
    const text = 'base: &b {sc: ~}\nitem: &s\n  <<: [*s, *b]\n  name: i\n';
    const { editor, doc, at, apply } = setup(text);
    const edits = editor.merge(doc, map(at('item')), { sc: { x: 1 }, res: { cpu: '1' } });
    assert.equal(apply(...edits), 'base: &b {sc: {x: 1}, res: {cpu: "1"}}\nitem: &s\n  <<: [*s, *b]\n  name: i\n');
  });

  it('keeps CRLF through applyEdits and quotes scalars that would change type', () => {
    const text = 'a:\r\n  b: 1\r\n';
    const { editor, at, apply } = setup(text);
    assert.equal(apply(editor.insertPairs(map(at('a')), { c: { d: 'yes' } })), 'a:\r\n  b: 1\r\n  c:\r\n    d: "yes"\r\n');
    assert.deepEqual(['100m', '1', '0x1F', 'null', 'y', '/ready', 'a: b', '', 'RuntimeDefault'].map(renderScalar), ['100m', '"1"', '"0x1F"', '"null"', '"y"', '/ready', '"a: b"', '""', 'RuntimeDefault']);
  });
});
