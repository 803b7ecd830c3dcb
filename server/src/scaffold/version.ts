// The version of this package, which the scaffolded workflow's lint job runs (npx, pinned).
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const PACKAGE_VERSION: string;

/** Set by the bundler; from package.json when running from source (tests). */
export const CLI_VERSION: string = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : versionFromPackageJson();

function versionFromPackageJson(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.1.0';
  }
}
