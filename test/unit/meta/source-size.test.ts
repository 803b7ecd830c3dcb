import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** A source file may hold one idea; past this many lines it holds several (issue 18). */
const MAX_LINES = 450;

/** The scaffolder's Go templates are Go text held in a TypeScript string, not engine code. */
const EXEMPT = /^server\/src\/scaffold\/templates\/go[^/]*\.ts$/;

const SOURCE = /\.(?:ts|tsx|js|mjs|cjs)$/;

/** Lines as `wc -l` counts them, plus a last line without its newline. */
function lineCount(text: string): number {
  const newlines = text.split('\n').length - 1;
  return text.length > 0 && !text.endsWith('\n') ? newlines + 1 : newlines;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'out') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('source file size', () => {
  it(`counts lines as wc -l does, CRLF and a missing last newline included`, () => {
    assert.equal(lineCount(''), 0);
    assert.equal(lineCount('a'), 1);
    assert.equal(lineCount('a\n'), 1);
    assert.equal(lineCount('a\r\nb\r\n'), 2);
    assert.equal(lineCount('a\nb'), 2);
    assert.equal(lineCount('\n\n'), 2);
  });

  it(`exempts only the scaffolder's Go templates`, () => {
    assert.ok(EXEMPT.test('server/src/scaffold/templates/goServer.ts'));
    assert.ok(EXEMPT.test('server/src/scaffold/templates/goHealth.ts'));
    assert.ok(!EXEMPT.test('server/src/scaffold/templates/container.ts'));
    assert.ok(!EXEMPT.test('server/src/engine/dockerfile/go.ts'));
  });

  it(`has no source file over ${MAX_LINES} lines under server/src and client/src (the scaffolder's Go templates aside)`, () => {
    const files = ['server/src', 'client/src'].flatMap((d) => sourceFiles(path.join(root, d)));
    assert.ok(files.length > 50, `expected the project's sources, found ${files.length} files`);
    const over = files
      .map((f) => ({ file: path.relative(root, f).split(path.sep).join('/'), lines: lineCount(readFileSync(f, 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES && !EXEMPT.test(f.file))
      .sort((a, b) => b.lines - a.lines)
      .map((f) => `${f.file}: ${f.lines} lines`);
    assert.deepEqual(over, [], `split these by concern (one idea per file), not by cutting at line ${MAX_LINES + 1}`);
  });
});
