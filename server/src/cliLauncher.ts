/**
 * `server/out/cli.js`: starts the CLI bundle (`cli-main.js`) from V8's code cache.
 *
 * Compiling the 2.5 MB bundle took ~90 ms of a one-shot `lint` run, and compiling each function
 * on its first call as much again. The build runs the CLI once over the examples and saves V8's
 * code for every function that ran (`cli-main.js.cache`); here the bundle is compiled from it.
 * The build ends the bundle with a key (the SHA-1 of its text) and the cache opens with the key of
 * the bundle it was made from, so a rebuilt bundle never runs stale code (V8's own check compares
 * only the source's length). A cache that does not match, or that V8 rejects (another Node
 * version), costs only the time it would have taken anyway. Hashing the bundle here instead would
 * cost ~20 ms of a 400 ms run: loading node:crypto and hashing 2.5 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import Module from 'node:module';

export const BUNDLE_NAME = 'cli-main.js';
/** Set by the build's training run: save the code cache when the process exits. */
export const WRITE_CACHE_ENV = 'GCS_WRITE_CODE_CACHE';
/** Says on standard error whether the code cache was used (tests). */
export const DEBUG_ENV = 'GCS_DEBUG_CODE_CACHE';
/** The bundle's last line, written by scripts/build.mjs. */
export const CACHE_KEY_MARK = '//# gcsCodeCacheKey=';
const KEY_LENGTH = 40;

interface CliBundle {
  runCli(argv: string[]): void;
}

/** The key the build wrote at the end of the bundle; undefined for a bundle built without one. */
export function cacheKeyOf(source: string): string | undefined {
  const at = source.lastIndexOf(CACHE_KEY_MARK);
  if (at < 0 || at < source.length - CACHE_KEY_MARK.length - KEY_LENGTH - 2) return undefined;
  const key = source.slice(at + CACHE_KEY_MARK.length).trim();
  return /^[0-9a-f]{40}$/.test(key) ? key : undefined;
}

/** Compiles the bundle through vm.Script with its code cache; undefined when that is not possible here. */
function compileFromCache(bundle: string): { script: vm.Script; key: string } | undefined {
  const dynamicImport = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (dynamicImport === undefined) return undefined;
  const source = fs.readFileSync(bundle, 'utf8');
  const key = cacheKeyOf(source);
  if (!key) return undefined;
  let cachedData: Buffer | undefined;
  try {
    const cache = fs.readFileSync(bundle + '.cache');
    if (cache.length > KEY_LENGTH && cache.toString('latin1', 0, KEY_LENGTH) === key) cachedData = cache.subarray(KEY_LENGTH);
  } catch {
    // No cache (a copy without it): compile as require() would.
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData, importModuleDynamically: dynamicImport });
  if (process.env[DEBUG_ENV]) process.stderr.write(`code cache: ${cachedData ? (script.cachedDataRejected ? 'rejected by V8' : 'used') : 'none'}\n`);
  return { script, key };
}

/** Runs the compiled bundle as the CommonJS module it is, registered under its own file name. */
function runCompiled(bundle: string, script: vm.Script): CliBundle {
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  (Module as unknown as { _cache: Record<string, Module> })._cache[bundle] = mod;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return mod.exports as CliBundle;
}

function start(): void {
  const bundle = path.join(__dirname, BUNDLE_NAME);
  let compiled: ReturnType<typeof compileFromCache>;
  try {
    compiled = compileFromCache(bundle);
  } catch (e) {
    // A bundle that cannot be read or compiled fails the same way under require(), with its own message.
    if (process.env[WRITE_CACHE_ENV]) throw e;
  }
  // In a worker thread (lsp/lintPool.ts) the bundle serves lint jobs as it loads.
  const run = (cli: CliBundle) => isMainThread && cli.runCli(process.argv.slice(2));
  if (!compiled) {
    run(require(bundle) as CliBundle);
    return;
  }
  const { script, key } = compiled;
  if (process.env[WRITE_CACHE_ENV] && isMainThread) {
    process.on('exit', () => fs.writeFileSync(bundle + '.cache', Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()])));
  }
  run(runCompiled(bundle, script));
}

if (require.main === module) start();
