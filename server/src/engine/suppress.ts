import type { Equivalents, Range, TextEdit } from './types';
import { detectEol, type LineIndex } from './text';
import type { DockerfileModel } from './dockerfile/stages';

/** One suppression comment, with the rule ids of this project it silences. */
export interface Suppression {
  /** Rule ids of this project (peer ids already mapped). */
  rules: Set<string>;
  scope: 'next' | 'file';
  /** Line of the comment. */
  line: number;
  /** Lines covered (inclusive), for `next` suppressions. */
  fromLine?: number;
  toLine?: number;
  reason?: string;
}

export interface UnknownSuppressedRule {
  id: string;
  range: Range;
}

export interface SuppressionTable {
  suppressions: Suppression[];
  unknown: UnknownSuppressedRule[];
}

/** Maps a peer linter's ids onto ours, built from every rule's `meta.equivalents`. */
export class PeerIdMap {
  private readonly map = new Map<string, Set<string>>();

  constructor(rules: { id: string; meta: { equivalents?: Equivalents } }[]) {
    for (const rule of rules) {
      const eq = rule.meta.equivalents ?? {};
      for (const [tool, ids] of Object.entries(eq)) {
        for (const id of ids ?? []) this.add(tool, id, rule.id);
      }
    }
  }

  private add(tool: string, peerId: string, ruleId: string): void {
    const key = `${tool}:${normalizePeerId(tool, peerId)}`;
    if (!this.map.has(key)) this.map.set(key, new Set());
    this.map.get(key)!.add(ruleId);
  }

  lookup(tool: string, peerId: string): string[] {
    return [...(this.map.get(`${tool}:${normalizePeerId(tool, peerId)}`) ?? [])];
  }
}

/** Trivy writes DS001, DS-0001 and AVD-DS-0001 for the same check. */
function normalizePeerId(tool: string, id: string): string {
  const upper = id.trim().toUpperCase();
  if (tool === 'trivy') {
    const m = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/.exec(upper);
    if (m) return `${m[1]}${Number(m[2])}`;
  }
  return tool === 'kubeLinter' ? id.trim().toLowerCase() : upper;
}

/** Our own suppression comment: `# container-standard ignore=<ids> -- reason` (next node) or `ignore-file=<ids>`; the one place its syntax is written. */
const OWN_KEYWORD = String.raw`#\s*container-standard\s+(ignore|ignore-file)\s*=\s*`;
const OWN_RULE_LIST = String.raw`([^\s#,]+(?:\s*,\s*[^\s#,]+)*)`;
const OWN = new RegExp(`${OWN_KEYWORD}${OWN_RULE_LIST}(?:\\s+--\\s*(.*))?`);
/** A whole-line comment of ours, up to the end of its rule list (where another id is added). */
const OWN_LINE = new RegExp(`^\\s*${OWN_KEYWORD}${OWN_RULE_LIST}`);
const OWN_PREFIX = '# container-standard';
const HADOLINT = /#\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s]+)/;
const TRIVY = /#\s*trivy:ignore:([A-Za-z0-9-]+)/;
const CHECKOV = /#\s*checkov:skip\s*=\s*([A-Za-z0-9_]+)(?::(.*))?/;

/**
 * Reads suppression comments from the text. `extentAt(line)` gives the lines covered by the
 * node (instruction, YAML key or list item) that starts at `line`, so `next` suppressions cover
 * it whole; comment lines between the comment and the node are skipped.
 */
export function readSuppressions(
  index: LineIndex,
  knownRuleIds: ReadonlySet<string>,
  peers: PeerIdMap,
  extentAt: (line: number) => { fromLine: number; toLine: number } | undefined,
  peerFileScope: { checkov: 'file' | 'next' } = { checkov: 'file' },
): SuppressionTable {
  const table: SuppressionTable = { suppressions: [], unknown: [] };
  for (let line = 0; line < index.lineCount; line++) {
    const text = index.lineText(line);
    const hash = text.indexOf('#');
    if (hash === -1) continue;
    const isWholeLineComment = text.slice(0, hash).trim() === '';
    const comment = text.slice(hash);
    let rules: string[] = [];
    let scope: 'next' | 'file' = 'next';
    let reason: string | undefined;
    let m: RegExpExecArray | null;
    if ((m = OWN.exec(comment))) {
      scope = m[1] === 'ignore-file' ? 'file' : 'next';
      reason = m[3]?.trim() || undefined;
      const start = hash + m.index + m[0].indexOf(m[2]);
      let offset = 0;
      for (const raw of m[2].split(',')) {
        const id = raw.trim();
        const at = m[2].indexOf(raw, offset);
        offset = at + raw.length;
        if (!id) continue;
        if (knownRuleIds.has(id)) rules.push(id);
        else {
          const col = start + at + (raw.length - raw.trimStart().length);
          table.unknown.push({ id, range: { start: { line, character: col }, end: { line, character: col + id.length } } });
        }
      }
    } else if ((m = HADOLINT.exec(comment))) {
      scope = m[1] ? 'file' : 'next';
      rules = m[2].split(/[,\s]+/).filter(Boolean).flatMap((id) => peers.lookup('hadolint', id));
    } else if ((m = TRIVY.exec(comment))) {
      rules = peers.lookup('trivy', m[1]);
    } else if ((m = CHECKOV.exec(comment))) {
      scope = peerFileScope.checkov;
      rules = peers.lookup('checkov', m[1]);
      reason = m[2]?.trim() || undefined;
    } else continue;
    if (rules.length === 0) continue;
    const suppression: Suppression = { rules: new Set(rules), scope, line, reason };
    if (scope === 'next') {
      // A trailing comment (`FROM x # hadolint ignore=…`) is not a suppression for the next node.
      if (!isWholeLineComment) continue;
      let next = line + 1;
      while (next < index.lineCount && /^\s*#/.test(index.lineText(next))) next++;
      const extent = next < index.lineCount ? extentAt(next) : undefined;
      if (!extent) continue;
      suppression.fromLine = extent.fromLine;
      suppression.toLine = extent.toLine;
    }
    table.suppressions.push(suppression);
  }
  return table;
}

export function isSuppressed(table: SuppressionTable, ruleId: string, range: Range): boolean {
  return table.suppressions.some(
    (s) =>
      s.rules.has(ruleId) &&
      (s.scope === 'file' || (s.fromLine !== undefined && range.start.line >= s.fromLine && range.start.line <= s.toLine!)),
  );
}

/** The extent of the YAML key or list item starting at `line`: until the next line indented as much or less. */
export function yamlExtentAt(index: LineIndex, line: number): { fromLine: number; toLine: number } | undefined {
  const first = index.lineText(line);
  if (first.trim() === '') return undefined;
  const indent = first.length - first.trimStart().length;
  const isItem = /^-(\s|$)/.test(first.trimStart());
  let last = line;
  for (let l = line + 1; l < index.lineCount; l++) {
    const t = index.lineText(l);
    if (t.trim() === '' || /^\s*#/.test(t)) continue;
    if (/^(---|\.\.\.)\s*$/.test(t)) break;
    const ind = t.length - t.trimStart().length;
    // A key's flush block sequence (`containers:` then `- name: x` at the same column) belongs to it.
    const flushItemOfKey = ind === indent && !isItem && /^-(\s|$)/.test(t.trimStart());
    if (ind <= indent && !flushItemOfKey) break;
    last = l;
  }
  return { fromLine: line, toLine: last };
}

/**
 * BuildKit's `# check=skip=<Check>[,<Check>…]` parser directive (or `skip=all`) at the top of a
 * Dockerfile: the build checks it skips silence our equivalents for the whole file. Parser
 * directives end at the first line that is not one (an instruction, a blank line, a comment).
 */
export function buildkitCheckSkips(index: LineIndex, peers: PeerIdMap, buildkitRules: readonly string[]): Suppression[] {
  const out: Suppression[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$/.exec(index.lineText(line).replace(/^\ufeff/, ''));
    if (!m) break;
    if (m[1].toLowerCase() !== 'check') continue;
    for (const part of m[2].split(';')) {
      const [key, value] = part.split('=').map((s) => s.trim());
      if (key?.toLowerCase() !== 'skip' || !value) continue;
      const checks = value.split(',').map((s) => s.trim()).filter(Boolean);
      const rules = checks.some((c) => c.toLowerCase() === 'all') ? [...buildkitRules] : checks.flatMap((c) => peers.lookup('buildkit', c));
      if (rules.length) out.push({ rules: new Set(rules), scope: 'file', line });
    }
  }
  return out;
}

/** What a new "ignore on this line" comment ends with, for the author to replace: a suppression should say why. */
const REASON_PLACEHOLDER = '-- reason';

/** The comment that silences `ruleIds` on the next instruction or node (`'line'`) or in the whole file, as hovers show it. */
export function suppressionComment(ruleIds: string, scope: 'line' | 'file'): string {
  return `${OWN_PREFIX} ${scope === 'line' ? 'ignore' : 'ignore-file'}=${ruleIds}`;
}

/** Go code and go.mod carry the comment as `// container-standard …`: read as `# container-standard …` (same length, offsets kept). */
export function goCommentsAsSuppressions(text: string): string {
  return text.replace(/^([ \t]*)\/\/(?=\s*container-standard\b)/gm, '$1# ');
}

/** The file a suppression comment goes into; a Dockerfile's parsed instructions say where an instruction starts. */
export type SuppressionTarget = { kind: 'yaml'; index: LineIndex } | { kind: 'dockerfile'; index: LineIndex; dockerfile: () => DockerfileModel | undefined };

/** The line above which the comment that suppresses a finding on `line` goes: its instruction's first line, or its YAML node's line. */
export function suppressionLine(target: SuppressionTarget, line: number): number {
  if (target.kind === 'yaml') return yamlNodeLine(target.index, line);
  const instruction = target.dockerfile()?.ast.getInstructions().find((i) => {
    const r = i.getRange();
    return r.start.line <= line && line <= r.end.line;
  });
  return instruction ? instruction.getRange().start.line : line;
}

/**
 * The edit that suppresses `ruleIds` (comma-separated) for the finding on `line` (`scope: 'line'`,
 * a comment above its instruction or YAML node) or in the whole file (`'file'`, after a
 * Dockerfile's parser directives). An existing comment of ours there gets the ids appended.
 */
export function suppressionEdit(target: SuppressionTarget, line: number, ruleIds: string, scope: 'line' | 'file'): TextEdit {
  return scope === 'line' ? ignoreLineEdit(target.index, suppressionLine(target, line), ruleIds) : ignoreFileEdit(target, ruleIds);
}

function ignoreLineEdit(index: LineIndex, line: number, ruleIds: string): TextEdit {
  const existing = line > 0 ? OWN_LINE.exec(index.lineText(line - 1)) : null;
  if (existing?.[1] === 'ignore') return appendToList(line - 1, existing, ruleIds);
  const indentation = /^\s*/.exec(index.lineText(line))![0];
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indentation}${suppressionComment(ruleIds, 'line')} ${REASON_PLACEHOLDER}${detectEol(index.text)}` };
}

function ignoreFileEdit(target: SuppressionTarget, ruleIds: string): TextEdit {
  const { index } = target;
  let line = 0;
  // Parser directives (`# syntax=`, `# escape=`) must stay first in a Dockerfile.
  if (target.kind === 'dockerfile') while (line < index.lineCount && /^\s*#\s*(syntax|escape|check)\s*=/i.test(index.lineText(line))) line++;
  const existing = line < index.lineCount ? OWN_LINE.exec(index.lineText(line)) : null;
  if (existing?.[1] === 'ignore-file') return appendToList(line, existing, ruleIds);
  const eol = detectEol(index.text);
  if (line >= index.lineCount) {
    // Only directives: the comment goes after the last one, which may lack a line break.
    const last = index.lineCount - 1;
    const end = { line: last, character: index.lineText(last).length };
    return { range: { start: end, end }, newText: `${eol}${suppressionComment(ruleIds, 'file')}` };
  }
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${suppressionComment(ruleIds, 'file')}${eol}` };
}

function appendToList(line: number, match: RegExpExecArray, ruleIds: string): TextEdit {
  const at = { line, character: match.index + match[0].length };
  return { range: { start: at, end: at }, newText: `,${ruleIds}` };
}

/** Lines inside a block scalar (`run: |`) cannot take a comment: use the line of the key that owns the scalar. */
function yamlNodeLine(index: LineIndex, line: number): number {
  const indentOf = (t: string) => t.length - t.trimStart().length;
  const target = index.lineText(line);
  let minIndent = target.trim() === '' ? Infinity : indentOf(target);
  if (/^\s*(-\s+)?[^\s#][^:#]*:(\s|$)/.test(target)) return line;
  for (let l = line - 1; l >= 0; l--) {
    const t = index.lineText(l);
    if (t.trim() === '') continue;
    const ind = indentOf(t);
    if (ind >= minIndent) continue;
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(t) || /^\s*-\s*[|>][-+0-9]*\s*(#.*)?$/.test(t)) return l;
    if (/^\s*(-\s+)?[^\s#][^:#]*:(\s|$)/.test(t) || /^\s*-(\s|$)/.test(t)) return line;
    minIndent = ind;
  }
  return line;
}
