import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildDockerfileModel, type DockerfileModel, type Stage } from '../../server/src/engine/dockerfile/model';
import { goEnv, goFlag, isRuntimeBoundBuild, type GoInvocation } from '../../server/src/engine/dockerfile/go';
import type { ShellWord } from '../../server/src/engine/dockerfile/shell';
import { isGolangImage } from '../../server/src/engine/dockerfile/image';

function stage(model: DockerfileModel, name: string): Stage {
  const s = model.stages.find((st) => st.name === name);
  assert.ok(s, `stage ${name}`);
  return s;
}

/** The document text of a word, after checking that its range and offsets agree. */
function textOf(model: DockerfileModel, word: ShellWord): string {
  assert.equal(model.index.offsetAt(word.range.start), word.start, 'range start agrees with offset');
  assert.equal(model.index.offsetAt(word.range.end), word.end, 'range end agrees with offset');
  return model.index.text.slice(word.start, word.end);
}

function onlyGo(model: DockerfileModel, subcommand: GoInvocation['subcommand'] = 'build'): GoInvocation {
  const found = model.goInvocations.filter((g) => g.subcommand === subcommand);
  assert.equal(found.length, 1, `one go ${subcommand}, got ${found.length}`);
  return found[0];
}

/** Word texts of a go invocation from the `go` word on, as the document has them. */
function goWords(model: DockerfileModel, g: GoInvocation): string[] {
  return g.command.words.slice(g.command.words.indexOf(g.goWord)).map((w) => textOf(model, w));
}

describe('dockerfile model: stages', () => {
  it('splits the image and reads name, platform and parent', () => {
    const m = buildDockerfileModel(
      'FROM --platform=$BUILDPLATFORM registry.example.com:5000/mirror/golang:1.24-bookworm@sha256:abc AS Build\n' +
        'FROM build AS test\n' +
        'FROM docker.io/library/alpine:3.20\n',
    );
    const build = stage(m, 'build');
    assert.equal(build.image.registry, 'registry.example.com:5000');
    assert.equal(build.image.repository, 'mirror/golang');
    assert.equal(build.image.tag, '1.24-bookworm');
    assert.equal(build.image.digest, 'sha256:abc');
    assert.equal(build.platform, '$BUILDPLATFORM');
    assert.ok(isGolangImage(build.image));
    assert.equal(m.index.text.slice(m.index.offsetAt(build.imageRange.start), m.index.offsetAt(build.imageRange.end)), 'registry.example.com:5000/mirror/golang:1.24-bookworm@sha256:abc');
    assert.equal(stage(m, 'test').parent, build);
    const last = m.stages[2];
    assert.equal(last.name, undefined);
    assert.equal(last.image.registry, 'docker.io');
    assert.equal(last.image.repository, 'alpine');
    assert.equal(last.image.tag, '3.20');
    assert.equal(last.parent, undefined);
  });

  it('resolves global ARG defaults in FROM and keeps unknown variables unresolved', () => {
    const m = buildDockerfileModel('ARG GO_VERSION=1.23\nARG BASE\nFROM golang:${GO_VERSION}-alpine AS build\nFROM $BASE\n');
    assert.equal(m.stages[0].image.tag, '1.23-alpine');
    assert.equal(m.stages[0].image.unresolved, false);
    assert.equal(m.stages[1].image.unresolved, true);
  });

  it('is a Go Dockerfile when a stage is golang or a RUN builds Go, and not otherwise', () => {
    assert.equal(buildDockerfileModel('FROM golang:1.24\n').isGo, true);
    assert.equal(buildDockerfileModel('FROM alpine:3.20\nRUN apk add go && go build -o /app .\n').isGo, true);
    assert.equal(buildDockerfileModel('FROM node:22\nRUN npm ci && echo go build\n').isGo, false);
  });
});

describe('dockerfile model: effective ENV and ARG', () => {
  const text =
    'ARG CGO=0\nARG VERSION=1.0\n' +
    'FROM golang:1.24 AS deps\nARG CGO\nENV CGO_ENABLED=$CGO GOFLAGS="-mod=readonly"\nARG TARGETOS\n' +
    'FROM deps AS build\nARG VERSION\nRUN go build -o /app .\nENV LATE=1\n' +
    'FROM build AS other\nENV CGO_ENABLED=1\n';
  const m = buildDockerfileModel(text);

  it('takes global ARG defaults, expands ENV values and keeps the value range', () => {
    const deps = stage(m, 'deps');
    assert.equal(deps.env.get('CGO')?.value, '0');
    assert.equal(deps.env.get('CGO_ENABLED')?.value, '0');
    assert.equal(deps.env.get('CGO_ENABLED')?.origin, 'ENV');
    assert.equal(deps.env.get('GOFLAGS')?.value, '-mod=readonly');
    const vr = deps.env.get('CGO_ENABLED')!.valueRange!;
    assert.equal(text.slice(m.index.offsetAt(vr.start), m.index.offsetAt(vr.end)), '$CGO');
    assert.equal(deps.env.get('TARGETOS')?.value, '');
  });

  it('inherits ENV and ARG from the parent stage (BuildKit passes declared ARGs on)', () => {
    const build = stage(m, 'build');
    assert.equal(build.env.get('CGO_ENABLED')?.value, '0');
    assert.equal(build.env.get('CGO')?.origin, 'ARG');
    assert.equal(build.env.get('VERSION')?.value, '1.0');
    const run = build.runs[0];
    assert.equal(run.envBefore.has('LATE'), false, 'ENV after the RUN is not in effect for it');
    assert.equal(build.env.get('LATE')?.value, '1');
    assert.equal(goEnv(onlyGo(m), 'CGO_ENABLED'), '0');
    assert.equal(stage(m, 'other').env.get('CGO_ENABLED')?.value, '1');
    assert.equal(stage(m, 'deps').env.get('CGO_ENABLED')?.value, '0', 'a child does not change its parent');
  });

  it('reads ARG with several names (which dockerfile-ast takes for the legacy ENV form)', () => {
    const text2 = 'ARG A B=2\nFROM golang:1.24 AS build\nARG TARGETOS TARGETARCH=amd64 A\nRUN go build .\n';
    const m2 = buildDockerfileModel(text2);
    const env = stage(m2, 'build').env;
    assert.deepEqual([...env].map(([k, v]) => [k, v.value]), [['TARGETOS', ''], ['TARGETARCH', 'amd64'], ['A', '']]);
    const r = env.get('TARGETARCH')!;
    const at = (p: { line: number; character: number }) => m2.index.offsetAt(p);
    assert.equal(text2.slice(at(r.range.start), at(r.range.end)), 'TARGETARCH');
    assert.equal(text2.slice(at(r.valueRange!.start), at(r.valueRange!.end)), 'amd64');
  });

  it('does not leak a stage ARG into an unrelated stage', () => {
    const m2 = buildDockerfileModel('FROM golang:1.24 AS a\nARG CGO_ENABLED=0\nFROM golang:1.24 AS b\nRUN go build .\n');
    assert.equal(stage(m2, 'b').env.has('CGO_ENABLED'), false);
    assert.equal(goEnv(onlyGo(m2), 'CGO_ENABLED'), undefined);
  });
});

describe('dockerfile model: stage roles', () => {
  it('marks runtime, dev and builder stages as STANDARD.md defines them', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS build\nRUN go build -o /app .\n' +
        'FROM build AS debug\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot AS Release\nCOPY --from=build /app /app\n' +
        'FROM alpine:3.20 AS tools\n' +
        'FROM alpine:3.20 AS devcontainer\nCOPY --from=tools /x /x\n',
    );
    assert.deepEqual(m.stages.map((s) => [s.name, s.isRuntime, s.isDev, s.isBuilder, s.reachesRuntime]), [
      ['build', false, false, true, true],
      ['debug', false, true, true, false],
      ['release', true, false, false, true],
      ['tools', false, false, false, false],
      ['devcontainer', false, true, false, false],
    ]);
    assert.deepEqual(m.runtimeStages.map((s) => s.name), ['release']);
    const [prodBuild, debugBuild] = m.goInvocations;
    assert.equal(isRuntimeBoundBuild(prodBuild), true);
    assert.equal(isRuntimeBoundBuild(debugBuild), false, 'dev-stage builds are exempt');
  });

  it('follows COPY --from (by name and index), FROM parent and RUN --mount=from to the runtime stage', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS mod\nRUN go mod download\n' +
        'FROM mod AS build\nRUN go build -o /app .\n' +
        'FROM golang:1.24 AS gen\nRUN go build -o /gen ./tools/gen\n' +
        'FROM golang:1.24 AS unused\nRUN go build -o /x .\n' +
        'FROM golang:1.24 AS assets\nRUN --mount=type=bind,from=gen,source=/gen,target=/gen /gen > /assets\n' +
        'FROM scratch\nCOPY --from=1 /app /app\nCOPY --from=assets /assets /assets\n',
    );
    assert.deepEqual(m.stages.map((s) => s.reachesRuntime), [true, true, true, false, true, true]);
    assert.deepEqual(m.goInvocations.filter(isRuntimeBoundBuild).map((g) => goFlag(g, 'o')?.value), ['/app', '/gen']);
  });

  it('a FROM that names a stage through a variable (moby/buildkit binaries-$TARGETOS) depends on every stage it can expand to', () => {
    const m = buildDockerfileModel(
      'ARG BUILDKIT_DEBUG\n' +
        'FROM golang:1.26-alpine AS gobuild-base\n' +
        'FROM gobuild-base AS buildctl\nRUN CGO_ENABLED=0 go build -o /usr/bin/buildctl ./cmd/buildctl\n' +
        'FROM gobuild-base AS buildkitd-debug-tools\nRUN go build -gcflags=all=-N -o /usr/bin/dbg ./cmd/dbg\n' +
        'FROM scratch AS binaries-linux\nCOPY --from=buildctl /usr/bin/buildctl /\n' +
        'FROM scratch AS binaries-linux-debug\nCOPY --from=buildkitd-debug-tools /usr/bin/dbg /\n' +
        'FROM scratch AS binaries-darwin\n' +
        'FROM alpine:3.20 AS tools\n' +
        'FROM $BASE_IMAGE AS other\n' +
        'FROM binaries-$TARGETOS${BUILDKIT_DEBUG:+-debug} AS binaries\n',
    );
    assert.deepEqual(m.stages.map((s) => [s.name, s.reachesRuntime]), [
      ['gobuild-base', true],
      ['buildctl', true],
      ['buildkitd-debug-tools', false],
      ['binaries-linux', true],
      ['binaries-linux-debug', false],
      ['binaries-darwin', true],
      ['tools', false],
      ['other', false],
      ['binaries', true],
    ]);
    assert.equal(stage(m, 'binaries').image.raw, 'binaries-$TARGETOS', '${VAR:+word} is empty when the ARG is empty');
    assert.equal(stage(m, 'binaries').parent, undefined, 'which stage it is stays unknown');
    assert.equal(stage(m, 'binaries').image.unresolved, true);
    assert.equal(stage(m, 'other').dependsOn.size, 0, 'a bare variable can name any image: no stage is assumed');
  });

  it('reads a quoted FROM image as BuildKit does, with the range inside the quotes', () => {
    const m = buildDockerfileModel('ARG BASE="debian:trixie-slim"\nFROM ${BASE} AS build\nFROM "gcr.io/distroless/static-debian13"\n');
    const runtime = m.stages[1];
    assert.equal(runtime.image.registry, 'gcr.io');
    assert.equal(runtime.image.repository, 'distroless/static-debian13');
    assert.deepEqual(runtime.imageRange, { start: { line: 2, character: 6 }, end: { line: 2, character: 39 } });
    assert.equal(m.stages[0].image.raw, 'debian:trixie-slim');
  });

  it('treats a last stage named like a dev stage as dev, not runtime', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS build\nRUN go build -o /app .\nFROM build AS test\nRUN go test ./...\n');
    assert.equal(m.stages[1].isDev, true);
    assert.equal(m.stages[1].isRuntime, false);
    assert.equal(m.stages[0].reachesRuntime, false);
  });
});

describe('dockerfile model: go build invocations and exact word ranges', () => {
  it('&& and ; chains, env prefix, --mount flags', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS build\nRUN --mount=type=cache,target=/go/pkg/mod apk add git && CGO_ENABLED=0 GOOS=linux go build -o /app ./cmd/api ; echo done\n',
    );
    const g = onlyGo(m);
    assert.deepEqual(goWords(m, g), ['go', 'build', '-o', '/app', './cmd/api']);
    assert.deepEqual(g.command.assigns.map((a) => a.name), ['CGO_ENABLED', 'GOOS']);
    assert.equal(goEnv(g, 'CGO_ENABLED'), '0');
    assert.equal(goEnv(g, 'GOOS'), 'linux');
    assert.equal(goFlag(g, 'o')?.value, '/app');
    assert.deepEqual(g.packages.map((p) => p.value), ['./cmd/api']);
    const run = m.stages[0].runs[0];
    assert.deepEqual(run.flags.map((f) => [f.name, f.value]), [['mount', 'type=cache,target=/go/pkg/mod']]);
    const vr = g.env.get('CGO_ENABLED')!.valueRange!;
    assert.equal(m.index.text.slice(m.index.offsetAt(vr.start), m.index.offsetAt(vr.end)), '0');
  });

  it('line continuations with comment and blank lines inside, lowercase run', () => {
    const text = 'FROM golang:1.24 AS build\nrun go build \\\n    # the binary\n\n    -ldflags="-s -w" \\\n    -o /app .\n';
    const m = buildDockerfileModel(text);
    const g = onlyGo(m);
    assert.deepEqual(goWords(m, g), ['go', 'build', '-ldflags="-s -w"', '-o', '/app', '.']);
    assert.equal(goFlag(g, 'ldflags')?.value, '-s -w');
    assert.deepEqual(goFlag(g, 'ldflags')!.word.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 20 } });
  });

  it('env wrapper, export and earlier assignments in the script', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS build\nRUN env GOOS=linux go build -o /a . && export CGO_ENABLED=0 && go build -o /b . ; GOARCH=arm64; go install ./cmd/c\n',
    );
    const [a, b, c] = m.goInvocations;
    assert.equal(goEnv(a, 'GOOS'), 'linux');
    assert.equal(goEnv(a, 'CGO_ENABLED'), undefined);
    assert.equal(textOf(m, a.goWord), 'go');
    assert.equal(goEnv(b, 'CGO_ENABLED'), '0');
    assert.equal(c.subcommand, 'install');
    assert.equal(goEnv(c, 'CGO_ENABLED'), '0');
    assert.equal(goEnv(c, 'GOARCH'), 'arm64');
  });

  it('wrappers with option values: nice -n, sudo -u, env -u', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS build\nRUN nice -n 10 go build -o /a . && sudo -u builder -E go build -o /b . && env -u GOFLAGS CGO_ENABLED=0 go build -o /c .\n');
    assert.deepEqual(m.goInvocations.map((g) => [g.subcommand, goFlag(g, 'o')?.value]), [['build', '/a'], ['build', '/b'], ['build', '/c']]);
    assert.equal(goEnv(m.goInvocations[2], 'CGO_ENABLED'), '0');
  });

  it('heredoc scripts (RUN <<EOF) and shell heredocs (RUN bash <<EOF)', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS build\nRUN <<EOF\nset -e\nCGO_ENABLED=0 go build -o /a ./cmd/a\nEOF\n' +
        "RUN bash -e <<'SCRIPT'\ngo build -o /b ./cmd/b\nSCRIPT\n" +
        'RUN <<EOF\n#!/usr/bin/env python3\nprint("go build")\nEOF\n' +
        'RUN cat <<EOF > /notes\ngo build -o /c .\nEOF\n',
    );
    assert.deepEqual(m.goInvocations.map((g) => goWords(m, g).join(' ')), ['go build -o /a ./cmd/a', 'go build -o /b ./cmd/b']);
    assert.equal(goEnv(m.goInvocations[0], 'CGO_ENABLED'), '0');
    assert.deepEqual(m.goInvocations[1].goWord.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 2 } });
  });

  it('backtick escape directive: backtick continues lines, backslash is the shell’s', () => {
    const text = '# escape=`\nFROM golang:1.24 AS build\nRUN go build `\n  -ldflags=-s\\ -w `\n  -o C:\\app.exe .\n';
    const m = buildDockerfileModel(text);
    assert.equal(m.escapeChar, '`');
    const g = onlyGo(m);
    assert.deepEqual(goWords(m, g), ['go', 'build', '-ldflags=-s\\ -w', '-o', 'C:\\app.exe', '.']);
    assert.equal(goFlag(g, 'ldflags')?.value, '-s -w');
  });

  it('CRLF files and non-ASCII text keep exact ranges', () => {
    const text = 'FROM golang:1.24 AS build\r\nRUN echo "héllo wörld 🚀" && \\\r\n    go build -o /bin/äpp ./cmd/ñ\r\n';
    const m = buildDockerfileModel(text);
    const g = onlyGo(m);
    assert.deepEqual(goWords(m, g), ['go', 'build', '-o', '/bin/äpp', './cmd/ñ']);
    assert.deepEqual(g.packages[0].range, { start: { line: 2, character: 25 }, end: { line: 2, character: 32 } });
    assert.equal(g.packages[0].value, './cmd/ñ');
  });

  it('exec form RUN ["go","build",…]', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS build\nRUN ["go", "build", "-ldflags=-s -w", "-o", "/app", "."]\n');
    const g = onlyGo(m);
    assert.equal(g.command.quoting, 'exec');
    assert.deepEqual(goWords(m, g), ['"go"', '"build"', '"-ldflags=-s -w"', '"-o"', '"/app"', '"."']);
    assert.equal(goFlag(g, 'ldflags')?.value, '-s -w');
  });

  it('xx-go and a go binary given by path', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS build\nRUN xx-go build -o /a . && /usr/local/go/bin/go install ./cmd/b\n');
    assert.deepEqual(m.goInvocations.map((g) => [textOf(m, g.goWord), g.subcommand]), [['xx-go', 'build'], ['/usr/local/go/bin/go', 'install']]);
  });

  it('sh -c "…" scripts, in shell and exec form, with escaped quotes', () => {
    const text =
      'FROM golang:1.24 AS build\nRUN sh -c "CGO_ENABLED=0 go build -ldflags=\\"-s -w\\" -o /a ."\n' +
      "RUN bash -ec 'go build -o /b .'\n" +
      'RUN ["/bin/sh", "-c", "go build -ldflags=\\"-X main.v=1\\" -o /ç ."]\n';
    const m = buildDockerfileModel(text);
    const [a, b, c] = m.goInvocations;
    assert.equal(a.command.quoting, 'double');
    assert.deepEqual(goWords(m, a), ['go', 'build', '-ldflags=\\"-s -w\\"', '-o', '/a', '.']);
    assert.equal(goFlag(a, 'ldflags')?.value, '-s -w');
    assert.equal(goEnv(a, 'CGO_ENABLED'), '0');
    assert.equal(b.command.quoting, 'single');
    assert.deepEqual(goWords(m, b), ['go', 'build', '-o', '/b', '.']);
    assert.equal(c.command.quoting, 'double');
    assert.deepEqual(goWords(m, c), ['go', 'build', '-ldflags=\\"-X main.v=1\\"', '-o', '/ç', '.']);
    assert.equal(goFlag(c, 'ldflags')?.value, '-X main.v=1');
  });

  it('parses flags the way the go command does', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS build\nRUN go build -a -trimpath -tags netgo -installsuffix cgo -ldflags "-s" -ldflags=-w -o /app ./cmd/x ./cmd/y\n',
    );
    const g = onlyGo(m);
    assert.deepEqual(g.flags.map((f) => [f.name, f.value ?? null]), [
      ['a', null], ['trimpath', null], ['tags', 'netgo'], ['installsuffix', 'cgo'], ['ldflags', '-s'], ['ldflags', '-w'], ['o', '/app'],
    ]);
    assert.equal(goFlag(g, 'ldflags')?.value, '-w', 'the last -ldflags wins');
    assert.deepEqual(g.packages.map((p) => p.value), ['./cmd/x', './cmd/y']);
  });

  it('reads on past a variable that expands to flags (moby/buildkit ${GOBUILDFLAGS}), and reads the flags it holds', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS build\nARG GOBUILDFLAGS\nARG EXTRA="-trimpath -tags netgo"\nARG PKG=./cmd/buildctl\n' +
        'RUN xx-go build ${GOBUILDFLAGS} -ldflags "$(cat /tmp/.ldflags)" $EXTRA -o /usr/bin/buildctl $PKG\n',
    );
    const g = onlyGo(m);
    assert.deepEqual(g.flags.map((f) => [f.name, f.value ?? null, f.fromVariable ?? false]), [
      ['ldflags', '$(cat /tmp/.ldflags)', false], ['trimpath', null, true], ['tags', 'netgo', true], ['o', '/usr/bin/buildctl', false],
    ]);
    assert.equal(textOf(m, goFlag(g, 'trimpath')!.word), '$EXTRA');
    assert.deepEqual(g.packages.map((p) => p.value), ['$PKG'], 'a variable holding a package ends the flags');
  });

  it('does not take go mentioned in strings or other commands for a build', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS build\nRUN echo "go build" && go version && go mod download -x\n');
    assert.deepEqual(m.goInvocations.map((g) => g.subcommand), ['other', 'mod download']);
  });

  it('survives a script that does not parse', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS build\nRUN go build -o /app . && echo "unterminated\n');
    const g = onlyGo(m);
    assert.deepEqual(goWords(m, g).slice(0, 2), ['go', 'build']);
  });
});
