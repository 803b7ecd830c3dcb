// The repository stands alone: nothing reads files from beside it, and the corpus carries its
// upstream licences.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CORPUS } from '../corpusPath';

const root = path.resolve(__dirname, '../..');

describe('a repository that stands alone', () => {
  // The folder beside this project on its own machines, spelt so that this file does not name it.
  const sibling = new RegExp(String.raw`\.\./` + 'shared' + String.raw`\b`);

  it('has no file that reads the shared folder beside the project', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    const offenders = tracked.filter((f) => !f.startsWith('test/corpus/') && existsSync(path.join(root, f)) && sibling.test(readFileSync(path.join(root, f), 'latin1')));
    assert.deepEqual(offenders, []);
  });

  it('has a licence text for every corpus file, from the same repository and commit', () => {
    const rows = readFileSync(path.join(CORPUS, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    const index = readFileSync(path.join(CORPUS, 'LICENSES', 'README.md'), 'utf8');
    const folders = [...index.matchAll(/^\| \[`([^`]+)\/`\]\(\S+\) \| \[([^\]]+)\]\(https:\/\/github\.com\/[^/]+\/[^/]+\/tree\/([0-9a-f]{40})\) \| `([^`]+)` \|/gm)].map(
      ([, folder, repo, commit, under]) => ({ folder, repo, commit, under: under === '/' ? '' : under }),
    );
    assert.ok(folders.length >= 30, `expected the licence index rows, found ${folders.length}`);
    for (const { folder } of folders) {
      const texts = readdirSync(path.join(CORPUS, 'LICENSES', folder)).filter((f) => /^(LICEN[CS]E|COPYING)/i.test(f));
      assert.ok(texts.length > 0, `${folder} has no licence text`);
    }
    for (const [file, repo, filePath, commit, spdx] of rows) {
      const covering = folders.filter((f) => f.repo === repo && f.commit === commit && (f.under === '' || filePath.startsWith(f.under + '/')));
      assert.ok(covering.length > 0, `${file} (${repo}@${commit}, ${spdx}) has no licence in test/corpus/LICENSES`);
    }
  });
});
