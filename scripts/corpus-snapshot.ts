// The regression net over the corpus: every finding of `lint test/corpus` (rule, file, line, column,
// severity, fix safety, message) as one sorted text, compared by test/unit/corpus-snapshot.test.ts.
// `npm run snapshot:update` rewrites test/snapshots/corpus-findings.txt after a deliberate change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLint } from '../server/src/cli/lint';

const ROOT = path.resolve(__dirname, '..');
export const SNAPSHOT_FILE = path.join(ROOT, 'test', 'snapshots', 'corpus-findings.txt');

interface JsonMessage {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  fix?: { safety?: string };
}

export function corpusSnapshot(): string {
  let out = '';
  const code = runLint(['test/corpus', '--format', 'json', '--exit-zero'], {
    stdout: (s) => (out += s),
    stderr: (s) => process.stderr.write(s),
    readStdin: () => '',
    cwd: ROOT,
    color: false,
    version: '0.0.0',
  });
  if (code !== 0) throw new Error(`lint exited ${code}`);
  const reports = JSON.parse(out) as { filePath: string; messages: JsonMessage[] }[];
  const lines: string[] = [];
  for (const r of reports) {
    const file = r.filePath.split(path.sep).join('/').replace(/^test\/corpus\//, '');
    for (const m of r.messages) {
      const fix = m.fix ? `fix:${m.fix.safety ?? 'unclassified'}` : 'no-fix';
      lines.push(`${file}:${m.line}:${m.column} ${m.ruleId} ${m.severity} ${fix} ${m.message.replace(/\s+/g, ' ')}`);
    }
  }
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `# lint test/corpus: ${lines.length} findings. Regenerate with: npm run snapshot:update\n${lines.join('\n')}\n`;
}

if (process.argv.includes('--update')) {
  fs.mkdirSync(path.dirname(SNAPSHOT_FILE), { recursive: true });
  const text = corpusSnapshot();
  fs.writeFileSync(SNAPSHOT_FILE, text);
  process.stdout.write(`wrote ${path.relative(ROOT, SNAPSHOT_FILE)} (${text.split('\n')[0].slice(2)})\n`);
}
