import type { Rule } from '../../types';
import type { DockerfileModel } from '../../dockerfile/model';
import { editTargetOf, judgedBuilds, removeWordsEdit } from '../../dockerfile/go';

export const obsoleteBuildFlags: Rule<DockerfileModel> = {
  id: 'obsolete-build-flags',
  target: 'dockerfile',
  meta: {
    description: '`go build` carries no `-a` or `-installsuffix cgo`, leftovers that have done nothing useful since Go 1.10.',
    defaultSeverity: 'info',
    scope: 'go',
    fixable: true,
    rationale:
      '`-a -installsuffix cgo` was the recipe for static binaries before Go 1.10, when installed packages were reused across cgo settings. The build cache now keys on every setting, so `-installsuffix cgo` has no effect and `-a` only forces a full rebuild of every package, standard library included, on every build (it also defeats cache mounts). Remove both; `CGO_ENABLED=0` is what makes the binary static.',
  },
  check(ctx) {
    const model = ctx.model;
    const target = editTargetOf(model);
    for (const build of judgedBuilds(model)) {
      for (const flag of build.flags) {
        const isA = flag.name === 'a' && (flag.value === undefined || /^(1|t|T|true|TRUE|True)$/.test(flag.value));
        const isSuffix = flag.name === 'installsuffix' && flag.value === 'cgo';
        if (!isA && !isSuffix) continue;
        const words = flag.valueWord ? [flag.word, flag.valueWord] : [flag.word];
        const written = ctx.text.slice(flag.word.start, (flag.valueWord ?? flag.word).end);
        ctx.report({
          range: model.index.rangeOf(flag.word.start, (flag.valueWord ?? flag.word).end),
          message: isA
            ? `'-a' forces a rebuild of every package, standard library included, on every build and has not been needed for static binaries since Go 1.10. Remove it.`
            : `'-installsuffix cgo' has had no effect since Go 1.10 (the build cache keys on CGO_ENABLED). Remove it.`,
          // A flag that comes from a variable is removed where the variable is set, not here.
          fix: flag.fromVariable ? undefined : { title: `Remove ${written}`, edits: [removeWordsEdit(target, build.command, words)], isPreferred: true },
        });
      }
    }
  },
};
