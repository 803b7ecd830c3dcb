import * as path from 'node:path';
import type { ServiceRule } from '../../types';
import { isExcludedFromContext, parseDockerignore } from '../../service/dockerignore';
import type { ServiceModel } from '../../service/model';
import { appendLines, firstLineRange, serviceRelative } from '../../service/rule-support';

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
      'Safe when the Dockerfile neither names what the new patterns exclude (`.env` files, `*.pem`, `*.key`, `bin/`) nor runs git or make (which may read `.git`); unsafe otherwise, since the build may need the excluded files.',
    rationale:
      "Without a `.dockerignore`, `COPY . .` sends and bakes in everything: the `.git` history (large, and it may hold removed secrets) and local `.env` files with real credentials, which then ship in the builder's layers and caches. It also busts the layer cache on every commit. The rule reads the `.dockerignore` of the build context (or BuildKit's `<Dockerfile>.dockerignore` beside the Dockerfile) with Docker's matching rules, `!` exceptions included. The quick fix creates the file, or appends the missing patterns.",
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
          fix: { title: 'Create .dockerignore', safety: excludesWhatTheBuildUses(dockerfile.text, DEFAULT_DOCKERIGNORE) ? 'unsafe' : 'safe', edits: [], createFiles: [{ path: contextIgnore, content: DEFAULT_DOCKERIGNORE }] },
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
          safety: excludesWhatTheBuildUses(dockerfile.text, additions.join('\n')) ? 'unsafe' : 'safe',
          edits: [],
          otherFiles: [{ file: ignoreFile, edits: [appendLines(text, additions)] }],
        },
      });
    }
  },
};

/**
 * The Dockerfile names something the new patterns keep out of the context (a `.env` or key file, `bin/`),
 * or runs git or make (which may read `.git`): excluding it could break the build.
 */
function excludesWhatTheBuildUses(dockerfileText: string, patterns: string): boolean {
  const uses = [
    patterns.includes('.git') && /(^|[^\w.-])(git|make)([^\w-]|$)|\.git\b/m,
    patterns.includes('.env') && /\.env/,
    patterns.includes('*.pem') && /\.pem\b/,
    patterns.includes('*.key') && /\.key\b/,
    patterns.includes('bin/') && /(^|[\s"'=.\/])bin\//m,
  ];
  return uses.some((re) => re instanceof RegExp && re.test(dockerfileText));
}
