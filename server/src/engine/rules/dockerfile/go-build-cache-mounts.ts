import type { Range, Report, Rule } from '../../types';
import { oncePerStage } from '../../dockerfile/repeats';
import { baseImageOf, type DockerfileModel, type RunStep, type Stage } from '../../dockerfile/model';
import { isWindowsImage } from '../../dockerfile/image';
import { goFlag, isBuild, type GoInvocation } from '../../dockerfile/go';
import { stageChain } from '../../dockerfile/stages';
import { cacheMountTargets, goCachePaths, isCoveredByMount } from './shared/go-build';

export const goBuildCacheMounts: Rule<DockerfileModel> = {
  id: 'go-build-cache-mounts',
  target: 'dockerfile',
  meta: {
    description: '`go mod download` and `go build` keep the module and build caches in BuildKit cache mounts.',
    defaultSeverity: 'hint',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe for `go build` and `go install`: the caches only speed the command up and its output goes elsewhere. Unsafe for `go mod download`: the downloaded modules then live in the cache mount, not in the layer, so a later step without the mount (an offline build, `COPY --from` of the module cache) no longer finds them; and unsafe for a build after a step that downloaded modules into the layer, which a module cache mount hides (an offline build, `GOPROXY=off`, then fails).',
    why:
      'Without cache mounts, every change to the source invalidates the build layer and the go command starts cold: modules are downloaded again and every package, standard library included, is recompiled.',
    remediation:
      '`RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build …` keeps both caches across builds (they never end up in the image). ' +
      '`go mod download` needs the module cache only.',
    notes:
      "The paths follow `GOMODCACHE`/`GOPATH` and `GOCACHE`/`XDG_CACHE_HOME`/`HOME` when the stage sets them; otherwise GOPATH is `/go` in the golang images and Go's default `$HOME/go` elsewhere (`/root/go` for root), and no path is suggested where the home directory is unknown (after a non-root USER, or on a base image whose user is not known). " +
      'Windows stages are not judged: Windows containers have no cache mounts. ' +
      "Advice, not a defect: shown as a hint (the editor's dotted underline), once per stage where it repeats (the first place names the other lines and its fix changes them all). " +
      'When the RUN line would pass 100 columns, the fix puts each `--mount` on its own continuation line, as the snippets do.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
      good:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN --mount=type=cache,target=/go/pkg/mod go mod download\n' +
        'COPY . .\n' +
        'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\\n' +
        '  CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const found: { stage: Stage; report: Report }[] = [];
    for (const stage of model.stages) {
      // Windows containers have no BuildKit cache mounts (and other cache paths).
      if (!stage.reachesRuntime || stage.isDev || isWindowsImage(baseImageOf(stage))) continue;
      for (const run of stage.runs) {
        const mounts = cacheMountTargets(run);
        const missing: string[] = [];
        const lackingIn: string[] = [];
        let first: GoInvocation | undefined;
        const modcaches = new Set<string>();
        for (const go of run.goInvocations) {
          if (!isBuild(go) && go.subcommand !== 'mod download') continue;
          const { modcache, buildcache } = goCachePaths(go);
          if (modcache) modcaches.add(modcache);
          const vendored = goFlag(go, 'mod')?.value === 'vendor';
          const needed = [vendored ? undefined : modcache, isBuild(go) ? buildcache : undefined];
          const lacking = needed.filter((p): p is string => p !== undefined && !isCoveredByMount(p, mounts) && !missing.includes(p));
          if (lacking.length === 0) continue;
          first ??= go;
          missing.push(...lacking);
          const what = go.subcommand === 'mod download' ? 'go mod download' : `go ${go.subcommandWord.value}`;
          if (!lackingIn.includes(what)) lackingIn.push(what);
        }
        if (!first) continue;
        const keywordEnd = run.instruction.getInstructionRange().end;
        // `go mod download && go install tool@v1` in one RUN: name every command that needs a missing mount.
        const who = lackingIn.map((w) => `'${w}'`).join(' and ');
        found.push({ stage, report: {
          range: rangeOf(model, first),
          message: `${who} ${lackingIn.length > 1 ? 'run' : 'runs'} without a BuildKit cache mount for ${missing.join(' and ')}, so ${consequence(missing, modcaches)} whenever this layer rebuilds. Add ${missing.map((p) => `--mount=type=cache,target=${p}`).join(' ')} to the RUN.`,
          fix: {
            title: `Add cache mount${missing.length > 1 ? 's' : ''} for ${missing.join(' and ')}`,
            edits: [{ range: { start: keywordEnd, end: keywordEnd }, newText: mountFlagsText(model, run, missing) }],
            // Modules that `go mod download` puts in a cache mount are not in the layer: later steps without the mount (offline, or `COPY --from` of the module cache) miss them.
            // And a module cache mount hides the modules an earlier step downloaded into the layer: an offline build then fails.
            safety: lackingIn.includes('go mod download') || [...modcaches].some((p) => missing.includes(p) && downloadedBefore(stage, run, p)) ? 'unsafe' : 'safe',
          },
        } });
      }
    }
    for (const report of oncePerStage(found)) ctx.report(report);
  },
};

/** An earlier step of the stage (or the stages it is built on) fetched modules into `modcache` without mounting it there. */
function downloadedBefore(stage: Stage, run: RunStep, modcache: string): boolean {
  for (const s of stageChain(stage)) {
    for (const earlier of s.runs) {
      if (earlier === run) return false;
      const fetches = earlier.goInvocations.some((g) => (g.subcommand === 'mod download' || isBuild(g)) && goCachePaths(g).modcache === modcache);
      if (fetches && !isCoveredByMount(modcache, cacheMountTargets(earlier))) return true;
    }
  }
  return false;
}

/** What a cold start costs: modules downloaded again (module cache), packages recompiled (build cache). */
function consequence(missing: string[], modcaches: Set<string>): string {
  const modules = missing.some((p) => modcaches.has(p));
  const packages = missing.some((p) => !modcaches.has(p));
  return modules && packages ? 'modules are downloaded and packages recompiled from scratch' : modules ? 'modules are downloaded again' : 'packages are recompiled from scratch';
}

/** `go build` or `go mod download` as written. */
function rangeOf(model: DockerfileModel, go: GoInvocation): Range {
  const words = go.command.words;
  const last = go.subcommand === 'mod download' ? words[words.indexOf(go.subcommandWord) + 1] : go.subcommandWord;
  return model.index.rangeOf(go.goWord.start, last.end);
}

/** Lines the fix leaves longer than this get one `--mount` per continuation line, as the snippets write them. */
const MAX_LINE = 100;

/**
 * The `--mount` flags to insert after `RUN`: inline while the line stays within 100 columns, else
 * each on its own continuation line (`RUN --mount=… \` / `    --mount=… \` / `    go build …`), the
 * shape of the snippets and the scaffolded Dockerfile. A heredoc RUN keeps them inline.
 */
function mountFlagsText(model: DockerfileModel, run: RunStep, targets: string[]): string {
  const flags = targets.map((p) => `--mount=type=cache,target=${p}`);
  const inline = flags.map((f) => ` ${f}`).join('');
  const keyword = run.instruction.getInstructionRange();
  const line = model.index.lineText(keyword.start.line);
  // Nothing after `RUN` on its line but the escape: the command already starts on a continuation line.
  if (line.length + inline.length <= MAX_LINE || line.includes('<<') || line.slice(keyword.end.character).trim() === model.escapeChar) return inline;
  const indent = /^\s*/.exec(line)![0] + '    ';
  const eol = model.index.text.includes('\r\n') ? '\r\n' : '\n';
  const escape = model.escapeChar;
  // After the keyword: ` --mount=A \⏎    --mount=B \⏎   `, then the space that followed `RUN` and the rest of the line.
  return ` ${flags.join(` ${escape}${eol}${indent}`)} ${escape}${eol}${indent.slice(1)}`;
}

