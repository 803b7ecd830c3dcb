/** Explicit targets of a Makefile (`build test: deps`), with the line each is first defined on. */
export function parseMakefileTargets(text: string): Map<string, number> {
  const targets = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  let continued = false;
  lines.forEach((line, i) => {
    const wasContinued = continued;
    continued = /\\$/.test(line);
    if (wasContinued || line.startsWith('\t') || /^\s*#/.test(line)) return;
    // A rule line: targets, then `:` or `::` not followed by `=` (which would be an assignment).
    const m = /^([^:=#]+?)\s*::?(?!=)/.exec(line);
    if (!m || /^\s*(export|override|define|include|-include|ifeq|ifneq|ifdef|ifndef)\b/.test(m[1])) return;
    for (const name of m[1].trim().split(/\s+/)) {
      if (name && !name.startsWith('.') && !targets.has(name)) targets.set(name, i);
    }
  });
  return targets;
}
