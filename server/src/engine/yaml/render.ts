/**
 * YAML text for values a fix writes, in block or flow style, with the quoting YAML needs to
 * read each value back as written (`"true"`, `"0755"`, `"a: b"`).
 */

/** A value to write: scalars, arrays (sequences) and plain objects (maps, in key order). */
export type YamlValue = string | number | boolean | null | QuotedString | YamlValue[] | { [key: string]: YamlValue };

/** A string written in given quotes, to match the scalars around it (`cpu: "500m"` beside `cpu: "100m"`). */
export class QuotedString {
  constructor(
    readonly value: string,
    readonly quote: 'QUOTE_DOUBLE' | 'QUOTE_SINGLE',
  ) {}
}

const YAML11_KEYWORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER_LIKE = /^[-+]?(?:\.?\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|0x[0-9a-f]+|0o?[0-7]+|\.inf|\.nan)$/i;

/** A scalar as YAML text: plain when that reads back as the same string, else double-quoted. */
export function renderScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (value === '' || YAML11_KEYWORDS.test(value) || NUMBER_LIKE.test(value)) return JSON.stringify(value);
  if (/^[A-Za-z0-9_./$][A-Za-z0-9_./:@$=+-]*$/.test(value) && !/:$/.test(value) && !value.includes(': ')) return value;
  return JSON.stringify(value);
}

/** A string quoted the way a neighbouring scalar is (`QUOTE_DOUBLE`, `QUOTE_SINGLE`), else as `renderScalar` does. */
export function quoteLike(value: string, type: string | undefined): string {
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return renderScalar(value);
}

/** A value in flow style: `{a: 1, b: [x]}`. */
export function renderFlow(value: YamlValue): string {
  if (value instanceof QuotedString) return quoteLike(value.value, value.quote);
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (isPlainObject(value)) return `{${flowEntries(value)}}`;
  return renderScalar(value);
}

export function flowEntries(entries: Record<string, YamlValue>): string {
  return Object.entries(entries)
    .map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v)}`)
    .join(', ');
}

/** Block entries, each line indented to `column`, joined by \n (no trailing newline). */
export function renderBlockEntries(entries: Record<string, YamlValue>, column: number, unit: number, seqIndent: number): string {
  const pad = ' '.repeat(column);
  return Object.entries(entries)
    .map(([k, v]) => `${pad}${renderScalar(k)}:${renderBlockValue(v, column, unit, seqIndent)}`)
    .join('\n');
}

/** What follows `key:` for a key at `column`: ` scalar`, or a newline and the nested block. */
export function renderBlockValue(value: YamlValue, column: number, unit: number, seqIndent: number): string {
  if (!isCollectionValue(value)) return ' ' + renderFlow(value);
  if (Array.isArray(value)) {
    return '\n' + value.map((item) => renderBlockSeqItem(item, column + seqIndent, unit, seqIndent)).join('\n');
  }
  return '\n' + renderBlockEntries(value as Record<string, YamlValue>, column + unit, unit, seqIndent);
}

export function renderBlockSeqItem(item: YamlValue, dashColumn: number, unit: number, seqIndent: number): string {
  const pad = ' '.repeat(dashColumn);
  if (isPlainObject(item) && Object.keys(item).length > 0) {
    const body = renderBlockEntries(item, dashColumn + 2, unit, seqIndent);
    return `${pad}- ${body.slice(dashColumn + 2)}`;
  }
  return `${pad}- ${renderFlow(item)}`;
}

export function isPlainObject(v: YamlValue): v is { [key: string]: YamlValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof QuotedString);
}

export function isCollectionValue(v: YamlValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return isPlainObject(v) && Object.keys(v).length > 0;
}
