export interface GoVersion {
  major: number;
  minor: number;
  /** Undefined when go.mod says `1.22` rather than `1.22.0`. */
  patch?: number;
}

/** `1.22`, `1.22.3`, `1.21rc2` (pre-releases count as their minor version); undefined when not a Go version. */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(?:rc|beta)\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]) };
}

export function atLeast(v: GoVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** The oldest builder the standard accepts (`builder-go-version`). */
export const MIN_BUILDER_GO = { major: 1, minor: 24 };

/** The newest Go release line the builder defaults to (Go supports the two newest lines). */
export const NEWEST_GO = { major: 1, minor: 26 };

/**
 * The `golang` image tag for the builder: the newest release line, or the module's version when
 * that is newer. A builder newer than go.mod is fine (the go line sets the language version) and
 * gets the security fixes; a patch that go.mod asks for explicitly on the newest line is kept.
 */
export function builderGoTag(goVersion: string): string {
  const v = parseGoVersion(goVersion);
  if (!v || !atLeast(v, NEWEST_GO.major, NEWEST_GO.minor)) return `${NEWEST_GO.major}.${NEWEST_GO.minor}`;
  return v.patch ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}`;
}

/** `"GET /health"` patterns need Go 1.22 (older go.mod versions keep the old ServeMux through GODEBUG). */
export function hasMethodPatterns(goVersion: string): boolean {
  const v = parseGoVersion(goVersion);
  return !!v && atLeast(v, 1, 22);
}
