/**
 * Compose variable interpolation with the variables unknown: `${VAR:-default}` / `${VAR-default}`
 * give their default, `$$` is a literal `$`; undefined when a plain `$VAR`, `${VAR}`,
 * `${VAR:?err}` or `${VAR:+alt}` leaves the value unknowable.
 */
export function interpolate(text: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close === -1) return undefined;
      const inner = text.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?-)([\s\S]*)$/.exec(inner);
      if (!m) return undefined;
      const dflt = interpolate(m[3]);
      if (dflt === undefined) return undefined;
      out += dflt;
      i = close + 1;
      continue;
    }
    if (next !== undefined && /[A-Za-z_]/.test(next)) return undefined;
    out += ch;
    i++;
  }
  return out;
}

/** A boolean as Compose reads it (Go's strconv.ParseBool). */
export function isTrue(value: string): boolean {
  return /^(true|1|t)$/i.test(value.trim());
}

/** True when the text has an interpolation (`$VAR`, `${…}`), `$$` escapes aside. */
export function hasInterpolation(text: string): boolean {
  return /\$(?:\{|[A-Za-z_])/.test(text.replace(/\$\$/g, ''));
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
