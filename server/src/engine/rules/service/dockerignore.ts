import * as path from 'node:path';
import type { ServiceRule } from '../../types';
import { isExcludedFromContext, parseDockerignore } from '../../service/dockerignore';
import type { ServiceDockerfile, ServiceModel } from '../../service/model';
import type { DockerfileModel } from '../../dockerfile/model';
import { appendLines, firstLineRange, serviceRelative } from '../../service/rule-support';
import { copyStepOf } from '../../dockerfile/copies';
import { ledgerService } from './shared/example-service';

export const DEFAULT_DOCKERIGNORE = [
  '# Not needed to build the image, or secret: keep it out of the build context.',
  '.git',
  '.env*',
  '*.pem',
  '*.key',
  'bin/',
  '',
].join('\n');

export const dockerignore: ServiceRule<ServiceModel> = {
  id: 'dockerignore',
  target: 'service',
  meta: {
    description: 'The build context has a `.dockerignore` that excludes `.git` and `.env*`.',
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Safe when the Dockerfile neither names what the new patterns exclude (`.env` files, `*.pem`, `*.key`, `bin/`), nor runs git or make (which may read `.git`), nor copies the whole context or a folder while `.env*`, key or `bin/` patterns are added (the program may load a `.env` or serve TLS with a key from the copied tree); unsafe otherwise, since the build or the image may need the excluded files.',
    why:
      "Without a `.dockerignore`, `COPY . .` sends and bakes in everything: the `.git` history (large, and it may hold removed secrets) and local `.env` files with real credentials, which then ship in the builder's layers and caches; it also busts the layer cache on every commit.",
    remediation:
      'Add a `.dockerignore` beside the Dockerfile that leaves out at least `.git` and `.env*` (keep `!.env.example` if the build needs it).',
    notes:
      "The rule reads the `.dockerignore` of the build context (or BuildKit's `<Dockerfile>.dockerignore` beside the Dockerfile) with Docker's matching rules, `!` exceptions included. " +
      'The quick fix creates the file, or appends the missing patterns.',
    examples: {
      bad: ledgerService({
        '.dockerignore': null,
      }),
      good: ledgerService(),
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const dockerfile of model.dockerfiles) {
      const beside = `${dockerfile.path}.dockerignore`;
      const contextIgnore = path.join(dockerfile.context, '.dockerignore');
      const ignoreFile = model.exists(beside) ? beside : contextIgnore;
      const text = model.readFile(ignoreFile);
      const range = firstLineRange(dockerfile.text);
      if (text === undefined) {
        ctx.report({
          file: dockerfile.path,
          range,
          message: `The build context ${path.basename(dockerfile.context)}/ has no .dockerignore: the whole context, .git and any .env file with secrets included, is sent to the builder, and a \`COPY . .\` bakes it into a layer. Add a .dockerignore that excludes at least .git and .env*.`,
          fix: { title: 'Create .dockerignore', safety: excludesWhatTheBuildUses(dockerfile, DEFAULT_DOCKERIGNORE) ? 'unsafe' : 'safe', edits: [], createFiles: [{ path: contextIgnore, content: DEFAULT_DOCKERIGNORE }] },
        });
        continue;
      }
      const patterns = parseDockerignore(text);
      const additions: string[] = [];
      if (!isExcludedFromContext(patterns, '.git')) additions.push('.git');
      if (!isExcludedFromContext(patterns, '.env') || !isExcludedFromContext(patterns, '.env.local')) additions.push('.env*');
      if (additions.length === 0) continue;
      ctx.report({
        file: dockerfile.path,
        range,
        message: `${serviceRelative(model, ignoreFile)} does not exclude ${additions.join(' and ')}: they end up in the build context (history and local secrets). Add ${additions.map((a) => `'${a}'`).join(' and ')} to it.`,
        fix: {
          title: `Add ${additions.join(' and ')} to ${path.basename(ignoreFile)}`,
          safety: excludesWhatTheBuildUses(dockerfile, additions.join('\n')) ? 'unsafe' : 'safe',
          edits: [],
          otherFiles: [{ file: ignoreFile, edits: [appendLines(text, additions)] }],
        },
      });
    }
  },
};

/**
 * The Dockerfile names something the new patterns keep out of the context (a `.env` or key file, `bin/`),
 * runs git or make (which may read `.git`), or copies the whole context or a folder, which may hold a
 * `.env` the program loads or a key it serves TLS with: excluding it could break a working image.
 */
function excludesWhatTheBuildUses(dockerfile: ServiceDockerfile, patterns: string): boolean {
  const files = patterns.split('\n').some((p) => p === '.env*' || p === '*.pem' || p === '*.key' || p === 'bin/');
  const uses = [
    patterns.includes('.git') && /(^|[^\w.-])(git|make)([^\w-]|$)|\.git\b/m,
    patterns.includes('.env') && /\.env/,
    patterns.includes('*.pem') && /\.pem\b/,
    patterns.includes('*.key') && /\.key\b/,
    patterns.includes('bin/') && /(^|[\s"'=.\/])bin\//m,
  ];
  return uses.some((re) => re instanceof RegExp && re.test(dockerfile.text)) || (files && copiesFolders(dockerfile.model));
}

/** A COPY/ADD from the build context (no --from) of `.`, a glob or a folder: what it brings in is not visible here. */
function copiesFolders(model: DockerfileModel): boolean {
  return model.stages.some((stage) =>
    stage.instructions.some((instruction) => {
      const step = copyStepOf(model, instruction);
      if (!step || step.from) return false;
      return step.sources.some((source) => /^\.\/?$|[*?[]|\/$/.test(source.value) || !/\.[\w-]+$|^[\w.-]*file$/i.test(source.value.split('/').pop() ?? ''));
    }),
  );
}
