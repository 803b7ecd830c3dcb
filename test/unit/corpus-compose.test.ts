import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lintText } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/engine/config';
import { fixAll } from '../../server/src/engine/fix';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { describeFinding } from './helpers';
import { CORPUS as CORPUS_ROOT } from '../corpusPath';

const CORPUS = path.join(CORPUS_ROOT, 'compose');
const files = fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f)).sort();
const config = defaultConfig();
const lintFile = (filePath: string, text: string): Finding[] => lintText({ filePath, text, config }).findings;

/** Keys the compose fixes may add; anything else appearing or changing is a bug. */
const ADDED_KEYS = new Set(['read_only', 'security_opt', 'cap_drop', 'deploy', 'resources', 'limits', 'cpus', 'memory', 'mem_limit']);

function parse(text: string): unknown[] {
  const docs = parseAllDocuments(text, { merge: true });
  assert.ok(Array.isArray(docs), 'parses as a document stream');
  for (const d of docs) assert.deepEqual([...d.errors, ...d.warnings].map((e) => e.message), [], 'no YAML errors or warnings');
  return docs.map((d) => d.toJS({ maxAliasCount: 1000 }));
}

/** `before` is contained in `after`: same scalars, lists only appended to, maps only gaining the allowed keys. */
function assertOnlyAdditions(before: unknown, after: unknown, at: string): void {
  if (Array.isArray(before)) {
    assert.ok(Array.isArray(after), `${at} is still a list`);
    assert.ok(after.length >= before.length, `${at} lost items`);
    before.forEach((v, i) => assertOnlyAdditions(v, after[i], `${at}[${i}]`));
    for (const extra of after.slice(before.length)) assert.ok(/^(no-new-privileges:true|ALL)$/.test(String(extra)), `${at} gained '${extra}'`);
    return;
  }
  if (before && typeof before === 'object') {
    assert.ok(after && typeof after === 'object' && !Array.isArray(after), `${at} is still a map`);
    const a = after as Record<string, unknown>;
    for (const [k, v] of Object.entries(before)) assertOnlyAdditions(v, a[k], `${at}.${k}`);
    for (const k of Object.keys(a)) if (!(k in before)) assert.ok(ADDED_KEYS.has(k), `${at} gained key '${k}'`);
    return;
  }
  assert.deepEqual(after, before, `${at} changed`);
}

function countByRule(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

describe('compose corpus', () => {
  it('has files to check', () => assert.ok(files.length >= 20));

  for (const name of files) {
    const filePath = path.join(CORPUS, name);
    const text = fs.readFileSync(filePath, 'utf8');

    it(`${name}: lints as compose, without engine errors, ranges inside the file`, () => {
      const findings = lintFile(filePath, text);
      assert.deepEqual(findings.filter((f) => /error$/.test(f.ruleId) && !f.ruleId.startsWith('compose-')).map(describeFinding), []);
      assert.ok(findings.some((f) => f.ruleId.startsWith('compose-')), 'recognised as a compose file');
      const index = new LineIndex(text);
      for (const f of findings) {
        for (const p of [f.range.start, f.range.end]) {
          assert.ok(p.line < index.lineCount, `line inside the file: ${describeFinding(f)}`);
          assert.ok(p.character <= index.lineText(p.line).length, `column inside the line: ${describeFinding(f)}`);
        }
      }
    });

    it(`${name}: fix-all converges, keeps the file parsing and only adds hardening keys`, () => {
      const before = lintFile(filePath, text);
      const fixed = fixAll(text, (t) => lintFile(filePath, t), { unsafe: true });
      assert.ok(fixed.applied > 0, 'some fix applied');
      assert.equal(fixAll(fixed.text, (t) => lintFile(filePath, t), { unsafe: true }).text, fixed.text, 'a second fix-all changes nothing');
      const original = parse(text);
      const result = parse(fixed.text);
      assert.equal(result.length, original.length);
      original.forEach((doc, i) => assertOnlyAdditions(doc, result[i], `doc${i}`));
      const after = lintFile(filePath, fixed.text);
      assert.deepEqual(after.filter((f) => f.fix).map(describeFinding), [], 'no fixable finding left');
      const was = countByRule(before);
      for (const [rule, n] of countByRule(after)) assert.ok(n <= (was.get(rule) ?? 0), `fixes introduced ${rule} findings`);
      assert.ok(!after.some((f) => ['compose-read-only', 'compose-no-new-privileges', 'compose-cap-drop-all', 'compose-resource-limits'].includes(f.ruleId)));
    });
  }

  it('keeps CRLF line endings when fixing', () => {
    const name = files.find((f) => f.includes('gitea-postgres'))!;
    const text = fs.readFileSync(path.join(CORPUS, name), 'utf8').replace(/\r?\n/g, '\r\n');
    const fixed = fixAll(text, (t) => lintFile(name, t), { unsafe: true }).text;
    assert.notEqual(fixed, text);
    assert.ok(!/[^\r]\n/.test(fixed), 'no bare \\n');
    assert.deepEqual(parse(fixed), parse(fixed.replace(/\r\n/g, '\n')));
  });

  it('reports what a reader would expect on known files', () => {
    const expect = (file: string, rule: string, line: number, column: number) => {
      const name = files.find((f) => f.includes(file))!;
      const findings = lintFile(path.join(CORPUS, name), fs.readFileSync(path.join(CORPUS, name), 'utf8'));
      assert.ok(
        findings.some((f) => f.ruleId === rule && f.range.start.line + 1 === line && f.range.start.character + 1 === column),
        `${rule} at ${line}:${column} in ${name}; got:\n${findings.filter((f) => f.ruleId === rule).map(describeFinding).join('\n')}`,
      );
    };
    expect('gitea-postgres', 'compose-image-tag', 3, 12);
    expect('gitea-postgres', 'compose-no-secret-literals', 9, 19);
    expect('gitea-postgres', 'compose-read-only', 2, 3);
    expect('docker-compose-3-node', 'compose-image-tag', 24, 13);
    expect('opentelemetry-demo__compose.yaml', 'compose-resource-limits', 44, 9);
  });
});
