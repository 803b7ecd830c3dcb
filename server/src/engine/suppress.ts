import type { Equivalents, Range } from './types';
import type { LineIndex } from './text';

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

const OWN = /#\s*container-standard\s+(ignore|ignore-file)\s*=\s*([^\s#,]+(?:\s*,\s*[^\s#,]+)*)(?:\s+--\s*(.*))?/;
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
