import * as path from 'node:path';
import type { FixSafety, ServiceRule } from '../../types';
import { parseMakefileTargets } from '../../service/makefile';
import { mainPackages, type ServiceModel } from '../../service/model';
import { appendLines, serviceRelative } from '../../service/rule-support';
import { ledgerService } from './shared/example-service';

export const REQUIRED_TARGETS = ['build', 'test', 'lint', 'docker-build', 'docker-push'] as const;
const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

export const makefileTargets: ServiceRule<ServiceModel> = {
  id: 'makefile-targets',
  target: 'service',
  meta: {
    description: 'The service has a Makefile with the targets `build`, `test`, `lint`, `docker-build` and `docker-push`.',
    defaultSeverity: 'info',
    fixable: true,
    fixSafety:
      'Safe when it creates the Makefile, or appends targets to a Makefile that includes no other makefile; unsafe when the Makefile has an `include`: a target defined in the included file would be overridden by the appended one.',
    why:
      'The same entry points in every service let CI pipelines and people build, test, lint and publish any service without reading its README; `docker-build` / `docker-push` also fix the image tag scheme `{service}:{git-sha-short}-{semver}` in one place.',
    remediation:
      'Give the service a Makefile with the targets `build`, `test`, `lint`, `docker-build` and `docker-push`.',
    notes: 'The quick fix creates a Makefile with the five targets, or appends the missing ones.',
    examples: {
      bad: ledgerService(),
      good: ledgerService({
        Makefile:
          'TAG ?= $(shell git rev-parse --short HEAD)-v$(shell cat VERSION)\n' +
          'IMAGE ?= ghcr.io/acme/ledger:$(TAG)\n' +
          '.PHONY: build test lint docker-build docker-push\n' +
          'build:\n' +
          '	go build ./...\n' +
          'test:\n' +
          '	go test ./...\n' +
          'lint:\n' +
          '	go vet ./...\n' +
          'docker-build:\n' +
          '	docker build -t $(IMAGE) .\n' +
          'docker-push:\n' +
          '	docker push $(IMAGE)\n',
      }),
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model.isDeployable) return;
    const existing = MAKEFILE_NAMES.map((n) => path.join(model.root, n)).find((f) => model.exists(f));
    const text = existing ? model.readFile(existing) : undefined;
    if (!existing || text === undefined) {
      const file = path.join(model.root, 'Makefile');
      ctx.report({
        file: model.goMod.path,
        range: model.goMod.anchor,
        message: `This service has no Makefile: add one with the targets ${REQUIRED_TARGETS.join(', ')} so CI and people build, test and publish every service the same way.`,
        fix: { title: 'Create a Makefile with the standard targets', safety: 'safe', edits: [], createFiles: [{ path: file, content: makefileTemplate(model, [...REQUIRED_TARGETS], '').join('\n') + '\n' }] },
      });
      return;
    }
    const targets = parseMakefileTargets(text);
    const missing = REQUIRED_TARGETS.filter((t) => !targets.has(t));
    if (missing.length === 0) return;
    ctx.report({
      file: model.goMod.path,
      range: model.goMod.anchor,
      message: `${serviceRelative(model, existing)} lacks the target${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; every service should offer ${REQUIRED_TARGETS.join(', ')}.`,
      fix: { title: `Add ${missing.join(', ')} to the Makefile`, safety: appendSafety(text), edits: [], otherFiles: [{ file: existing, edits: [appendLines(text, ['', ...makefileTemplate(model, missing, text)])] }] },
    });
  },
};

/** Appended targets could override ones an included makefile defines, which this rule does not read. */
function appendSafety(text: string): FixSafety {
  return /^[ \t]*-?s?include[ \t]/m.test(text) ? 'unsafe' : 'safe';
}

function makefileTemplate(model: ServiceModel, targets: string[], existingText: string): string[] {
  const mains = mainPackages(model).packages;
  const pkg = mains.length === 1 ? `./${path.relative(model.root, mains[0].dir).split(path.sep).join('/')}`.replace(/\/$/, '') : undefined;
  const repo = model.containers.map((c) => c.image).find((i): i is string => !!i && !i.includes('$'));
  const imageRepo = repo ? repo.split('@')[0].replace(/:[^/]*$/, '') : model.name.toLowerCase();
  const recipes: Record<string, string> = {
    build: pkg ? `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/$(SERVICE) ${pkg}` : 'CGO_ENABLED=0 go build -trimpath ./...',
    test: 'go test -race ./...',
    lint: 'go vet ./...',
    'docker-build': 'docker build -t $(IMAGE) .',
    'docker-push': 'docker push $(IMAGE)',
  };
  const variables: [string, string][] = [
    ['SERVICE', `SERVICE ?= ${model.name}`],
    ['VERSION', 'VERSION ?= 0.1.0'],
    ['GIT_SHA', 'GIT_SHA := $(shell git rev-parse --short HEAD)'],
    ['IMAGE', `IMAGE ?= ${imageRepo}:$(GIT_SHA)-v$(VERSION)`],
  ];
  const isDefined = (name: string) => new RegExp(`^\\s*(?:export\\s+|override\\s+)?${name}\\s*(?:\\?|:|::|\\+|!)?=`, 'm').test(existingText);
  const used = new Set<string>();
  const use = (text: string) => {
    for (const [name, definition] of variables) {
      if (!used.has(name) && text.includes(`$(${name})`) && !isDefined(name)) {
        used.add(name);
        use(definition);
      }
    }
  };
  for (const t of targets) use(recipes[t]);
  const lines = variables.filter(([name]) => used.has(name)).map(([, definition]) => definition);
  if (lines.length) lines.push('');
  lines.push(`.PHONY: ${targets.join(' ')}`);
  for (const t of targets) lines.push(`${t}:`, `\t${recipes[t]}`);
  return lines;
}
