import type { Rule } from '../../types';
import { parseImageRef } from '../../dockerfile/image';
import { isKoReference, pinAdvice } from '../../recipes/references';
import type { ComposeModel } from '../../yaml/compose';
import { interpolate } from '../../yaml/compose-interpolation';
import { scalarSource } from '../../yaml/document';
import { ReportsByRange } from './shared/reports';

export const composeImageTag: Rule<ComposeModel> = {
  id: 'compose-image-tag',
  target: 'compose',
  meta: {
    description: 'Every `image:` is pinned to a tag or digest other than `latest`, including the image a `build:` service is tagged with.',
    defaultSeverity: 'error',
    fixable: false,
    why:
      '`latest`, or no tag at all (which means `latest`), pulls whatever was pushed last: two machines running the same compose file run different software, and a rollback does not roll back.',
    remediation: 'Pin a version tag, or a digest (`image@sha256:…`) for full reproducibility.',
    notes:
      'Variables are judged by their default (`${TAG:-latest}` is `latest` when `TAG` is unset); a variable without a default is left alone. ' +
      'A `ko://` image is built from source by ko (`ko resolve` pins it by digest), so it is not judged. ' +
      'A service with `build:` and an `image:` is not excepted: Compose tags its build with that name, `docker compose push` publishes it and `docker compose pull` fetches it, so it needs a version too (only a service with `build:` and no `image:` has nothing to judge). ' +
      'No automatic fix: only the owner knows which version is tested.',
    examples: {
      bad:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:latest\n' +
        '    ports:\n' +
        '      - "8080:8080"\n',
      good:
        'services:\n' +
        '  ledger:\n' +
        '    image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '    ports:\n' +
        '      - "8080:8080"\n',
    },
  },
  check(ctx) {
    const shared = new ReportsByRange();
    for (const service of ctx.model.services) {
      const image = service.field('image');
      if (!image) continue;
      const written = scalarSource(image.value);
      const resolved = written === undefined ? undefined : interpolate(written);
      if (written === undefined || resolved === undefined || resolved.trim() === '') continue;
      if (isKoReference(resolved)) continue;
      const ref = parseImageRef(resolved.trim());
      if (ref.digest || (ref.tag && ref.tag !== 'latest')) continue;
      const viaDefault = resolved !== written ? ` (its variables' defaults give '${resolved}')` : '';
      const tagged = ref.tag ? `uses the 'latest' tag${viaDefault}` : `has no tag${viaDefault}, which means 'latest'`;
      // With build: the image is the tag Compose gives its build; push publishes it and pull fetches it.
      const built = !!service.field('build');
      shared.add(
        image.valueRange,
        service.name,
        (services) => ({
          range: image.valueRange,
          message: built
            ? `Image '${written}' of ${services} ${tagged}: Compose tags its build with it, \`docker compose push\` publishes it and a pull fetches it, so each push replaces the last and no version is named. Tag it with a version.`
            : ref.tag
              ? `Image '${written}' of ${services} uses the 'latest' tag${viaDefault}, so every pull may run different software. ${pinAdvice(ref, 'Pin a version tag or a digest.')}`
              : `Image '${written}' of ${services} has no tag${viaDefault}, which means 'latest': every pull may run different software. ${pinAdvice(ref, 'Pin a version tag or a digest.')}`,
        }),
        built ? 'built' : 'pulled',
      );
    }
    shared.flush(ctx.report);
  },
};
