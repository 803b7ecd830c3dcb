import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';

/** The rendered text of one template (every document helm printed under its `# Source:` line). */
export interface RenderedSource {
  /** As helm prints it: `<chart>/templates/x.yaml`, `<chart>/charts/<sub>/templates/y.yaml`. */
  source: string;
  text: string;
}

/** Splits `helm template` output by its `# Source:` comments; documents of one template are joined. */
export function splitRendered(output: string): RenderedSource[] {
  const bySource = new Map<string, string[]>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
    if (current !== undefined && lines.length) {
      if (!bySource.has(current)) bySource.set(current, []);
      bySource.get(current)!.push(lines.join('\n'));
    }
    lines = [];
  };
  for (const line of output.split(/\r?\n/)) {
    if (/^---\s*$/.test(line)) {
      flush();
      current = undefined;
      continue;
    }
    const m = /^# Source: (.+?)\s*$/.exec(line);
    if (m && lines.every((l) => l.trim() === '')) {
      current = m[1];
      lines = [];
      continue;
    }
    lines.push(line);
  }
  flush();
  return [...bySource].map(([source, docs]) => ({ source, text: docs.join('\n---\n') + '\n' }));
}

export type KeyPath = (string | number)[];

/**
 * The path of keys and item indices to the deepest node at `offset` of a YAML text
 * (`spec.template.spec.containers[0].image`), starting at the document's root; undefined when
 * the text does not parse there.
 */
export function keyPathAt(text: string, offset: number): { path: KeyPath; docValue: unknown } | undefined {
  let docs;
  try {
    docs = parseAllDocuments(text, { strict: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  for (const doc of Array.isArray(docs) ? docs : []) {
    const [start, , end] = doc.range;
    if (offset < start || offset > end) continue;
    const out: KeyPath = [];
    let node: unknown = doc.contents;
    for (let depth = 0; depth < 64; depth++) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key as Node | null;
          const v = p.value as Node | null;
          const s = k?.range?.[0] ?? v?.range?.[0];
          const e = v?.range?.[2] ?? v?.range?.[1] ?? k?.range?.[2] ?? k?.range?.[1];
          return s !== undefined && e !== undefined && offset >= s && offset <= e;
        });
        if (!pair || !isScalar(pair.key)) break;
        out.push(String(pair.key.value));
        const key = pair.key as Node;
        if (offset <= (key.range?.[1] ?? 0)) break;
        node = pair.value;
      } else if (isSeq(node)) {
        const i = node.items.findIndex((item) => {
          const r = (item as Node | null)?.range;
          return r && offset >= r[0] - 2 && offset <= r[2];
        });
        if (i < 0) break;
        out.push(i);
        node = node.items[i];
      } else break;
    }
    let docValue: unknown;
    try {
      docValue = doc.toJS();
    } catch {
      docValue = undefined;
    }
    return { path: out, docValue };
  }
  return undefined;
}

interface KeyLine {
  line: number;
  /** Column of the key. */
  indent: number;
  key: string;
  /** Column of the `- ` that starts the line's item, when it does. */
  dash?: number;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s#'"{}[\],&*!|>%@`][^:#{}]*?)\s*:(?:\s|$)/;
const DASH_LINE = /^(\s*)-(?:\s|$)/;

function keyLines(template: string): (KeyLine | { line: number; dashOnly: number } | undefined)[] {
  return template.split(/\r?\n/).map((text, line) => {
    if (/^\s*(#|\{\{)/.test(text) && !/^\s*\{\{[^}]*\}\}\s*-\s/.test(text)) return undefined;
    const m = KEY_LINE.exec(text);
    if (m) {
      const dashes = m[2];
      const indent = m[1].length + dashes.length;
      return { line, indent, key: m[3].replace(/^["']|["']$/g, ''), ...(dashes ? { dash: m[1].length } : {}) };
    }
    const d = DASH_LINE.exec(text);
    return d ? { line, dashOnly: d[1].length } : undefined;
  });
}

/**
 * The template line that produced the node at `keyPath` of the rendered output: the key path is
 * followed through the template's own YAML lines by indentation, with item indices counted among
 * the items written at that level (an item made by `range` stands for all it makes). Returns the
 * deepest line matched and how many path segments it matched (0: none, the first line).
 */
export function locateInTemplate(template: string, keyPath: KeyPath): { line: number; matched: number } {
  const lines = keyLines(template);
  let from = 0;
  let to = lines.length;
  let parentIndent = -1;
  let best = { line: firstContentLine(template), matched: 0 };
  for (const [i, segment] of keyPath.entries()) {
    if (typeof segment === 'number') {
      const dashes: { line: number; col: number }[] = [];
      let col: number | undefined;
      for (let l = from; l < to; l++) {
        const k = lines[l];
        if (!k) continue;
        const dash = 'dashOnly' in k ? k.dashOnly : k.dash;
        if (dash === undefined) continue;
        col ??= dash;
        if (dash === col) dashes.push({ line: l, col: dash });
      }
      if (dashes.length === 0) break;
      const item = dashes[Math.min(segment, dashes.length - 1)];
      const next = dashes.find((d) => d.line > item.line);
      from = item.line;
      to = next ? next.line : to;
      parentIndent = item.col;
      best = { line: item.line, matched: i + 1 };
      // The item's first key sits on the dash line: let the next segment find it there.
      continue;
    }
    let found: KeyLine | undefined;
    for (let l = from; l < to; l++) {
      const k = lines[l];
      if (!k || 'dashOnly' in k) continue;
      if (k.indent <= parentIndent && l > from) break;
      if (k.key === segment && k.indent > parentIndent) {
        found = k;
        break;
      }
    }
    if (!found) break;
    best = { line: found.line, matched: i + 1 };
    parentIndent = found.indent;
    from = found.line + 1;
    let end = from;
    // The key's block ends at a line less indented; a sequence may sit at the key's own column.
    for (; end < to; end++) {
      const k = lines[end];
      if (!k) continue;
      const dash = 'dashOnly' in k ? k.dashOnly : k.dash;
      if (dash !== undefined ? dash < parentIndent : (k as KeyLine).indent <= parentIndent) break;
    }
    to = end;
  }
  return best;
}

function firstContentLine(template: string): number {
  const lines = template.split(/\r?\n/);
  const i = lines.findIndex((l) => /^\s*[\w"'-]/.test(l) && !/^\s*#/.test(l));
  return i < 0 ? 0 : i;
}

/**
 * The `.Values.a.b` references of the lines that write a key: its own line and the template-only
 * lines under it (`{{- toYaml .Values.resources | nindent 12 }}`), up to the next line of YAML.
 */
export function valuesRefsAt(template: string, line: number): KeyPath[] {
  const lines = template.split(/\r?\n/);
  const refs: KeyPath[] = [];
  const collect = (text: string) => {
    for (const m of text.matchAll(/\.Values((?:\.[A-Za-z_][\w-]*)+)/g)) refs.push(m[1].slice(1).split('.'));
  };
  collect(lines[line] ?? '');
  const own = /^(\s*)/.exec(lines[line] ?? '')![1].length;
  for (let l = line + 1; l < lines.length; l++) {
    const text = lines[l];
    if (text.trim() === '') continue;
    if (/^\s*\{\{[^]*\}\}\s*$/.test(text) && /^(\s*)/.exec(text)![1].length > own) {
      collect(text);
      continue;
    }
    break;
  }
  return refs;
}

/** The node at a path of a parsed YAML value tree (`toJS()` output). */
export function valueAt(tree: unknown, keyPath: KeyPath): unknown {
  let node = tree;
  for (const segment of keyPath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

