// Plain `--fix` applies safe fixes only. Over every corpus manifest and compose file they may add
// hardening the files leave unset, and nothing else: no probe, env value, resource, image or user
// the author wrote changes, and nothing is removed (issue 17).
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CORPUS } from '../corpusPath';
import { fixAll } from '../../server/src/engine/fix';
import { lint } from './helpers';

/** Every leaf of every document, by its path of keys and indexes (`#0/spec/template/spec/containers/0/name`), with its value. */
function leaves(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, at: string) => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
    else out.set(at, JSON.stringify(v));
  };
  parseAllDocuments(text).forEach((d, i) => walk(d.toJS(), `#${i}`));
  return out;
}

/** The last two keys of a path, numbers generalised: `securityContext/allowPrivilegeEscalation`, `security_opt/*`. */
const tail = (p: string) => p.split('/').slice(-2).map((k) => (/^\d+$/.test(k) ? '*' : k)).join('/');

const ALLOWED = new Set(['seccompProfile/type', 'securityContext/allowPrivilegeEscalation', 'securityContext/runAsNonRoot', 'security_opt/*']);

it('safe fixes over the corpus manifests and compose files only add unset hardening (seccomp, allowPrivilegeEscalation, runAsNonRoot beside a user, no-new-privileges)', () => {
  const changed = new Map<string, number>();
  const problems: string[] = [];
  for (const dir of ['k8s', 'compose']) {
    for (const name of fs.readdirSync(path.join(CORPUS, dir))) {
      const filePath = path.join(CORPUS, dir, name);
      const text = fs.readFileSync(filePath, 'utf8');
      const fixed = fixAll(text, (t) => lint(t, { filePath }).filter((f) => f.fix?.safety === 'safe')).text;
      if (fixed === text) continue;
      const before = leaves(text);
      const after = leaves(fixed);
      for (const [p, v] of before) if (after.get(p) !== v) problems.push(`${dir}/${name}: ${p} changed or removed (${v} -> ${after.get(p)})`);
      for (const [p] of after) {
        if (before.has(p)) continue;
        changed.set(tail(p), (changed.get(tail(p)) ?? 0) + 1);
        if (!ALLOWED.has(tail(p))) problems.push(`${dir}/${name}: safe fix added ${p}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  // Each kind of safe fix shows up on the corpus, so this test would see one that wrote elsewhere.
  assert.deepEqual([...changed.keys()].sort(), [...ALLOWED].sort());
});
