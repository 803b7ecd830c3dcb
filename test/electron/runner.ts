// A small mocha-style runner (suite / test / suiteSetup) for tests that run inside the VS Code
// extension host, where neither mocha nor Node's test runner can drive them. Tests run in order;
// the report ends with the plain "N passed, N failed" line, and run() rejects when any failed.
import { writeFileSync } from 'node:fs';

type Body = () => unknown | Promise<unknown>;
interface TestCase {
  name: string;
  body: Body;
  timeout: number;
}
interface Suite {
  name: string;
  setup: Body[];
  teardown: Body[];
  tests: TestCase[];
}

const suites: Suite[] = [];
let current: Suite | undefined;
const DEFAULT_TIMEOUT = 60_000;

export function suite(name: string, define: () => void): void {
  current = { name, setup: [], teardown: [], tests: [] };
  suites.push(current);
  define();
  current = undefined;
}

export function test(name: string, body: Body, timeout = DEFAULT_TIMEOUT): void {
  if (!current) throw new Error(`test "${name}" outside a suite`);
  current.tests.push({ name, body, timeout });
}

export function suiteSetup(body: Body): void {
  if (!current) throw new Error('suiteSetup outside a suite');
  current.setup.push(body);
}

export function suiteTeardown(body: Body): void {
  if (!current) throw new Error('suiteTeardown outside a suite');
  current.teardown.push(body);
}

function withTimeout(body: Body, ms: number, what: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve().then(body),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface TestResult {
  suite: string;
  test: string;
  passed: boolean;
  error?: string;
}

/** Runs every registered suite; writes the results as JSON to `resultsFile` when given. */
export async function runAll(log: (line: string) => void, resultsFile?: string): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const s of suites) {
    log(s.name);
    let setupError: unknown;
    for (const body of s.setup) {
      try {
        await withTimeout(body, 5 * DEFAULT_TIMEOUT, `${s.name} setup`);
      } catch (error) {
        setupError = error;
        break;
      }
    }
    for (const t of s.tests) {
      try {
        if (setupError) throw setupError;
        await withTimeout(t.body, t.timeout, t.name);
        results.push({ suite: s.name, test: t.name, passed: true });
        log(`  ✔ ${t.name}`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        results.push({ suite: s.name, test: t.name, passed: false, error: message });
        log(`  ✖ ${t.name}\n    ${message.replace(/\n/g, '\n    ')}`);
      }
    }
    for (const body of s.teardown) await withTimeout(body, DEFAULT_TIMEOUT, `${s.name} teardown`).catch((e) => log(`  teardown failed: ${e}`));
  }
  const failed = results.filter((r) => !r.passed).length;
  log(`${results.length - failed} passed, ${failed} failed`);
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  return results;
}
