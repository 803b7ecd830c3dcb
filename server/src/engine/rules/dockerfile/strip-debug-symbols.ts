import type { Rule, TextEdit } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
import { goFlag, goFlagsFromEnv, invocationRange, toolFlags } from '../../dockerfile/go';
import { editTargetOf, flagValueSpan, insertWordsAfter, insertWordsBefore, prependToFlagValue } from '../../dockerfile/command-edits';
import { judgedBuilds } from './shared/go-build';

export const stripDebugSymbols: Rule<DockerfileModel> = {
  id: 'strip-debug-symbols',
  target: 'dockerfile',
  meta: {
    description: 'The shipped Go binary is linked with `-ldflags="-s -w"` (no symbol table, no DWARF).',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe: `-s -w` drop the symbol table and DWARF data, which the running program never reads (panics keep their stack traces); flags already in `-ldflags` are kept.',
    why:
      '`-s` drops the symbol table and `-w` the DWARF debug information: the binary shrinks by a quarter or more, the image pulls faster, and nothing is lost at run time (panics still print stack traces; debugging happens on a dev build).',
    remediation: 'Add `-ldflags="-s -w"`, or put `-s -w` in front of the existing `-ldflags` value.',
    notes:
      'Only the last `-ldflags` on the command counts, as in the go command; `-ldflags` in `GOFLAGS` counts when the command gives none.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -o /out/server ./cmd/server\n' +
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
    for (const build of judgedBuilds(model)) {
      const flag = goFlag(build, 'ldflags');
      const fromEnv = flag ? undefined : goFlagsFromEnv(build).filter((f) => f.name === 'ldflags').pop();
      const value = flag ? flag.value : fromEnv ? fromEnv.value ?? '' : '';
      if (value === undefined) continue;
      const tokens = toolFlags(value, build);
      if (!tokens) continue;
      const missing = ['-s', '-w'].filter((name) => !linkerFlagSet(tokens, name));
      if (missing.length === 0) continue;
      let edit: TextEdit | undefined;
      if (flag) {
        const span = flagValueSpan(ctx.text, build.command, flag);
        // `-s=false` would still win after an inserted `-s`: leave that one to the user.
        const negated = missing.some((name) => tokens.some((t) => t.startsWith(`${name}=`) || t.startsWith(`-${name}=`)));
        if (span && !negated) edit = prependToFlagValue(target, build.command, span, missing);
      } else if (!fromEnv) {
        const next = build.flags[0]?.word ?? build.packages[0];
        const word = { prefix: '-ldflags=', value: '-s -w' };
        edit = next ? insertWordsBefore(target, build.command, next, [word]) : insertWordsAfter(target, build.command, build.subcommandWord, [word]);
      }
      const range = flag ? model.index.rangeOf(flag.word.start, (flag.valueWord ?? flag.word).end) : invocationRange(build, model.index);
      const what = missing.length === 2 ? '-s -w' : missing[0];
      ctx.report({
        range,
        message: flag
          ? `-ldflags lacks ${what}: the shipped binary keeps its ${missing.length === 2 ? 'symbol table and DWARF debug data' : missing[0] === '-s' ? 'symbol table' : 'DWARF debug data'} and is larger than it needs to be. Add ${what} to the -ldflags value.`
          : `'go ${build.subcommandWord.value}' keeps the symbol table and DWARF debug data in the shipped binary, making it a quarter or more larger. Add -ldflags="-s -w".`,
        fix: edit ? { title: flag ? `Add ${what} to -ldflags` : 'Add -ldflags="-s -w"', edits: [edit], safety: 'safe' } : undefined,
      });
    }
  },
};

/** The last `-s`/`-w` (or `-s=true`…) given to the linker decides, as the flag package does. */
function linkerFlagSet(tokens: string[], name: string): boolean {
  let set = false;
  const re = new RegExp(`^--?${name.slice(1)}(?:=(.*))?$`);
  for (const t of tokens) {
    const m = re.exec(t);
    if (m) set = m[1] === undefined || /^(1|t|T|true|TRUE|True)$/.test(m[1]);
  }
  return set;
}
