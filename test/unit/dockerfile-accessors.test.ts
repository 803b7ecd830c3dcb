import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { buildDockerfileModel } from '../../server/src/engine/dockerfile/model';
import { flagsOf, heredocsOf, jsonStringsOf, propertiesOf } from '../../server/src/engine/dockerfile/ast';
import { resolvedValue, substitute } from '../../server/src/engine/dockerfile/variables';
import { goEnv, goFlag } from '../../server/src/engine/dockerfile/go';
import { stageChain } from '../../server/src/engine/dockerfile/stages';
import { cacheMountTargets } from '../../server/src/engine/rules/dockerfile/shared/go-build';

const instructions = (text: string) => DockerfileParser.parse(text).getInstructions();

describe('typed dockerfile-ast accessors (dockerfile/ast.ts)', () => {
  it('flags of the flag-taking instructions, none elsewhere', () => {
    const [from, run, copy, user] = instructions('FROM --platform=$BUILDPLATFORM golang:1.24 AS b\nRUN --mount=type=cache,target=/root/.cache go build .\nCOPY --from=b --chown=1:1 /app /app\nUSER 65532\n');
    assert.deepEqual(flagsOf(from).map((f) => f.getName()), ['platform']);
    assert.deepEqual(flagsOf(run).map((f) => [f.getName(), f.getValue()]), [['mount', 'type=cache,target=/root/.cache']]);
    assert.deepEqual(flagsOf(copy).map((f) => f.getName()), ['from', 'chown']);
    assert.deepEqual(flagsOf(user), []);
  });

  it('properties of ENV, ARG and LABEL, none elsewhere', () => {
    const [env, arg, label, workdir] = instructions('FROM scratch\nENV A=1 B="two words"\nARG V=1.2\nLABEL org.opencontainers.image.source=x\nWORKDIR /app\n').slice(1);
    assert.deepEqual(propertiesOf(env).map((p) => [p.getName(), p.getValue()]), [['A', '1'], ['B', 'two words']]);
    assert.deepEqual(propertiesOf(arg).map((p) => p.getName()), ['V']);
    assert.deepEqual(propertiesOf(label).map((p) => p.getName()), ['org.opencontainers.image.source']);
    assert.deepEqual(propertiesOf(workdir), []);
  });

  it('JSON strings of exec form only', () => {
    const [cmd, shellForm, user] = instructions('FROM scratch\nCMD ["/app", "-v"]\nENTRYPOINT /app -v\nUSER app\n').slice(1);
    assert.deepEqual(jsonStringsOf(cmd).map((j) => j.getValue()), ['"/app"', '"-v"']);
    assert.deepEqual(jsonStringsOf(shellForm), []);
    assert.deepEqual(jsonStringsOf(user), []);
  });

  it('heredocs of RUN and COPY, and of ADD, where dockerfile-ast keeps the method protected', () => {
    const [run, add, user] = instructions('FROM alpine\nRUN <<EOF\necho hi\nEOF\nADD <<EOT /etc/motd\nhello\n').slice(1).concat(instructions('FROM a\nUSER x\n').slice(1));
    assert.deepEqual(heredocsOf(run).map((h) => [h.getName(), h.getDelimiterRange() !== null]), [['EOF', true]]);
    assert.deepEqual(heredocsOf(add).map((h) => [h.getName(), h.getDelimiterRange()]), [['EOT', null]], 'an unclosed heredoc');
    assert.deepEqual(heredocsOf(user), []);
  });
});

describe('one variable expander (dockerfile/variables.ts)', () => {
  const vars = new Map<string, string | { value: string }>([['A', 'a'], ['EMPTY', ''], ['DECLARED', { value: 'd' }]]);

  it('substitutes $V, ${V}, ${V:-default}, ${V:+alternative}, from plain strings and from declarations', () => {
    assert.equal(substitute('$A/${A}/${DECLARED}', vars), 'a/a/d');
    assert.equal(substitute('${EMPTY:-x} ${UNSET:-y} ${A:-z}', vars), 'x y a');
    assert.equal(substitute('[${A:+on}] [${EMPTY:+on}] [${UNSET:+on}]', vars), '[on] [] [${UNSET:+on}]');
    assert.equal(substitute('$UNSET $EMPTY', vars), '$UNSET $EMPTY', 'unknown and empty stay as written');
    assert.equal(substitute('$A:$A', vars, 'A'), '$A:$A', 'a variable is not expanded into itself');
  });

  it('resolvedValue is undefined while a variable stays unresolved', () => {
    assert.equal(resolvedValue('/src/${A}', vars), '/src/a');
    assert.equal(resolvedValue('/src/$UNSET', vars), undefined);
  });

  it('a go command reads ${V:-default} like a stage does (the go side had an expander of its own without it)', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS build\nARG CGO\nARG OUT=/out\nRUN CGO_ENABLED=${CGO:-0} go build -o ${OUT:-/app}/server .\n');
    const g = m.goInvocations[0];
    assert.equal(goEnv(g, 'CGO_ENABLED'), '0');
    assert.equal(goFlag(g, 'o')?.value, '${OUT:-/app}/server', 'flag values stay as written');
  });
});

describe('stage chains and RUN mounts', () => {
  it('stageChain runs root first through FROM <stage> chains', () => {
    const m = buildDockerfileModel('FROM golang:1.24 AS base\nFROM base AS build\nFROM build AS test\nFROM scratch\n');
    assert.deepEqual(stageChain(m.stages[2]).map((s) => s.name), ['base', 'build', 'test']);
    assert.deepEqual(stageChain(m.stages[3]).map((s) => s.index), [3]);
  });

  it('parses each --mount once: options by lower-cased name, trimmed; cache targets under any of their names', () => {
    const m = buildDockerfileModel(
      'FROM golang:1.24 AS build\nRUN --mount=type=cache,target=/go/pkg/mod --mount=TYPE=cache,DST=/root/.cache/go-build --mount=type=bind,source=go.sum,readonly --network=none go build .\n',
    );
    const run = m.stages[0].runs[0];
    assert.deepEqual(run.mounts.map((mount) => [...mount.options]), [
      [['type', 'cache'], ['target', '/go/pkg/mod']],
      [['type', 'cache'], ['dst', '/root/.cache/go-build']],
      [['type', 'bind'], ['source', 'go.sum'], ['readonly', '']],
    ]);
    assert.deepEqual(cacheMountTargets(run), ['/go/pkg/mod', '/root/.cache/go-build']);
  });
});
