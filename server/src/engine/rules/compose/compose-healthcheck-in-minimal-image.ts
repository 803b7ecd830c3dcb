import * as path from 'node:path';
import type { Range, Rule } from '../../types';
import { LineIndex } from '../../text';
import { baseImageOf, stageIsMinimal, type Stage } from '../../dockerfile/model';
import { chainInstructions } from '../../dockerfile/stages';
import { isMinimalImage, MINIMAL_IMAGE_MISSING_TOOLS, parseImageRef } from '../../dockerfile/image';
import { parseShellCommands, shellSourceFromDocument } from '../../dockerfile/shell';
import { buildOf, healthTestOf, type ComposeModel, type ComposeService } from '../../yaml/compose';
import { interpolate } from '../../yaml/compose-interpolation';
import { scalarSource } from '../../yaml/document';
import { ReportsByRange } from './shared/reports';

export const composeHealthcheckInMinimalImage: Rule<ComposeModel> = {
  id: 'compose-healthcheck-in-minimal-image',
  target: 'compose',
  meta: {
    description: 'No `healthcheck.test` runs curl, wget or a shell in a service whose image is distroless or scratch.',
    defaultSeverity: 'error',
    fixable: false,
    why:
      'Distroless and scratch images have no shell, curl or wget, so `test: ["CMD", "curl", …]`, `["CMD-SHELL", …]` or a plain string (which runs through `/bin/sh -c`) always fails: the container is marked unhealthy and `depends_on: condition: service_healthy` never starts its dependants.',
    remediation:
      "Build a tiny health probe into the image (a Go binary calling `/health`) and use `test: [\"CMD\", \"/healthcheck\"]`, or leave health checking to the orchestrator's HTTP probes.",
    notes:
      "The rule reads the service's Dockerfile (`build.context` + `build.dockerfile`, relative to the compose file, at `build.target` or the last stage) or its `image:`.",
    examples: {
      bad:
        'services:\n' +
        '  ledger:\n' +
        '    image: gcr.io/distroless/static-debian12:nonroot\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    healthcheck:\n' +
        '      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]\n',
      good:
        'services:\n' +
        '  ledger:\n' +
        '    image: gcr.io/distroless/static-debian12:nonroot\n' +
        '    ports:\n' +
        '      - "8080:8080"\n' +
        '    healthcheck:\n' +
        '      test: ["CMD", "/healthcheck"]\n',
    },
    conflicts:
      'Checkov CKV_DOCKER_2, Trivy DS-0026 and hadolint DL3057 ask for a Dockerfile `HEALTHCHECK`; in a distroless image that check can only be an exec of a binary shipped in the image, never curl or wget.',
  },
  check(ctx) {
    const shared = new ReportsByRange();
    for (const service of ctx.model.services) {
      const test = healthTestOf(ctx.model.file, service);
      if (!test || test.form === 'none') continue;
      let tool: string | undefined;
      let range: Range = test.range;
      if (test.form === 'shell') tool = shellTool(test.command) ?? 'sh';
      else {
        const program = test.words[0];
        const name = program ? path.posix.basename(program.value) : '';
        if (!MINIMAL_IMAGE_MISSING_TOOLS.has(name)) continue;
        tool = name;
        range = program.range;
      }
      const image = minimalImageOf(ctx.model, service, tool);
      if (!image) continue;
      const how = test.form === 'shell' ? `runs through /bin/sh${tool !== 'sh' ? ` and calls ${tool}` : ''}` : `calls ${tool}`;
      const lacks = test.form === 'shell' && tool !== 'sh' ? `no shell and no ${tool}` : `no ${tool}`;
      shared.add(range, service.name, (services) => ({
        range,
        message: `The healthcheck of ${services} ${how}, but ${image} has ${lacks}: the check always fails and the container stays unhealthy. Ship a health probe binary and use \`["CMD", "/healthcheck"]\`, or rely on HTTP probes.`,
      }), image);
    }
    shared.flush(ctx.report);
  },
};

/** The first program of a CMD-SHELL command that a minimal image lacks. */
function shellTool(command: string): string | undefined {
  const commands = parseShellCommands(shellSourceFromDocument(command, 0, command.length, '\0'), new LineIndex(command));
  for (const c of commands) {
    const name = c.words[0] ? path.posix.basename(c.words[0].value) : undefined;
    if (name && MINIMAL_IMAGE_MISSING_TOOLS.has(name)) return name;
  }
  return undefined;
}

/** A description of the service's image when it is distroless/scratch and does not bring `tool` in itself; undefined otherwise. */
function minimalImageOf(model: ComposeModel, service: ComposeService, tool: string): string | undefined {
  const build = buildOf(model.file, service);
  if (!build) {
    if (service.field('build')) return undefined;
    const text = scalarSource(service.field('image')?.value);
    const image = text === undefined ? undefined : interpolate(text);
    if (!image) return undefined;
    return isMinimalImage(parseImageRef(image)) ? `its image '${image}'` : undefined;
  }
  const built = model.dockerfileOf(build);
  const dockerfile = built?.model;
  if (!built || !dockerfile || dockerfile.stages.length === 0) return undefined;
  const stage = build.target ? dockerfile.stages.find((s) => s.name === build.target!.toLowerCase()) : dockerfile.stages[dockerfile.stages.length - 1];
  if (!stage || !stageIsMinimal(stage) || baseImageOf(stage).unresolved || bringsTool(stage, tool)) return undefined;
  const stageName = stage.name ? ` stage '${stage.name}'` : '';
  return `the image built from ${built.shown}${stageName} (${baseImageOf(stage).raw})`;
}

/** A COPY/ADD that puts the tool (or busybox) into the stage or one it is built on: then it may exist. */
function bringsTool(stage: Stage, tool: string): boolean {
  const word = new RegExp(`(^|[/\\s])(${tool}|busybox)(\\s|$)`);
  return chainInstructions(stage).some(({ instruction }) => {
    const keyword = instruction.getKeyword();
    return (keyword === 'COPY' || keyword === 'ADD') && word.test(instruction.getArguments().map((a) => a.getValue()).join(' '));
  });
}
