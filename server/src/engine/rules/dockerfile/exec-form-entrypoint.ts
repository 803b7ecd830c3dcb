import type { Rule } from '../../types';
import { baseImageOf, stageIsMinimal, type DockerfileModel } from '../../dockerfile/model';
import { commandLineOf, execFormText } from '../../dockerfile/instructions';
import { isWindowsImage } from '../../dockerfile/image';

export const execFormEntrypoint: Rule<DockerfileModel> = {
  id: 'exec-form-entrypoint',
  target: 'dockerfile',
  meta: {
    description: 'ENTRYPOINT and CMD of the runtime stage use the JSON exec form.',
    defaultSeverity: 'warning',
    scope: 'all',
    fixable: true,
    rationale:
      'In shell form (`CMD ./server --port 8080`) Docker starts `/bin/sh -c "…"`: the shell is PID 1 and does not pass SIGTERM on, so the service never drains and is killed after the grace period. ' +
      'In distroless or scratch there is no /bin/sh at all and the container cannot start (error there). ' +
      'Write `ENTRYPOINT ["/server", "--port", "8080"]`; note that exec form uses double quotes (`[\'a\']` with single quotes is silently run as shell form). ' +
      'The quick fix converts a plain command; one that uses variables, operators, globs or redirections needs a decision and is left to you.',
    equivalents: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  },
  check(ctx) {
    for (const stage of ctx.model.runtimeStages) {
      const minimal = stageIsMinimal(stage);
      const base = baseImageOf(stage);
      const hasCmd = stage.instructions.some((i) => i.getKeyword() === 'CMD');
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword !== 'ENTRYPOINT' && keyword !== 'CMD') continue;
        const command = commandLineOf(ctx.model, instruction);
        if (!command || command.form === 'exec') continue;
        const words = command.words.map((w) => w.value);
        // A shell-form ENTRYPOINT ignores CMD; in exec form CMD becomes its arguments, which changes what runs.
        const changesMeaning = keyword === 'ENTRYPOINT' && hasCmd;
        const convertible = command.simple && !changesMeaning;
        const consequence = minimal
          ? `'${base.raw}' has no /bin/sh, so the container cannot start`
          : 'the shell becomes PID 1 and does not pass SIGTERM on, so the service cannot shut down gracefully';
        const shell = isWindowsImage(base) ? 'cmd /S /C' : '/bin/sh -c';
        const what = command.brokenJson
          ? `${keyword} is not valid JSON (exec form needs double quotes), so Docker runs it through ${shell}`
          : `${keyword} in shell form runs through ${shell}`;
        const advice = convertible
          ? `Use exec form: ${keyword} ${execFormText(words)}.`
          : changesMeaning && command.simple
            ? `Use exec form, and check the CMD: in exec form it becomes the ENTRYPOINT's arguments.`
            : 'Rewrite it in JSON exec form (a program with arguments, no shell syntax).';
        ctx.report({
          range: command.range,
          message: `${what}: ${consequence}. ${advice}`,
          severity: minimal ? 'error' : 'warning',
          fix: convertible ? { title: `Use exec form ${execFormText(words)}`, edits: [{ range: command.range, newText: execFormText(words) }], isPreferred: true } : undefined,
        });
      }
    }
  },
};
