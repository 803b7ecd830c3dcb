import { DockerfileParser, Instruction, ModifiableInstruction, PropertyInstruction, type Dockerfile } from 'dockerfile-ast';

// dockerfile-ast re-tokenizes an instruction's text on every getArguments() call, and
// both it and our rules call them many times per instruction. Instructions never change after
// parsing, so the results are memoized per instance. Callers (dockerfile-ast itself included)
// mutate the returned arrays, so each call gets a copy of the cached array. The cache is a
// property of the instance, not a WeakMap: a WeakMap holding every instruction of every parse
// doubled the garbage collector's time.
type Patchable = { prototype: Record<string | symbol, unknown> };
type Slots = Record<symbol, unknown>;
type Method = (this: Slots, ...a: unknown[]) => unknown;
const MEMOIZED = Symbol('memoized');

function memoize(cls: Patchable, method: string): void {
  const original = cls.prototype[method] as Method & { [MEMOIZED]?: boolean };
  if (typeof original !== 'function' || original[MEMOIZED]) return;
  const slot = Symbol(method);
  const wrapped = function (this: Slots, ...args: unknown[]) {
    if (args.length > 0) return original.apply(this, args);
    let hit = this[slot];
    if (hit === undefined) hit = this[slot] = original.apply(this);
    return Array.isArray(hit) ? hit.slice() : hit;
  };
  (wrapped as { [MEMOIZED]?: boolean })[MEMOIZED] = true;
  cls.prototype[method] = wrapped;
}

/**
 * dockerfile-ast's heredoc scanner throws on some inputs: a line continuation ending in a lone CR,
 * then a comment line (`RUN x \\<CR># c<LF><LF>`, found by fuzzing) makes it index past its list of
 * heredoc openers. An instruction whose heredocs cannot be read is taken to have none, for the
 * validator and the engine alike, rather than costing the whole file its checks.
 */
function tolerate(cls: Patchable, method: string, fallback: () => unknown): void {
  const original = cls.prototype[method] as Method & { [MEMOIZED]?: boolean };
  if (typeof original !== 'function' || original[MEMOIZED]) return;
  cls.prototype[method] = function (this: Slots, ...args: unknown[]) {
    try {
      return original.apply(this, args);
    } catch (e) {
      if (e instanceof TypeError) return fallback();
      throw e;
    }
  };
}

tolerate(Instruction as unknown as Patchable, 'getHeredocs', () => []);
memoize(Instruction as unknown as Patchable, 'getRawArguments');
// getVariables() resolves every `$VAR` against the whole file (each resolution walks all
// instructions): the validator's variable checks were quadratic in the file's length.
memoize(Instruction as unknown as Patchable, 'getVariables');
// The rest of what both the validator and the engine ask each instruction for, each of which
// re-reads the instruction's text: heredocs, arguments without flags, argument text, properties.
memoize(Instruction as unknown as Patchable, 'getHeredocs');
memoize(Instruction as unknown as Patchable, 'getRawArgumentsContent');
memoize(Instruction as unknown as Patchable, 'getArgumentsContent');
memoize(ModifiableInstruction as unknown as Patchable, 'getArguments');
memoize(PropertyInstruction as unknown as Patchable, 'getPropertyArguments');

// An image template's instruction lists (Dockerfile extends ImageTemplate) are filtered afresh on
// every call, and variable resolution calls them per variable. They change only through
// addInstruction, which drops the instance's lists. ImageTemplate is not exported: Dockerfile's
// class extends it.
const template = Object.getPrototypeOf(Object.getPrototypeOf(DockerfileParser.parse(''))) as Patchable['prototype'];
const LISTS = ['getARGs', 'getENVs', 'getFROMs'];
const CONTAINING = Symbol('getContainingImage');
const addInstruction = template.addInstruction as Method & { [MEMOIZED]?: boolean };
if (!addInstruction[MEMOIZED]) {
  const slots = LISTS.map((m) => Symbol(m));
  const add = function (this: Slots, ...args: unknown[]) {
    for (const slot of slots) if (this[slot] !== undefined) this[slot] = undefined;
    if (this[CONTAINING] !== undefined) this[CONTAINING] = undefined;
    return addInstruction.apply(this, args);
  };
  (add as { [MEMOIZED]?: boolean })[MEMOIZED] = true;
  template.addInstruction = add;
  LISTS.forEach((method, i) => {
    const original = template[method] as Method;
    const slot = slots[i];
    template[method] = function (this: Slots) {
      let hit = this[slot] as unknown[] | undefined;
      if (hit === undefined) hit = this[slot] = original.apply(this) as unknown[];
      return hit.slice();
    };
  });
  // Variable resolution asks which stage holds a line once per variable; each answer walks the stages.
  const dockerfileProto = Object.getPrototypeOf(DockerfileParser.parse('')) as Patchable['prototype'];
  const containing = dockerfileProto.getContainingImage as Method;
  dockerfileProto.getContainingImage = function (this: Slots, position: { line: number; character: number }) {
    let byPosition = this[CONTAINING] as Map<string, unknown> | undefined;
    if (byPosition === undefined) this[CONTAINING] = byPosition = new Map();
    const key = `${position.line}:${position.character}`;
    if (!byPosition.has(key)) byPosition.set(key, containing.call(this, position));
    return byPosition.get(key);
  };
}

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
