// mvdan.cc/sh/v3/syntax (the parser behind shfmt) compiled to WebAssembly: server/shell-parser.
// It replaces mvdan-sh, the GopherJS build its author deprecated (mvdan/sh#1145). sh-syntax, the
// WASM build he points to, returns statements without their commands or words, so the Go side here
// walks the tree itself and returns what shell.ts reads. Loading is synchronous (WebAssembly.Module
// in Node): the engine runs synchronously in the CLI, the language server and its workers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { utf8ToUtf16Offsets } from '../text';

/** A word, assignment or command of a parsed script, in UTF-16 offsets into its source. */
export interface RawWord {
  value: string;
  start: number;
  end: number;
}

export interface RawAssign {
  name: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
}

export type RawNested = { kind: 'quoted'; from: number; to: number; quote: 'double' | 'single' } | { kind: 'heredoc'; from: number; to: number };

export type RawEvent =
  | { kind: 'decl'; assigns: RawAssign[] }
  | { kind: 'call'; assigns: RawAssign[]; args: RawWord[]; start: number; end: number; quoted: (RawNested | null)[]; heredocs: RawNested[] };

export const SHELL_PARSER_WASM = 'shell-parser.wasm';
/** The object the Go program fills in while it starts (see server/shell-parser/main.go). */
const EXPORTS_GLOBAL = '__goContainerStandardShellParser';

// The project compiles without the DOM library, which is where WebAssembly's types live.
type WasmInstance = { exports: unknown };
type WasmApi = { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => WasmInstance };
type GoRuntime = { importObject: object; run(instance: WasmInstance): Promise<void> };

let parse: ((source: string) => string | null) | undefined;
let loadError: Error | undefined;
/** What wasm_exec.js put on globalThis when it first ran (a required module runs once; each start needs them). */
let glue: Map<string, PropertyDescriptor | undefined> | undefined;
/** The parser's memory (its compiled code, Go's heap) is given back after this long without a parse. */
export const SHELL_PARSER_IDLE_MS = 5000;
let lastParse = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** The wasm beside the bundle (server/out), else in server/shell-parser (tests under tsx). */
export function locateShellParserWasm(searchDirs: string[] = [__dirname, path.join(__dirname, '../../../shell-parser')]): string {
  for (const dir of searchDirs) {
    const candidate = path.join(dir, SHELL_PARSER_WASM);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${SHELL_PARSER_WASM} not found in ${searchDirs.join(', ')}`);
}

function load(): (source: string) => string | null {
  // wasm_exec.js (Go's glue) adds `fs`, `path` and `Go` to globalThis, and Go's start reads them;
  // only Go's writes of a panic message read them later, so the process gets its globals back
  // once the program has started.
  const names = ['fs', 'path', 'Go', EXPORTS_GLOBAL];
  const before = new Map(names.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]));
  const exports: { parse?: (source: string) => string | null } = {};
  try {
    if (glue) {
      for (const [name, descriptor] of glue) if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    } else {
      require('../../../shell-parser/wasm_exec.js');
      glue = new Map(names.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]));
    }
    const Go = (globalThis as unknown as { Go: new () => GoRuntime }).Go;
    const go = new Go();
    (globalThis as Record<string, unknown>)[EXPORTS_GLOBAL] = exports;
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(fs.readFileSync(locateShellParserWasm())), go.importObject);
    // The program's main registers `parse` and blocks; run() only settles when it exits, which it never does.
    void go.run(instance);
  } finally {
    for (const [name, descriptor] of before) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }
  if (!exports.parse) throw new Error('the shell parser did not start');
  return exports.parse;
}

/**
 * Drops the parser (a later parse starts it again, ~0.1 s): wasm memory never shrinks and compiled
 * code stays while its module lives, so an idle language server would keep ~8 MB it no longer uses.
 */
export function releaseShellParser(): void {
  parse = undefined;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
}

function releaseWhenIdle(): void {
  lastParse = Date.now();
  if (idleTimer) return;
  const check = () => {
    const quiet = Date.now() - lastParse;
    if (quiet >= SHELL_PARSER_IDLE_MS) releaseShellParser();
    else idleTimer = setTimeout(check, SHELL_PARSER_IDLE_MS - quiet).unref();
  };
  idleTimer = setTimeout(check, SHELL_PARSER_IDLE_MS).unref();
}

/** The commands and declarations of a script, in source order; undefined when it does not parse (or the parser cannot load). */
export function parseShellScript(source: string): RawEvent[] | undefined {
  if (loadError) return undefined;
  let json: string | null;
  try {
    parse ??= load();
    json = parse(source);
    releaseWhenIdle();
  } catch (e) {
    // A failed load stays failed; a call that threw (the Go program exited) reloads next time.
    if (!parse) loadError = e as Error;
    parse = undefined;
    return undefined;
  }
  if (json === null) return undefined;
  const events = JSON.parse(json) as RawEvent[];
  const toUtf16 = utf8ToUtf16Offsets(source);
  const assign = (a: RawAssign) => {
    a.start = toUtf16(a.start);
    a.end = toUtf16(a.end);
    a.valueStart = toUtf16(a.valueStart);
  };
  for (const e of events) {
    e.assigns.forEach(assign);
    if (e.kind === 'decl') continue;
    e.start = toUtf16(e.start);
    e.end = toUtf16(e.end);
    for (const w of e.args) {
      w.start = toUtf16(w.start);
      w.end = toUtf16(w.end);
    }
    for (const n of [...e.quoted, ...e.heredocs]) {
      if (!n) continue;
      // `to` is an offset inside the script, so it maps the same way (the closing quote's byte).
      n.from = toUtf16(n.from);
      n.to = toUtf16(n.to);
    }
  }
  return events;
}
