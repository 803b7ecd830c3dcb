import type { Rule } from '../../types';
import { parseImageRef } from '../../dockerfile/image';
import { isKoReference, pinAdvice } from '../../recipes/references';
import { interpolate, scalarText, ReportsByRange, type ComposeModel } from '../../yaml/compose';

export const composeImageTag: Rule<ComposeModel> = {
  id: 'compose-image-tag',
  target: 'compose',
  meta: {
    description: 'Every pulled `image:` is pinned to a tag or digest other than `latest` (services with `build:` excepted).',
    defaultSeverity: 'error',
    fixable: false,
    rationale:
      '`latest`, or no tag at all (which means `latest`), pulls whatever was pushed last: two machines running the same compose file run different software, and a rollback does not roll back. Pin a version tag, or a digest (`image@sha256:…`) for full reproducibility. Variables are judged by their default (`${TAG:-latest}` is `latest` when `TAG` is unset); a variable without a default is left alone. A `ko://` image is built from source by ko (`ko resolve` pins it by digest), so it is not judged. A service with `build:` is excepted: its `image:` only names the image Compose builds locally. No automatic fix: only the owner knows which version is tested.',
  },
  check(ctx) {
    const shared = new ReportsByRange();
    for (const service of ctx.model.services) {
      const image = service.field('image');
      if (!image || service.field('build')) continue;
      const written = scalarText(image.value);
      const resolved = written === undefined ? undefined : interpolate(written);
      if (written === undefined || resolved === undefined || resolved.trim() === '') continue;
      if (isKoReference(resolved)) continue;
      const ref = parseImageRef(resolved.trim());
      if (ref.digest || (ref.tag && ref.tag !== 'latest')) continue;
      const viaDefault = resolved !== written ? ` (its variables' defaults give '${resolved}')` : '';
      shared.add(image.valueRange, service.name, (services) => ({
        range: image.valueRange,
        message: ref.tag
          ? `Image '${written}' of ${services} uses the 'latest' tag${viaDefault}, so every pull may run different software. ${pinAdvice(ref, 'Pin a version tag or a digest.')}`
          : `Image '${written}' of ${services} has no tag${viaDefault}, which means 'latest': every pull may run different software. ${pinAdvice(ref, 'Pin a version tag or a digest.')}`,
      }));
    }
    shared.flush(ctx.report);
  },
};
