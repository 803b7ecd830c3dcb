import type { Report, Rule } from '../../types';
import { oncePerStage } from '../../dockerfile/repeats';
import { baseImageOf, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { compareVersions, goVersionOfTag } from '../../dockerfile/image';
import { type GoFlag, type GoInvocation } from '../../dockerfile/go';
import type { ShellWord } from '../../dockerfile/shell';
import { editTargetOf, removeWordsEdit } from '../../dockerfile/command-edits';
import { judgedBuilds } from './shared/go-build';

function isObsolete(flag: GoFlag): boolean {
  if (flag.name === 'a') return flag.value === undefined || /^(1|t|T|true|TRUE|True)$/.test(flag.value);
  return flag.name === 'installsuffix' && flag.value === 'cgo';
}

export const obsoleteBuildFlags: Rule<DockerfileModel> = {
  id: 'obsolete-build-flags',
  target: 'dockerfile',
  meta: {
    description: '`go build` carries no `-a` or `-installsuffix cgo`, leftovers that have done nothing useful since Go 1.10.',
    defaultSeverity: 'hint',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe on Go 1.10 and newer: the removed flags have no effect on the binary there (`-a` only forces rebuilding what the build cache already holds, `-installsuffix` only renames a package directory). Unsafe on a builder pinned below Go 1.10, where they still made the static build.',
    why:
      '`-a -installsuffix cgo` was the recipe for static binaries before Go 1.10, when installed packages were reused across cgo settings.',
    remediation: 'Remove `-a` and `-installsuffix cgo`; `CGO_ENABLED=0` is what makes the binary static.',
    notes:
      'The build cache now keys on every setting, so `-installsuffix cgo` has no effect and `-a` only forces a full rebuild of every package, standard library included, on every build (it also defeats cache mounts). ' +
      "Advice, not a defect: shown as a hint (the editor's dotted underline), once per stage where it repeats (the first place names the other lines and its fix changes them all).",
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -a -installsuffix cgo -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
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
    const found: { stage: Stage; report: Report; kind: string }[] = [];
    for (const build of judgedBuilds(model)) {
      const obsolete = build.flags.filter((flag) => isObsolete(flag) && !flag.fromVariable);
      // `-a -installsuffix cgo` side by side goes in one edit, so that a line holding only them goes whole.
      const groups: ShellWord[][] = [];
      for (const word of obsolete.flatMap((f) => (f.valueWord ? [f.word, f.valueWord] : [f.word]))) {
        const last = groups[groups.length - 1];
        if (last && build.command.words.indexOf(word) === build.command.words.indexOf(last[last.length - 1]) + 1) last.push(word);
        else groups.push([word]);
      }
      for (const flag of build.flags) {
        if (!isObsolete(flag)) continue;
        const isA = flag.name === 'a';
        const words = groups.find((g) => g.includes(flag.word)) ?? [flag.word];
        const written = ctx.text.slice(words[0].start, words[words.length - 1].end);
        found.push({ stage: build.stage, kind: flag.name, report: {
          range: model.index.rangeOf(flag.word.start, (flag.valueWord ?? flag.word).end),
          message: isA
            ? `'-a' forces a rebuild of every package, standard library included, on every build and has not been needed for static binaries since Go 1.10. Remove it.`
            : `'-installsuffix cgo' has had no effect since Go 1.10 (the build cache keys on CGO_ENABLED). Remove it.`,
          // A flag that comes from a variable is removed where the variable is set, not here.
          fix: flag.fromVariable ? undefined : { title: `Remove ${written}`, edits: [removeWordsEdit(target, build.command, words)], safety: preGo110(build) ? 'unsafe' : 'safe' },
        } });
      }
    }
    for (const report of oncePerStage(found)) ctx.report(report);
  },
};

/** A builder pinned below Go 1.10, where `-a -installsuffix cgo` still decided what got relinked. */
function preGo110(build: GoInvocation): boolean {
  const version = goVersionOfTag(baseImageOf(build.stage).tag);
  return version !== undefined && compareVersions(version, '1.10') < 0;
}
