// The engine memoizes dockerfile-ast getters per parsed instance (ast-memo.ts) for speed. The
// memoized tree must answer exactly what a pristine copy of dockerfile-ast answers, and the
// validator of dockerfile-language-service must report the same diagnostics on top of it.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../../server/src/engine/dockerfile/ast-memo';
import * as patchedAst from 'dockerfile-ast';
import * as patchedService from 'dockerfile-language-service';
import { pristineDockerfileLibraries } from './pristine-dockerfile';
import { lintText } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/engine/config';
import { CORPUS as CORPUS_ROOT } from '../corpusPath';

const CORPUS = path.join(CORPUS_ROOT, 'dockerfiles');

const plain = pristineDockerfileLibraries();

it('compares against an unpatched copy', () => {
  assert.notEqual(plain.ast.Instruction, patchedAst.Instruction);
  const method = (cls: unknown) => (cls as { prototype: Record<string, unknown> }).prototype.getRawArguments;
  assert.notEqual(method(plain.ast.Instruction), method(patchedAst.Instruction));
});

/** Everything the engine and the validator read from a tree, as plain data. */
function readTree(ast: typeof patchedAst, text: string, twice: boolean): unknown {
  const dockerfile = ast.DockerfileParser.parse(text);
  const read = () => {
    // Tree nodes point back at their document and Dockerfile: leave those links out.
    const json = (v: unknown) => JSON.parse(JSON.stringify(v ?? null, (k, x) => (k === 'document' || k === 'dockerfile' ? undefined : x)));
    const instructions = dockerfile.getInstructions().map((i) => {
      const any = i as unknown as Record<string, () => unknown>;
      const call = (m: string) => (typeof any[m] === 'function' ? json(any[m]()) : undefined);
      return {
        keyword: i.getKeyword(),
        raw: call('getRawArguments'),
        args: call('getArguments'),
        variables: call('getVariables'),
        heredocs: ((any.getHeredocs() ?? []) as patchedAst.Heredoc[]).map((h) => ({ name: h.getName(), content: h.getContentRange(), nameRange: h.getNameRange(), delimiter: h.getDelimiterRange() })),
        rawContent: call('getRawArgumentsContent'),
        content: call('getArgumentsContent'),
        propertyArgs: call('getPropertyArguments'),
        properties: call('getProperties'),
        flags: call('getFlags'),
        json: call('getJSONStrings'),
      };
    });
    const lines = text.split('\n').length;
    const containing = Array.from({ length: Math.min(lines, 400) }, (_, line) => dockerfile.getContainingImage({ line, character: 0 })?.getRange() ?? null);
    return {
      instructions,
      args: dockerfile.getARGs().map((a) => a.getRange()),
      envs: dockerfile.getENVs().map((e) => e.getRange()),
      froms: dockerfile.getFROMs().map((f) => f.getImage()),
      containing: json(containing),
    };
  };
  const first = read();
  if (!twice) return first;
  // Callers mutate returned arrays: a second read must not see that.
  for (const i of dockerfile.getInstructions()) {
    i.getArguments().length = 0;
    ((i as unknown as Record<string, () => unknown[]>).getHeredocs() ?? []).length = 0;
  }
  dockerfile.getFROMs().length = 0;
  return read();
}

describe('memoized dockerfile-ast', () => {
  const files = fs.readdirSync(CORPUS).sort();

  it('reads every corpus Dockerfile exactly as a pristine dockerfile-ast does, also when read twice', () => {
    assert.ok(files.length > 50);
    for (const file of files) {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      assert.deepEqual(readTree(patchedAst, text, true), readTree(plain.ast, text, false), file);
    }
  });

  it('gives the validator the same diagnostics as on a pristine tree', () => {
    const patched = patchedService.DockerfileLanguageServiceFactory.createLanguageService();
    const reference = plain.service.DockerfileLanguageServiceFactory.createLanguageService();
    let diagnostics = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      const expected = reference.validate(text);
      diagnostics += expected.length;
      assert.deepEqual(patched.validate(text), expected, file);
    }
    assert.ok(diagnostics > 0, 'the corpus gives the validator something to report');
  });

  it('takes an instruction whose heredocs dockerfile-ast cannot read to have none, and lints the file', () => {
    // A continuation ending in a lone CR, then a comment line: dockerfile-ast's heredoc scanner throws (found by fuzzing).
    const texts = ['FROM a\nRUN x \\\r# c\n\n', 'FROM a\nCOPY x \\\r# c\n\n', 'FROM a\nRUN <<EOF \\\r# c\n\nEOF\n'];
    const service = patchedService.DockerfileLanguageServiceFactory.createLanguageService();
    for (const text of texts) {
      const instruction = patchedAst.DockerfileParser.parse(text).getInstructions()[1] as unknown as { getHeredocs(): unknown[] };
      assert.deepEqual(instruction.getHeredocs(), [], JSON.stringify(text));
      assert.doesNotThrow(() => service.validate(text), JSON.stringify(text));
      const ids = lintText({ filePath: 'Dockerfile', text, config: defaultConfig() }).findings.map((f) => f.ruleId);
      assert.ok(!ids.includes('internal-error'), `${JSON.stringify(text)}: ${ids.join(', ')}`);
      assert.ok(ids.includes('runtime-nonroot-user'), `${JSON.stringify(text)} is still checked: ${ids.join(', ')}`);
    }
  });

  it('keeps variable resolution per stage right after the tree grows', () => {
    const text = 'ARG BASE=alpine\nFROM $BASE AS one\nENV A=1\nRUN echo $A\nFROM one AS two\nARG B=2\nRUN echo $A $B\n';
    assert.deepEqual(readTree(patchedAst, text, true), readTree(plain.ast, text, false));
    const dockerfile = patchedAst.DockerfileParser.parse(text);
    assert.equal(dockerfile.getContainingImage({ line: 6, character: 0 }), dockerfile.getContainingImage({ line: 6, character: 0 }));
    assert.equal(dockerfile.resolveVariable('B', 6), '2');
    assert.equal(dockerfile.resolveVariable('B', 3), undefined);
  });
});
