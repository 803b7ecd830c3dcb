// shellSourceFromDocument copies runs of text instead of single characters; it must join lines
// exactly as the character-at-a-time reading it replaced, offsets included.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { shellSourceFromDocument } from '../../server/src/engine/dockerfile/shell';
import { CORPUS as CORPUS_ROOT } from '../corpusPath';

/** The plain reading: one character at a time. */
function reference(text: string, start: number, end: number, escapeChar: string): { source: string; docOffsets: number[] } {
  let source = '';
  const docOffsets: number[] = [];
  let i = start;
  let atLineStart = false;
  while (i < end) {
    const ch = text[i];
    if (atLineStart) {
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#' || text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n')) {
        while (j < end && text[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      atLineStart = false;
    }
    if (ch === escapeChar) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (j >= end || text[j] === '\n') {
        i = j + 1;
        atLineStart = true;
        continue;
      }
    }
    source += ch;
    docOffsets.push(i);
    i++;
  }
  docOffsets.push(Math.min(i, end));
  return { source: source.replace(/\r(?=\n)/g, ' '), docOffsets };
}

const CORPUS = path.join(CORPUS_ROOT, 'dockerfiles');

describe('shellSourceFromDocument', () => {
  it('joins every RUN of the corpus (LF and CRLF) like the character-at-a-time reading', () => {
    let runs = 0;
    for (const file of fs.readdirSync(CORPUS)) {
      const lf = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      for (const text of [lf, lf.replace(/\n/g, '\r\n')]) {
        const re = /^\s*RUN\b/gim;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const start = m.index + m[0].length;
          // To the end of the file: covers continuations, comment and blank lines, and what follows.
          for (const end of [text.length, Math.min(text.length, start + 300)]) {
            const got = shellSourceFromDocument(text, start, end, '\\');
            const want = reference(text, start, end, '\\');
            assert.equal(got.source, want.source, `${file} at ${start}`);
            assert.deepEqual(got.docOffsets, want.docOffsets, `${file} at ${start}`);
            runs++;
          }
        }
      }
    }
    assert.ok(runs > 500, `${runs} RUN sources compared`);
  });

  it('handles a backtick escape, an escape at the very end and comment lines without a newline', () => {
    for (const [text, escape] of [
      ['RUN a `\n  # c\n  b `\n\n c', '`'],
      ['RUN a \\', '\\'],
      ['RUN a \\\n# only a comment', '\\'],
      ['RUN a \\ \t\r\n  b\\\r\n\r\n  c', '\\'],
    ] as const) {
      assert.deepEqual(shellSourceFromDocument(text, 4, text.length, escape), { ...reference(text, 4, text.length, escape), quoting: 'none' }, JSON.stringify(text));
    }
  });
});

describe('the shell parser and the rest of the process', () => {
  it("leaves Error.stackTraceLimit and the process's globals as they were (mvdan-sh's GopherJS runtime set the limit to Infinity; Go's wasm_exec.js adds fs, path and Go)", () => {
    // A fresh process: the parser must load during this lint, and parse again in a later script of it.
    const lint = path.resolve(__dirname, '../../server/src/engine/lint.ts');
    const config = path.resolve(__dirname, '../../server/src/engine/config.ts');
    const parser = path.resolve(__dirname, '../../server/src/engine/dockerfile/shell-parser.ts');
    const script = `
      const { lintText } = require(${JSON.stringify(lint)});
      const { defaultConfig } = require(${JSON.stringify(config)});
      const globals = () => Object.getOwnPropertyNames(globalThis).sort().join(',');
      const before = Error.stackTraceLimit;
      const globalsBefore = globals();
      const first = lintText({ filePath: 'Dockerfile', text: 'FROM golang:1.24\\nRUN go build -o /app . && echo done\\n', config: defaultConfig() });
      const afterLoad = Error.stackTraceLimit;
      // Inside an if clause: only a real parse finds this go build (the fallback tokenizer sees a command named 'then').
      const second = lintText({ filePath: 'Dockerfile', text: 'FROM golang:1.24\\nRUN if true; then CGO_ENABLED=1 go build -o /b .; fi\\n', config: defaultConfig() });
      // Given back when idle, and started again by the next script.
      require(${JSON.stringify(parser)}).releaseShellParser();
      const third = lintText({ filePath: 'Dockerfile', text: 'FROM golang:1.24\\nRUN if true; then CGO_ENABLED=1 go build -o /c .; fi\\n', config: defaultConfig() });
      process.stdout.write(JSON.stringify({ before, afterLoad, after: Error.stackTraceLimit, globalsBefore, globalsAfter: globals(), rules: second.findings.map((f) => f.ruleId), restarted: third.findings.map((f) => f.ruleId) }));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const { before, afterLoad, after, globalsBefore, globalsAfter, rules, restarted } = JSON.parse(r.stdout) as { before: number; afterLoad: number; after: number; globalsBefore: string; globalsAfter: string; rules: string[]; restarted: string[] };
    assert.equal(afterLoad, before);
    assert.equal(after, before);
    assert.equal(globalsAfter, globalsBefore);
    assert.ok(rules.includes('cgo-disabled'), `the RUN line was parsed, not tokenized: ${rules.join(', ')}`);
    assert.ok(restarted.includes('cgo-disabled'), `parsed again after the parser was released: ${restarted.join(', ')}`);
  });
});
