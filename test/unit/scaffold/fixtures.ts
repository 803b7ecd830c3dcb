import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceFacts } from '../../../server/src/scaffold';
import type { CliIo } from '../../../server/src/cli/lint';

export function facts(overrides: Partial<ServiceFacts> = {}): ServiceFacts {
  return {
    modulePath: 'github.com/acme/orders',
    goVersion: '1.25.0',
    service: 'orders',
    mainPackage: 'cmd/orders',
    mainExists: false,
    mainWired: false,
    hasGoSum: true,
    image: 'ghcr.io/acme/orders',
    serviceDirFromRepoRoot: '.',
    ...overrides,
  };
}

/** A fresh folder under the system temp dir (outside any git repository), removed after the test run. */
export function tempDir(t: { after(fn: () => void): void }, prefix = 'gcs-scaffold-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

export function captureIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
    readStdin: () => '',
    cwd,
    color: false,
    version: '0.0.0-test',
  };
  return io;
}
