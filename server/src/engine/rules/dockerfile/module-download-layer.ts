import * as path from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import type { Range, Rule, TextEdit } from '../../types';
import { baseImageOf, runStepAt, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { workdirAt } from '../../dockerfile/instructions';
import { mountSource, type RunMount } from '../../dockerfile/stages';
import { flagsOf } from '../../dockerfile/ast';
import { compareVersions, goVersionOfTag } from '../../dockerfile/image';
import { goEnv, goFlag, goFlagsFromEnv, isRuntimeBoundBuild, runStepOf, type GoInvocation } from '../../dockerfile/go';
import { cacheMountTargets, goCachePaths, isCoveredByMount } from './shared/go-build';
import { copyArguments } from '../../dockerfile/copies';
import { editTargetOf, type EditTarget } from '../../dockerfile/command-edits';
import { instructionBeforeEdit } from '../../dockerfile/edits';

export const moduleDownloadLayer: Rule<DockerfileModel> = {
  id: 'module-download-layer',
  target: 'dockerfile',
  meta: {
    description: '`go.mod`/`go.sum` are copied and `go mod download` runs before the source tree is copied.',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe when every later go command runs in the COPY destination, in the same stage, in module mode (Go 1.16 or newer), and the file does not use a Go workspace (go.work): go.mod must then be at the root of what the COPY copies. Unsafe otherwise (the module may sit in a subfolder, a workspace root may have no go.mod, and a GOPATH-mode build has none). The inserted COPY names `go.sum*`, so a module without dependencies (no go.sum) still builds.',
    why:
      'Docker reuses a layer only while everything before it is unchanged: when `COPY . .` comes first, any edit to any source file invalidates the layers after it, and every build downloads all modules again.',
    remediation:
      'Copy only `go.mod` and `go.sum`, run `go mod download` (that layer now changes only when dependencies change), then copy the rest: `COPY go.mod go.sum* ./` + `RUN go mod download` + `COPY . .` (the glob lets a module without dependencies, which has no go.sum, build too).',
    notes:
      'Bind-mounting `go.mod`/`go.sum` into the `go mod download` step counts too. ' +
      'The inserted `go mod download` gets a module cache mount only when the later go commands mount it too: modules downloaded into a cache mount are not in the layer, so a build without the mount would download them again. ' +
      'Judged in stages whose Go build reaches the runtime image, including through `FROM deps AS build`; vendored builds (`-mod=vendor`) are exempt, and so are stages that make go.mod with `go mod init`. ' +
      'The quick fix writes the COPY destination into the new `COPY` and a `cd`, so it is offered only when the destination is a plain path (variables allowed); for a quoted destination or one with shell characters, make the change by hand.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
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
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const target = editTargetOf(model);
    const work = stageWork(model);
    const states = new Map<Stage, ModuleState>();
    for (const stage of model.stages) {
      const state: ModuleState = { ...(stage.parent ? states.get(stage.parent) ?? EMPTY : EMPTY) };
      const candidates: { instruction: Instruction; source: { value: string; range: Range }; dest: string; goModReady: boolean; workdir?: string }[] = [];
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'WORKDIR') state.workdir = joinPath(state.workdir, instruction.getArguments().map((a) => a.getValue()).join(' '));
        else if ((keyword === 'COPY' || keyword === 'ADD') && !hasFromFlag(instruction)) {
          const args = copyArguments(model, instruction);
          if (args.length < 2) continue;
          const sources = args.slice(0, -1);
          const broad = sources.find((a) => BROAD.has(a.value));
          if (broad && !state.downloaded && !state.goModMade) {
            candidates.push({ instruction, source: broad, dest: args[args.length - 1].value, goModReady: state.goModReady, workdir: state.workdir });
          }
          if (broad || sources.some((a) => isGoModSource(a.value))) state.goModReady = true;
        } else if (keyword === 'RUN') {
          const run = runStepAt(stage, instruction);
          if (run?.goInvocations.some((g) => g.subcommand === 'mod download') && (state.goModReady || bindsGoMod(run.mounts))) state.downloaded = true;
          // `go mod init` makes go.mod in the image: the context has none to copy first (hello-app-redis).
          if (run?.goInvocations.some(isModInit)) state.goModMade = true;
        }
      }
      states.set(stage, state);
      for (const candidate of candidates) {
        const later = goWorkAfter(work, stage, candidate.instruction);
        if (later.length === 0 || later.some(isVendored)) continue;
        ctx.report({
          range: candidate.source.range,
          message: `The source tree is copied before ${candidate.goModReady ? '' : 'go.mod/go.sum are copied and '}'go mod download' runs, so every source change downloads the modules again. Copy go.mod (and go.sum, if the module has one) and run go mod download before this ${candidate.instruction.getKeyword()}.`,
          // The destination goes into the inserted COPY and into a shell `cd`: only a plain path (variables allowed) can go there as written.
          fix: PLAIN_PATH.test(candidate.dest)
            ? { title: 'Download modules in their own layer first', edits: [fixEdit(target, stage, candidate, later)], safety: !/\bgo\.work\b|\bGOWORK=/.test(ctx.text) && goModIsAtDestination(stage, candidate, later) ? 'safe' : 'unsafe' }
            : undefined,
        });
      }
    }
  },
};

interface ModuleState {
  goModReady: boolean;
  downloaded: boolean;
  goModMade?: boolean;
  workdir?: string;
}

const EMPTY: ModuleState = { goModReady: false, downloaded: false };

function isModInit(g: GoInvocation): boolean {
  const words = g.command.words;
  return g.subcommandWord.value === 'mod' && words[words.indexOf(g.subcommandWord) + 1]?.value === 'init';
}
const BROAD = new Set(['.', './', './.', '*']);
/**
 * A destination the fix can write into `COPY go.mod go.sum <dest>/` and `cd <dest>` as it is: no
 * quotes, blanks, globs or shell metacharacters (`COPY . #` made `cd # && go mod download`, a bare
 * `cd`, so the finding and the inserted line came back on every pass).
 */
const PLAIN_PATH = /^[\w./~@%+=:,${}-]+$/;

function hasFromFlag(instruction: Instruction): boolean {
  return flagsOf(instruction).some((f) => f.getName().toLowerCase() === 'from');
}

function isGoModSource(source: string): boolean {
  const base = source.split('/').pop() ?? '';
  return base === 'go.mod' || /^go\.[*?[]/.test(base) || base === '*.mod';
}

/** `--mount=type=bind,source=go.mod,…` (or a bind of the whole context) on the `go mod download` step. */
function bindsGoMod(mounts: RunMount[]): boolean {
  return mounts.some((m) => {
    if ((m.options.get('type') ?? 'bind') !== 'bind' || m.options.has('from')) return false;
    const source = mountSource(m);
    return source === undefined ? true : isGoModSource(source) || BROAD.has(source);
  });
}

/** Go work that depends on the copied tree: judged builds and module downloads after the COPY, here or in stages built on this one. */
function goWorkAfter(work: StageWork, stage: Stage, copy: Instruction): GoInvocation[] {
  const copyLine = copy.getRange().start.line;
  const found = (work.own.get(stage) ?? []).filter((g) => g.instruction.getRange().start.line > copyLine);
  // Stages built on this one, and on those (a stage is its own ancestor only in a broken file: `seen` stops that).
  const seen = new Set<Stage>([stage]);
  const pending = [...(work.children.get(stage) ?? [])];
  while (pending.length) {
    const s = pending.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    found.push(...(work.own.get(s) ?? []));
    pending.push(...(work.children.get(s) ?? []));
  }
  return found;
}

/**
 * The judged Go work of each stage and the stages built on each, indexed once per check: a scan of
 * every invocation for every COPY made 50k-line Dockerfiles quadratic (12 of 22 s in this rule).
 */
interface StageWork {
  own: Map<Stage, GoInvocation[]>;
  children: Map<Stage, Stage[]>;
}

function stageWork(model: DockerfileModel): StageWork {
  const judged = (g: GoInvocation) => (g.subcommand === 'mod download' ? g.stage.reachesRuntime && !g.stage.isDev : isRuntimeBoundBuild(g));
  const own = new Map<Stage, GoInvocation[]>();
  for (const g of model.goInvocations) {
    if (!judged(g)) continue;
    const list = own.get(g.stage);
    if (list) list.push(g);
    else own.set(g.stage, [g]);
  }
  const children = new Map<Stage, Stage[]>();
  for (const s of model.stages) {
    if (!s.parent) continue;
    const list = children.get(s.parent);
    if (list) list.push(s);
    else children.set(s.parent, [s]);
  }
  return { own, children };
}

function isVendored(g: GoInvocation): boolean {
  return goFlag(g, 'mod')?.value === 'vendor' || goFlagsFromEnv(g).some((f) => f.name === 'mod' && f.value === 'vendor');
}

/**
 * The inserted `COPY go.mod` and `go mod download` work only if go.mod sits at the root of what the
 * COPY copies. The file shows that when every later go command runs, in this stage, in the COPY's
 * destination folder (no WORKDIR change, no `cd`) in module mode: it then needs go.mod right there.
 */
function goModIsAtDestination(stage: Stage, candidate: { instruction: Instruction; dest: string; goModReady: boolean; workdir?: string }, later: GoInvocation[]): boolean {
  const dest = path.posix.resolve(candidate.workdir ?? '/', candidate.dest);
  if (dest.includes('$')) return false;
  return later.every((g) => {
    if (g.stage !== stage || workdirAt(stage, g.instruction) !== dest) return false;
    const before = g.command.start;
    const run = runStepOf(g);
    if (!run || run.commands.some((c) => c.start < before && c.words[0]?.value === 'cd')) return false;
    const mode = goEnv(g, 'GO111MODULE');
    if (mode !== undefined && mode !== 'on' && mode !== '') return false;
    const version = goVersionOfTag(baseImageOf(stage).tag);
    return mode === 'on' || (version !== undefined && compareVersions(version, '1.16') >= 0);
  });
}

function joinPath(base: string | undefined, path: string): string {
  const p = path.trim();
  // `$GOPATH/src/app` starts from a variable holding an absolute path.
  if (p.startsWith('/') || p.startsWith('$') || !base) return p.replace(/\/+$/, '') || '/';
  return `${base.replace(/\/+$/, '')}/${p}`.replace(/\/+$/, '');
}

function fixEdit(
  target: EditTarget,
  stage: Stage,
  candidate: { instruction: Instruction; dest: string; goModReady: boolean; workdir?: string },
  later: GoInvocation[],
): TextEdit {
  const dest = candidate.dest.replace(/\/+$/, '') || '/';
  const here = dest === '.' || (candidate.workdir !== undefined && joinPath(candidate.workdir, dest) === candidate.workdir);
  const modcache = goCachePaths({ env: stage.env, stage }).modcache;
  // Modules downloaded into a cache mount are not in the layer: only the go commands that mount the
  // same cache see them. So the download gets the mount only when the later go work has it too.
  const mounted = (g: GoInvocation) => {
    const run = runStepOf(g);
    return !!run && goCachePaths(g).modcache === modcache && isCoveredByMount(modcache!, cacheMountTargets(run));
  };
  const mount = modcache && later.length > 0 && later.every(mounted) ? `--mount=type=cache,target=${modcache} ` : '';
  const lines: TextEdit[] = [];
  // `go.sum*`: a module without dependencies has no go.sum, and COPY fails on a missing file but not on a glob that matches nothing.
  if (!candidate.goModReady) lines.push(instructionBeforeEdit(target, candidate.instruction, 'COPY', `go.mod go.sum* ${here ? './' : `${dest}/`}`));
  lines.push(instructionBeforeEdit(target, candidate.instruction, 'RUN', `${mount}${here ? '' : `cd ${dest} && `}go mod download`));
  return { range: lines[0].range, newText: lines.map((l) => l.newText).join('') };
}
