import type { Rule, TextEdit } from '../../types';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { isGolangImage, isScratch } from '../../dockerfile/image';

export const noLatestTag: Rule<DockerfileModel> = {
  id: 'no-latest-tag',
  target: 'dockerfile',
  meta: {
    description: 'Every FROM image is pinned to a tag or digest other than `latest`.',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: true,
    rationale:
      '`latest` (or no tag, which means `latest`) changes under you: the same commit builds a different image tomorrow, and a rollback does not roll back the base. Pin a version tag, or a digest for full reproducibility.',
    equivalents: { hadolint: ['DL3007', 'DL3006'], trivy: ['DS001'], checkov: ['CKV_DOCKER_7'] },
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const image = stage.image;
      if (stage.parent || image.unresolved || image.digest || isScratch(image) || !image.raw) continue;
      if (image.tag && image.tag !== 'latest') continue;
      const replacement = pinnedImage(stage, ctx.config.minGoVersion);
      const edits: TextEdit[] | undefined = replacement ? [{ range: stage.imageRange, newText: replacement }] : undefined;
      ctx.report({
        range: stage.imageRange,
        message: image.tag
          ? `'${image.raw}' uses the 'latest' tag, so the build changes whenever the image is republished. Pin a version tag or a digest.`
          : `'${image.raw}' has no tag, which means 'latest': the build changes whenever the image is republished. Pin a version tag or a digest.`,
        fix: edits ? { title: `Pin to '${replacement}'`, edits } : undefined,
      });
    }
  },
};

/** A known good tag for the images the standard names; other images get no automatic pin. */
function pinnedImage(stage: Stage, minGoVersion: string): string | undefined {
  const image = stage.image;
  const bare = image.raw.replace(/:latest$/, '');
  if (isGolangImage(image)) return `${bare}:${minGoVersion}-bookworm`;
  if (image.registry === 'gcr.io' && image.repository.startsWith('distroless/')) return `${bare}:nonroot`;
  return undefined;
}
