// What the build rules (cgo-disabled, strip-debug-symbols, target-platform, go-build-cache-mounts…)
// share about `go build`: which builds they judge, where a `NAME=value` prefix goes, and the Go
// cache directories a build uses against the cache mounts of its RUN.
import { mountTarget, stageChain, type DockerfileModel, type GoInvocation, type RunStep, type Stage } from '../../../dockerfile/stages';
import { goEnv, isRuntimeBoundBuild } from '../../../dockerfile/go';
import { imageDefaultUserIsRoot, isGolangImage } from '../../../dockerfile/image';

/**
 * `go install tool@v1.2.3`, `go install tool` (go.mod tool directives), or `go install tool` with the
 * tools' package paths: tools for the build itself, not the service that ships (which is built from
 * a local path such as `./cmd/server`).
 */
export function isToolInstall(invocation: GoInvocation): boolean {
  const values = invocation.packages.map((p) => p.value);
  if (invocation.subcommand !== 'install' || values.length === 0) return false;
  if (values.every((v) => v.includes('@') || v === 'tool')) return true;
  return values.includes('tool') && values.every((v) => !v.startsWith('.') && !v.startsWith('/') && !v.includes('$'));
}

/** The builds the build rules judge: runtime-bound `go build`/`go install`, tool installs aside. */
export function judgedBuilds(model: DockerfileModel): GoInvocation[] {
  return model.goInvocations.filter((g) => isRuntimeBoundBuild(g) && !isToolInstall(g));
}

/**
 * Where to put a new `NAME=value` prefix so it sits right before `go` after existing ones
 * (`CGO_ENABLED=0 GOOS=… go build`); at the command start when a wrapper (`exec`, `nice`) is in between.
 */
export function goPrefixPoint(text: string, invocation: GoInvocation): number {
  const { command, goWord } = invocation;
  let between = text.slice(command.start, goWord.start);
  for (const a of [...command.assigns].sort((x, y) => (y.start ?? 0) - (x.start ?? 0))) {
    if (a.start === undefined || a.end === undefined || a.start < command.start || a.end > goWord.start) continue;
    between = between.slice(0, a.start - command.start) + between.slice(a.end - command.start);
  }
  return /^[\s\\`]*$/.test(between) ? goWord.start : command.start;
}

/**
 * The module and build cache directories this invocation uses; undefined when a variable hides one,
 * or when the default depends on a home directory the file does not show.
 */
export function goCachePaths(invocation: Pick<GoInvocation, 'env' | 'stage'>): { modcache?: string; buildcache?: string } {
  const known = (v: string | undefined) => (v !== undefined && v !== '' && !v.includes('$') ? v : undefined);
  const set = (name: string) => invocation.env.has(name) && goEnv(invocation, name) !== '';
  const home = set('HOME') ? known(goEnv(invocation, 'HOME')) : defaultHome(invocation.stage);
  // The golang images set GOPATH=/go; elsewhere Go's default GOPATH is $HOME/go.
  let modcache: string | undefined = golangBased(invocation.stage) ? '/go/pkg/mod' : mapKnown(home, (d) => `${d}/go/pkg/mod`);
  if (set('GOMODCACHE')) modcache = known(goEnv(invocation, 'GOMODCACHE'));
  else if (set('GOPATH')) {
    const first = known(goEnv(invocation, 'GOPATH')?.split(':')[0]);
    modcache = first ? `${first.replace(/\/+$/, '')}/pkg/mod` : undefined;
  }
  let buildcache: string | undefined = mapKnown(home, (d) => `${d}/.cache/go-build`);
  if (set('GOCACHE')) buildcache = known(goEnv(invocation, 'GOCACHE'));
  else if (set('XDG_CACHE_HOME')) buildcache = mapKnown(known(goEnv(invocation, 'XDG_CACHE_HOME')), (d) => `${d}/go-build`);
  return { modcache, buildcache };
}

/** The stage's root image is a golang image (GOPATH=/go). */
function golangBased(stage: Stage): boolean {
  const root = stageChain(stage)[0];
  // `golang:$GO_IMAGE_TAG` is a golang image whatever the tag.
  return !root.image.repository.includes('$') && isGolangImage(root.image);
}

/** `/root` when the stage runs as root (no USER in it or the stages it is built on); unknown after a USER. */
function defaultHome(stage: Stage): string | undefined {
  for (const s of stageChain(stage).reverse()) {
    const user = [...s.instructions].reverse().find((i) => i.getKeyword() === 'USER');
    if (user) return /^(root|0)(:.*)?$/.test(user.getArgumentsContent()?.trim() ?? '') ? '/root' : undefined;
    if (!s.parent) return golangBased(s) || imageDefaultUserIsRoot(s.image) === true ? '/root' : undefined;
  }
  return undefined;
}

function mapKnown(v: string | undefined, f: (v: string) => string): string | undefined {
  return v === undefined ? undefined : f(v.replace(/\/+$/, ''));
}

/** Targets of the `--mount=type=cache` flags of a RUN. */
export function cacheMountTargets(run: RunStep): string[] {
  return run.mounts.flatMap((m) => {
    const target = mountTarget(m);
    return m.options.get('type') === 'cache' && target ? [target] : [];
  });
}

/** True when one of the mount targets is `path` or a directory above it (`/root/.cache` covers the build cache). */
export function isCoveredByMount(path: string, targets: string[]): boolean {
  const p = path.replace(/\/+$/, '');
  return targets.some((t) => {
    const m = t.replace(/\/+$/, '');
    return m !== '' && (p === m || p.startsWith(`${m}/`));
  });
}
