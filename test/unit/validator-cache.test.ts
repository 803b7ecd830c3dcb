// The syntax validator remembers per-instruction results across edits (lsp/validatorCache.ts).
// Over random edit sequences on corpus Dockerfiles, every version must get exactly the diagnostics
// the unpatched validator reports.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syntaxDiagnosticsOf } from '../../server/src/lsp/lintJob';
import { clearValidatorCache } from '../../server/src/lsp/validatorCache';
import { toSyntaxDiagnostic } from '../../server/src/lsp/diagnostics';
import { shareParses } from '../../server/src/engine/dockerfile/ast-memo';
import { pristineDockerfileLibraries } from './pristine-dockerfile';
import { seeded, type Rng } from './robustness/corpus';
import { CORPUS as CORPUS_ROOT } from '../corpusPath';

const CORPUS = path.join(CORPUS_ROOT, 'dockerfiles');
const reference = pristineDockerfileLibraries().service.DockerfileLanguageServiceFactory.createLanguageService();
const expected = (text: string) => reference.validate(text).map(toSyntaxDiagnostic);

/** Snippets that change what the validator sees: definitions, variables, quoting, continuations, instructions. */
const INSERTS = ['x', ' ', '\n', '\\\n', '$FOO', '${BAR:-1}', '${X:?}', 'ARG FOO\n', 'ENV BAR=2\n', 'FROM alpine AS a\n', '"', "'", '[', ']', '#', 'RUN ', 'copy --from=a ', 'ONBUILD RUN x\n', '<<EOF\nhi\nEOF\n', '# escape=`\n', 'WORKDIR rel\n', 'CMD a\nCMD b\n'];

function edit(text: string, rng: Rng): string {
  const at = rng.nextInt(0, text.length);
  const kind = rng.nextInt(0, 3);
  if (kind === 0 && text.length > 0) return text.slice(0, at) + text.slice(Math.min(text.length, at + rng.nextInt(1, 12)));
  if (kind === 1) {
    // Retype part of a line: the common keystroke.
    const lineEnd = text.indexOf('\n', at);
    return text.slice(0, at) + 'abc' + text.slice(lineEnd === -1 ? text.length : lineEnd);
  }
  return text.slice(0, at) + INSERTS[rng.nextInt(0, INSERTS.length - 1)] + text.slice(at);
}

describe('validator cache', () => {
  it('gives every version of randomly edited corpus Dockerfiles the unpatched validator\'s diagnostics', () => {
    clearValidatorCache();
    const files = fs.readdirSync(CORPUS).sort();
    let versions = 0;
    let reported = 0;
    for (let f = 0; f < files.length; f += 3) {
      const rng = seeded(7919 * (f + 1));
      let text = fs.readFileSync(path.join(CORPUS, files[f]), 'utf8');
      for (let step = 0; step < 12; step++) {
        const actual = shareParses(() => syntaxDiagnosticsOf(text));
        const want = expected(text);
        assert.deepEqual(actual, want, `${files[f]} after ${step} edits:\n${text}`);
        versions++;
        reported += want.length;
        text = edit(text, rng);
      }
    }
    assert.ok(versions > 400, `${versions} versions checked`);
    assert.ok(reported > 100, 'the edits give the validator things to report');
  });

  it('checks an unchanged instruction again when a definition above it changes', () => {
    // Same positions and the same FROM / STOPSIGNAL text; only whether the variable is defined differs.
    const pairs = [
      ['ARG IMG=alpine\nFROM $IMG\n', 'ARG IMH=alpine\nFROM $IMG\n'],
      ['FROM alpine\nARG SIG=9\nSTOPSIGNAL $SIG\n', 'FROM alpine\nARG SIH=9\nSTOPSIGNAL $SIG\n'],
    ];
    for (const [defined, undefinedVar] of pairs) {
      clearValidatorCache();
      assert.notDeepEqual(expected(defined), expected(undefinedVar), 'the pair differs for the validator');
      for (const text of [defined, undefinedVar, defined, undefinedVar]) assert.deepEqual(syntaxDiagnosticsOf(text), expected(text), text);
    }
  });
});
