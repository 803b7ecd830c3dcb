import type { Rule } from '../../types';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { isGolangImage, isScratch } from '../../dockerfile/image';
import { imageTagEdit } from '../../dockerfile/edits';
import { pinAdvice } from '../../recipes/references';

export const noLatestTag: Rule<DockerfileModel> = {
  id: 'no-latest-tag',
  target: 'dockerfile',
  meta: {
    description: 'Every FROM image is pinned to a tag or digest other than `latest`.',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: true,
    fixSafety:
      'Unsafe: the pinned tag replaces the image the author named; `latest` may be newer than the pin (a `golang` pin can be an older Go than the code needs, a distroless `nonroot` pin changes the user).',
    why:
      '`latest` (or no tag, which means `latest`) changes under you: the same commit builds a different image tomorrow, and a rollback does not roll back the base.',
    remediation:
      "Pin a version tag, or a digest for full reproducibility; Chainguard's free images (`cgr.dev/chainguard/*`) are published only as `latest`, so for them the finding asks for a digest.",
    notes:
      'The fix pins `golang` to `<minimum Go version>-bookworm` and distroless to `nonroot`, where the tag is written: in the FROM, or in the default of the global ARG that holds the image or its tag (`ARG GO_TAG=latest` + `FROM golang:$GO_TAG`). ' +
      'One finding per problem: on the FROM of a runtime stage that `runtime-distroless-nonroot` reports, that finding (whose rewrite pins the image) stands for this one.',
    examples: {
      bad:
        'FROM golang:latest AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
      good:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
    },
    equivalents: { hadolint: ['DL3007', 'DL3006'], trivy: ['DS001'], checkov: ['CKV_DOCKER_7'] },
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const image = stage.image;
      if (stage.parent || image.unresolved || image.digest || isScratch(image) || !image.raw) continue;
      if (image.tag && image.tag !== 'latest') continue;
      const tag = pinnedTag(stage, ctx.config.minGoVersion);
      const pin = tag ? imageTagEdit(ctx.model, stage, tag) : undefined;
      ctx.report({
        range: stage.imageRange,
        message: image.tag
          ? `'${image.raw}' uses the 'latest' tag, so the build changes whenever the image is republished. ${pinAdvice(image, 'Pin a version tag or a digest.')}`
          : `'${image.raw}' has no tag, which means 'latest': the build changes whenever the image is republished. ${pinAdvice(image, 'Pin a version tag or a digest.')}`,
        fix: pin ? { title: pin.title, edits: [pin.edit], safety: 'unsafe' } : undefined,
      });
    }
  },
};

/** A known good tag for the images the standard names; other images get no automatic pin. */
function pinnedTag(stage: Stage, minGoVersion: string): string | undefined {
  const image = stage.image;
  if (isGolangImage(image)) return `${minGoVersion}-bookworm`;
  if (image.registry === 'gcr.io' && image.repository.startsWith('distroless/')) return 'nonroot';
  return undefined;
}
