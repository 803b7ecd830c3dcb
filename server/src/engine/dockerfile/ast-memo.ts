import { DockerfileParser, Instruction, type Dockerfile } from 'dockerfile-ast';

// dockerfile-ast re-tokenizes an instruction's text on every getArguments() call, and
// both it and our rules call them many times per instruction. Instructions never change after
// parsing, so the results are memoized per instance. Callers (dockerfile-ast itself included)
// mutate the returned arrays, so each call gets a copy of the cached array.
const rawArgs = new WeakMap<object, unknown[]>();

type Patchable = { prototype: Record<string, (...a: unknown[]) => unknown> };

function memoize(cls: Patchable, method: string, cache: WeakMap<object, unknown[]>): void {
  const original = cls.prototype[method];
  if (typeof original !== 'function' || (original as { memoized?: boolean }).memoized) return;
  const wrapped = function (this: object, ...args: unknown[]) {
    if (args.length > 0) return original.apply(this, args);
    let hit = cache.get(this);
    if (!hit) {
      hit = original.apply(this) as unknown[];
      cache.set(this, hit);
    }
    return hit.slice();
  };
  (wrapped as { memoized?: boolean }).memoized = true;
  cls.prototype[method] = wrapped;
}

memoize(Instruction as unknown as Patchable, 'getRawArguments', rawArgs);

// dockerfile-utils' validator parses the text again with the same parser. Within `shareParses`, a
// text parsed once is not parsed again: the engine's model and the validator read one tree.
const parseAnew = DockerfileParser.parse;
let shared: { text: string; tree: Dockerfile | undefined } | undefined;
(DockerfileParser as { parse: (text: string) => Dockerfile }).parse = (text: string): Dockerfile => {
  if (!shared) return parseAnew(text);
  if (shared.text !== text || !shared.tree) shared = { text, tree: parseAnew(text) };
  return shared.tree!;
};

/** Runs `work`, parsing each Dockerfile text at most once while it runs. */
export function shareParses<T>(work: () => T): T {
  const outer = shared;
  shared = { text: '', tree: undefined };
  try {
    return work();
  } finally {
    shared = outer;
  }
}
