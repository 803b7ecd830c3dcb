import type { Rule } from '../../types';
import { parseImageRef } from '../../dockerfile/image';
import { isOwnImage } from '../../config';
import { isKoReference, pinAdvice } from '../../recipes/references';
import { containerField, forEachContainer, isTemplated, valueRange, type K8sModel } from '../../yaml/k8s';
import { containerLabel } from './shared/messages';
import { kustomizeImageFor } from '../../kustomize-files';

export const k8sImageTag: Rule<K8sModel> = {
  id: 'k8s-image-tag',
  target: 'k8s',
  meta: {
    description: 'Every container image is pinned: not `latest` or untagged (error); the service\'s own images are tagged `<git-sha>-v<semver>` or by digest (warning).',
    defaultSeverity: 'error',
    fixable: false,
    why:
      '`latest` (or no tag, which means `latest`) makes a rollout pull whatever was pushed last: two pods of one Deployment can run different code and a rollback changes nothing.',
    remediation:
      "Tag the service's own images `{git-sha-short}-v{semver}` (for example `3f9c2ab-v1.4.2`), or pin them by digest (`@sha256:…`); pin third-party images to a version.",
    notes:
      "The standard tags images `{git-sha-short}-v{semver}` (for example `3f9c2ab-v1.4.2`) so every tag names one commit and one release; a digest (`@sha256:…`) is accepted too, and is what Chainguard's free images (published only as `latest`) must be pinned by. " +
      'A `ko://` reference is built from source by ko (`ko resolve` replaces it with a digest), so it is not judged here; its base image and build flags are judged in `.ko.yaml`. ' +
      'When a kustomization in the same folder lists the manifest, its `images:` entry for the image (`newTag`, `digest`) is what gets deployed, so that is what is judged. ' +
      'The tag pattern is configurable (`imageTagPattern`). ' +
      "The tag scheme applies to the service's own images only: a pinned third-party image (`redis:8.10.1-alpine`, `ghcr.io/dexidp/dex:v2.45.1`) is tagged by its publisher, and only `latest` or no tag is reported for it. " +
      "Which images are the service's own is the `ownImages` list of globs (`ghcr.io/acme/*`); without it, the images the repository's Makefiles (`docker build -t`, `docker push`, `--tag`, with Makefile variables expanded) and GitHub workflows (`tags:`/`images:` of the Docker actions, `env:` values expanded) build and push, searched from the manifest's folder up to the repository root. " +
      "With neither, no image is known to be the service's own and the tag scheme is not checked.",
    examples: {
      bad:
        'apiVersion: apps/v1\n' +
        'kind: Deployment\n' +
        'metadata:\n' +
        '  name: ledger\n' +
        'spec:\n' +
        '  selector:\n' +
        '    matchLabels: {app: ledger}\n' +
        '  template:\n' +
        '    metadata:\n' +
        '      labels: {app: ledger}\n' +
        '    spec:\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:latest\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n',
      good:
        'apiVersion: apps/v1\n' +
        'kind: Deployment\n' +
        'metadata:\n' +
        '  name: ledger\n' +
        'spec:\n' +
        '  selector:\n' +
        '    matchLabels: {app: ledger}\n' +
        '  template:\n' +
        '    metadata:\n' +
        '      labels: {app: ledger}\n' +
        '    spec:\n' +
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n',
    },
    equivalents: {
      kubeLinter: ['latest-tag'],
      checkov: ['CKV_K8S_14'],
      polaris: ['tagNotSpecified'],
      trivy: ['KSV013'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(ctx.config.imageTagPattern);
    } catch {
      pattern = undefined;
    }
    forEachContainer(model, (c) => {
      const image = containerField(c, 'image');
      if (!image || typeof image.value !== 'string' || image.value.trim() === '' || isTemplated(image.value)) return;
      const raw = image.value.trim();
      if (isKoReference(raw)) return;
      const ref = parseImageRef(raw);
      // A kustomization beside the file that lists it rewrites the tag or digest when it builds.
      const override = kustomizeImageFor(model.kustomizeImages, raw);
      const tag = override?.newTag ?? ref.tag;
      if (ref.digest || override?.digest) return;
      const range = valueRange(model, image);
      const via = override?.newTag !== undefined ? ` (${override.file} sets its tag to '${override.newTag}')` : '';
      if (!tag || tag === 'latest') {
        ctx.report({
          range,
          severity: 'error',
          message: `${containerLabel(c)} uses '${raw}'${via}, ${tag ? "tagged 'latest'" : "which has no tag and so means 'latest'"}: each rollout may pull different code and a rollback may not bring the previous code back. ${pinAdvice(ref, 'Pin a release tag such as <git-sha>-v<semver>, or a digest.')}`,
        });
        return;
      }
      // The release scheme is the service's own: a third-party image is tagged by its publisher.
      const own = isOwnImage(ref, ctx.config.ownImages) || (override?.newName !== undefined && isOwnImage(parseImageRef(override.newName), ctx.config.ownImages));
      if (own && pattern && !pattern.test(tag)) {
        ctx.report({
          range,
          severity: 'warning',
          message: `${containerLabel(c)} uses tag '${tag}'${override?.newTag !== undefined ? ` (set by ${override.file})` : ''}, which does not follow the release tag scheme <git-sha>-v<semver> (e.g. 3f9c2ab-v1.4.2), so it does not name one commit and one release. Tag images that way, or pin a digest.`,
        });
      }
    });
  },
};
