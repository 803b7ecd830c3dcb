// Entry point named by --extensionTestsPath: VS Code calls run() inside the extension host.
import { runAll } from '../runner';
import './extension.suite';

export async function run(): Promise<void> {
  const results = await runAll((line) => console.log(line), process.env.GCS_TEST_RESULTS || undefined);
  const failed = results.filter((r) => !r.passed);
  if (results.length === 0) throw new Error('no tests ran');
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} tests failed`);
}
