// The import graph of the TypeScript sources, and its cycles. Read by the ESLint rule
// `local/no-import-cycle` (eslint.config.mjs) and by test/unit/meta.test.ts. Every relative import
// counts, type-only ones included: `import type` ties two files' shapes together just the same.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

/** The `.ts` files under `root`, recursively (build output and dependencies aside). */
export function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'out') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(resolve(p));
    }
  };
  walk(root);
  return files;
}

/** The file a relative specifier names (`./x` -> `x.ts` or `x/index.ts`), or undefined. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Relative imports of one file (import, import type, export … from, require, import()), with where each is written. */
export function importsOf(file, text = readFileSync(file, 'utf8')) {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.flatMap((ref) => {
    const target = resolveSpecifier(file, ref.fileName);
    return target ? [{ specifier: ref.fileName, target, pos: ref.pos, end: ref.end }] : [];
  });
}

/** file -> the files it imports, over the given files. */
export function importGraph(files) {
  const graph = new Map();
  for (const f of files) graph.set(f, [...new Set(importsOf(f).map((i) => i.target))]);
  return graph;
}

/** The strongly connected components with more than one file (or a file importing itself): each is a cycle. */
export function importCycles(graph) {
  // Tarjan's algorithm, iterative so a long import chain cannot overflow the stack.
  let next = 0;
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const cycles = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node), index.get(to)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || edges.includes(frame.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

/** The shortest import path from `from` back to `to` inside `members` (both ends included), for messages. */
export function cyclePath(graph, from, to, members) {
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length) {
    const node = queue.shift();
    if (node === to) break;
    for (const n of graph.get(node) ?? []) {
      if (!members.has(n) || previous.has(n)) continue;
      previous.set(n, node);
      queue.push(n);
    }
  }
  if (!previous.has(to)) return [from, to];
  const path = [];
  for (let n = to; n !== undefined; n = previous.get(n)) path.unshift(n);
  return path;
}
