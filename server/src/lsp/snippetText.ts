/**
 * Text a snippet inserts when every placeholder keeps its default: `${1:x}` → `x`, `${1|a,b|}` → `a`,
 * `$1`/`${1}` → the default of placeholder 1 (a mirror) or nothing, `\$` → `$`. Variables
 * (`$TM_FILENAME`, `${VAR}`) are rejected: in Dockerfile and YAML snippets a bare `$NAME` is almost
 * always a shell variable someone forgot to escape, which the editor would turn into a placeholder.
 */
export function snippetToPlainText(snippet: string): string {
  const defaults = new Map<string, string>();
  let i = 0;
  const mirror = (n: string) => `\u0000${n}\u0000`;
  const record = (n: string, text: string) => {
    if (!defaults.has(n)) defaults.set(n, text);
  };
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) {
        out += snippet[i + 1];
        i += 2;
        continue;
      }
      if (inPlaceholder && c === '}') {
        i++;
        return out;
      }
      if (c !== '$') {
        out += c;
        i++;
        continue;
      }
      const rest = snippet.slice(i);
      const tabstop = /^\$(\d+)/.exec(rest);
      if (tabstop) {
        i += tabstop[0].length;
        out += mirror(tabstop[1]);
        continue;
      }
      const braced = /^\$\{(\d+)(:|\||\})/.exec(rest);
      if (braced) {
        i += braced[0].length;
        const n = braced[1];
        if (braced[2] === '}') {
          out += mirror(n);
        } else if (braced[2] === ':') {
          const text = parse(true);
          record(n, text);
          out += text;
        } else {
          const end = snippet.indexOf('|}', i);
          if (end === -1) throw new Error(`unterminated choice at offset ${i}`);
          const first = snippet.slice(i, end).split(',')[0];
          record(n, first);
          out += first;
          i = end + 2;
        }
        continue;
      }
      const variable = /^\$\{?([A-Za-z_]\w*)/.exec(rest);
      if (variable) throw new Error(`unescaped variable '${variable[0]}' at offset ${i}: write \\${variable[0]} for a literal dollar`);
      out += c;
      i++;
    }
    if (inPlaceholder) throw new Error('unterminated placeholder');
    return out;
  };
  const text = parse(false);
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u0000(\d+)\u0000/g, (_, n: string) => defaults.get(n) ?? '');
}

/** Escapes text for use inside a snippet. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}
