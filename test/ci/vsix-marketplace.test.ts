// The .vsix that `npm run package` makes is ready for the VS Code Marketplace and Open VSX: the
// metadata both show (categories, keywords, repository, banner, licence) and what ovsx checks
// before it uploads a packaged extension (publisher, name and version in extension/package.json;
// a licence: ovsx's checkLicense accepts a `license` field or a LICENSE file).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageVsix } from '../e2e/harness/codeServer';
import { ZipFile } from '../e2e/harness/zip';

const root = path.resolve(__dirname, '../..');
// VS Code's extension categories (vsce's validation list).
const CATEGORIES = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization'];

describe('the .vsix for the Marketplace and Open VSX', () => {
  let tmp: string;
  let vsix: ZipFile;
  let manifest: Record<string, any>;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-vsix-'));
    const file = path.join(tmp, 'extension.vsix');
    packageVsix(file, { build: !fs.existsSync(path.join(root, 'server/out/cli.js')) });
    vsix = new ZipFile(file);
    manifest = JSON.parse(vsix.read('extension/package.json').toString('utf8'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('names a publisher, name, semver version, VS Code engine and licence, with the licence text', () => {
    for (const field of ['publisher', 'name', 'version', 'license']) assert.equal(typeof manifest[field], 'string', field);
    assert.match(manifest.publisher, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(manifest.name, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
    assert.match(manifest.engines.vscode, /^\^\d+\.\d+\.\d+$/);
    assert.ok(vsix.names.includes('extension/LICENSE.txt'));
  });

  it('has categories, keywords, a repository and a gallery banner, also in the vsix manifest', () => {
    assert.ok(manifest.categories.length > 0 && manifest.categories.every((c: string) => CATEGORIES.includes(c)), String(manifest.categories));
    assert.ok(manifest.categories.includes('Linters'));
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    assert.match(manifest.galleryBanner.color, /^#[0-9A-Fa-f]{6}$/);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    const xml = vsix.read('extension.vsixmanifest').toString('utf8');
    assert.match(xml, /<Categories>Linters,Snippets<\/Categories>/);
    assert.match(xml, /Microsoft\.VisualStudio\.Services\.Branding\.Color" Value="#[0-9A-Fa-f]{6}"/);
    assert.match(xml, /Microsoft\.VisualStudio\.Services\.Links\.Source" Value="https:\/\/github\.com\//);
    assert.ok(!('files' in manifest), 'the npm `files` list is not part of the extension manifest');
  });

  it('has a PNG icon of at least 128 x 128 pixels (the Marketplace takes no SVG icon)', () => {
    const icon = vsix.read(`extension/${manifest.icon}`);
    assert.equal(icon.toString('latin1', 1, 4), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128);
  });

  it('says in its README that no telemetry is collected', () => {
    const readme = vsix.read(vsix.names.find((n) => /^extension\/readme\.md$/i.test(n))!).toString('utf8');
    assert.match(readme, /\*\*No telemetry is collected\.\*\*/);
  });
});
