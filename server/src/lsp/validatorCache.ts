import type { Diagnostic } from 'vscode-languageserver/node';

// dockerfile-utils' validator (the syntax diagnostics shown beside the engine's findings) checks
// every instruction on every keystroke, and on a large Dockerfile that is as much work as all our
// rules. An edit changes one instruction; the others would be checked to the same result again.
// So its two per-instruction checks remember what they reported for an instruction, keyed by
// everything the result can depend on:
// - the instruction's text up to the next instruction (comments and heredocs included), where it
//   starts, its keyword, the escape character (ONBUILD triggers are checked afresh every time);
// - the validator's settings;
// - the file's ARG, ENV and FROM instructions with their positions: whether a `$VAR` is defined or
//   a build argument (which some checks read) depends on them, so any change there starts afresh.
// A test replays random edit sequences over the corpus and compares every result with the
// unpatched validator's.

type Problem = Diagnostic & { instructionLine?: number | null };
interface AstInstruction {
  dockerfile?: object;
  getKeyword(): string;
  getRange(): { start: { line: number; character: number } };
}
interface ValidatorProto {
  validateInstruction(document: unknown, escapeChar: string, instruction: AstInstruction, keyword: string, isTrigger: boolean, problems: Problem[]): void;
  checkVariables(instruction: AstInstruction, problems: Problem[]): void;
}

/** Contexts (settings + definitions) kept; each holds the results of one file's instructions. */
const CONTEXTS_KEPT = 8;
/** Results kept per context, so that a file typed into for long does not grow the cache without end. */
const RESULTS_PER_CONTEXT = 20_000;

/** What the two checks reported for one instruction (by check and keyword/escape character). */
type Entry = Map<string, Problem[]>;
const contexts = new Map<string, Map<string, Entry>>();
const INSTALLED = Symbol('validatorCache');
const FILE = Symbol('validatorCacheFile');
const SETTINGS = Symbol('validatorCacheSettings');

interface FileFacts {
  context: string;
  /** Each instruction's position and text up to the next instruction (or the end of the file). */
  spans: Map<object, string>;
  /** Each instruction's remembered results, looked up once per version of the file. */
  entries: Map<object, Entry>;
}

function factsOf(dockerfile: object & { [FILE]?: FileFacts }, settings: string): FileFacts {
  const known = dockerfile[FILE];
  if (known && known.context.startsWith(settings)) return known;
  const ast = dockerfile as unknown as {
    getInstructions(): (AstInstruction & { getRange(): { start: { line: number; character: number } } })[];
    getEscapeCharacter(): string;
  };
  const text = (dockerfile as unknown as { document: { getText(): string; offsetAt(p: unknown): number } }).document;
  const all = ast.getInstructions();
  const offsets = all.map((i) => text.offsetAt(i.getRange().start));
  const whole = text.getText();
  const spans = new Map<object, string>();
  const definitions: string[] = [];
  all.forEach((instruction, k) => {
    const span = whole.slice(offsets[k], k + 1 < all.length ? offsets[k + 1] : whole.length);
    const start = instruction.getRange().start;
    spans.set(instruction, `${start.line}:${start.character}\u0000${span}`);
    const keyword = instruction.getKeyword();
    if (keyword === 'ARG' || keyword === 'ENV' || keyword === 'FROM') {
      definitions.push(`${start.line}:${start.character}:${span}`);
    }
  });
  const facts = { context: `${settings}\u0000${ast.getEscapeCharacter()}\u0000${definitions.join('\u0000')}`, spans, entries: new Map() };
  dockerfile[FILE] = facts;
  return facts;
}

function resultsFor(context: string): Map<string, Entry> {
  let results = contexts.get(context);
  if (results) {
    // Most recently used last.
    contexts.delete(context);
    contexts.set(context, results);
    return results;
  }
  results = new Map();
  contexts.set(context, results);
  if (contexts.size > CONTEXTS_KEPT) contexts.delete(contexts.keys().next().value!);
  return results;
}

const copy = (p: Problem): Problem => ({ ...p, range: { start: { ...p.range.start }, end: { ...p.range.end } } });

function cached(
  self: { settings?: unknown; [SETTINGS]?: string },
  kind: string,
  instruction: AstInstruction,
  extra: string,
  problems: Problem[],
  run: () => void,
): void {
  const dockerfile = instruction.dockerfile as (object & { [FILE]?: FileFacts }) | undefined;
  if (!dockerfile || typeof (dockerfile as { getInstructions?: unknown }).getInstructions !== 'function') {
    run();
    return;
  }
  const settings = (self[SETTINGS] ??= JSON.stringify(self.settings ?? null));
  const facts = factsOf(dockerfile, settings);
  let entry = facts.entries.get(instruction);
  if (!entry) {
    const span = facts.spans.get(instruction);
    // ONBUILD triggers are not among the file's instructions: checked afresh.
    if (span === undefined) {
      run();
      return;
    }
    const results = resultsFor(facts.context);
    entry = results.get(span);
    if (!entry) {
      if (results.size >= RESULTS_PER_CONTEXT) results.clear();
      entry = new Map();
      results.set(span, entry);
    }
    facts.entries.set(instruction, entry);
  }
  const key = `${kind}\u0000${extra}`;
  const hit = entry.get(key);
  if (hit) {
    for (const p of hit) problems.push(copy(p));
    return;
  }
  const before = problems.length;
  run();
  entry.set(key, problems.slice(before).map(copy));
}

/** Installs the cache into dockerfile-utils' validator (once). */
export function installValidatorCache(): void {
  const { Validator } = require('dockerfile-utils/lib/dockerValidator') as { Validator: { prototype: ValidatorProto & { [INSTALLED]?: boolean } } };
  const proto = Validator.prototype;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const validateInstruction = proto.validateInstruction;
  const checkVariables = proto.checkVariables;
  proto.validateInstruction = function (this: ValidatorProto, document, escapeChar, instruction, keyword, isTrigger, problems) {
    if (isTrigger) {
      validateInstruction.call(this, document, escapeChar, instruction, keyword, isTrigger, problems);
      return;
    }
    cached(this as never, 'instruction', instruction, `${escapeChar}\u0000${keyword}`, problems, () =>
      validateInstruction.call(this, document, escapeChar, instruction, keyword, isTrigger, problems),
    );
  };
  proto.checkVariables = function (this: ValidatorProto, instruction, problems) {
    cached(this as never, 'variables', instruction, '', problems, () => checkVariables.call(this, instruction, problems));
  };
}

/** Forgets every remembered result (tests). */
export function clearValidatorCache(): void {
  contexts.clear();
}
