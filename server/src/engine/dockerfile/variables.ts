// The one variable expander of the Dockerfile model: `$VAR`, `${VAR}`, `${VAR:-default}` and
// `${VAR:+alternative}`, against global ARG defaults, a stage's ENV/ARG or a go command's variables.

/** Variable values by name, as plain strings or as the model's declarations (`{ value }`). */
export type Variables = ReadonlyMap<string, string | { readonly value: string }>;

/**
 * Substitutes the variables `vars` knows; unknown ones (and `except`, a variable's own name when
 * its value is expanded) stay as written. An empty value counts as unset, as in `${VAR:-default}`.
 */
export function substitute(value: string, vars: Variables, except?: string): string {
  if (!value.includes('$')) return value;
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, word, bare) => {
    const name = braced ?? bare;
    if (name === except) return whole;
    const entry = vars.get(name);
    const v = typeof entry === 'string' ? entry : entry?.value;
    // `${V:+alt}`: alt when V is set and not empty, else nothing (an unknown V stays unresolved).
    if (op === '+') return v === undefined ? whole : v !== '' ? word : '';
    if (v !== undefined && v !== '') return v;
    if (op === '-') return word;
    return whole;
  });
}

/** The value with every variable substituted; undefined when one stays unresolved. */
export function resolvedValue(value: string, vars: Variables): string | undefined {
  const out = substitute(value, vars);
  return out.includes('$') ? undefined : out;
}
