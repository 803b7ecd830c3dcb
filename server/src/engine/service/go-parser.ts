// Loads the Go grammar for web-tree-sitter once. WebAssembly instantiation is asynchronous, so
// callers await `loadGoParser()` once; parsing itself is synchronous afterwards.
import * as fs from 'node:fs';
import * as path from 'node:path';
// `require` (not `import`) so that esbuild bundles the CommonJS build, which needs no `import.meta`.
import TreeSitter = require('web-tree-sitter');

export type GoParser = TreeSitter.Parser;
export type GoNode = TreeSitter.Node;

/** Runtime and grammar, copied next to the bundle by scripts/build.mjs. */
export const TREE_SITTER_WASM = 'tree-sitter.wasm';
export const GO_GRAMMAR_WASM = 'tree-sitter-go.wasm';

let loading: Promise<GoParser> | undefined;
let loaded: GoParser | undefined;
let loadError: Error | undefined;

/** Finds a wasm file beside the bundle (server/out), else in node_modules (tests under tsx). */
export function locateWasm(file: string, searchDirs: string[] = [__dirname]): string {
  for (const dir of searchDirs) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return candidate;
  }
  const packaged = file === GO_GRAMMAR_WASM ? '@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm' : 'web-tree-sitter/tree-sitter.wasm';
  return require.resolve(packaged);
}

/** Loads the parser once; later calls return the same promise. A failure is remembered, not retried. */
export function loadGoParser(): Promise<GoParser> {
  loading ??= (async () => {
    try {
      const runtime = fs.readFileSync(locateWasm(TREE_SITTER_WASM));
      await TreeSitter.Parser.init({ wasmBinary: runtime });
      const grammar = await TreeSitter.Language.load(new Uint8Array(fs.readFileSync(locateWasm(GO_GRAMMAR_WASM))));
      const parser = new TreeSitter.Parser();
      parser.setLanguage(grammar);
      loaded = parser;
      return parser;
    } catch (e) {
      loadError = e as Error;
      throw e;
    }
  })();
  return loading;
}

/** The parser when `loadGoParser()` has finished; undefined before (or after a failure). */
export function loadedGoParser(): GoParser | undefined {
  return loaded;
}

/** Why the parser could not be loaded, if it failed. */
export function goParserLoadError(): Error | undefined {
  return loadError;
}
