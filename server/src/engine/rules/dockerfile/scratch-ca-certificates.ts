import type { Fix, Rule } from '../../types';
import { baseImageOf, stageIsScratch, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { isGolangImage } from '../../dockerfile/image';
import { resolvedValue } from '../../dockerfile/variables';
import { inheritsRuntimeStage } from '../../dockerfile/runtime';
import { attachedCommentStart, insertBeforeLine, instructionLines, keywordLike } from '../../dockerfile/edits';
import { copiedInto, copyStepOf } from '../../dockerfile/copies';
import { stageChain } from '../../dockerfile/stages';

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export const scratchCaCertificates: Rule<DockerfileModel> = {
  id: 'scratch-ca-certificates',
  target: 'dockerfile',
  meta: {
    description: 'A scratch runtime stage copies in the CA bundle /etc/ssl/certs/ca-certificates.crt.',
    defaultSeverity: 'warning',
    scope: 'go',
    fixable: true,
    fixSafety:
      'Safe: it only adds the CA bundle file, copied from a stage that has it (a golang image or one that installs ca-certificates); nothing the image had is changed.',
    why:
      'scratch is empty: without a CA bundle every outgoing TLS connection of the Go binary fails with "x509: certificate signed by unknown authority".',
    remediation:
      'Copy `/etc/ssl/certs/ca-certificates.crt` from the build stage (the golang images have it), or use distroless static, which includes it.',
    notes:
      'A bundle copied elsewhere and named by `SSL_CERT_FILE` counts too. ' +
      'The quick fix inserts the COPY from the stage the binary comes from, when that stage is a golang image or installs ca-certificates.',
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM scratch\n' +
        'COPY --from=build /out/server /server\n' +
        'USER 65532:65532\n' +
        'ENTRYPOINT ["/server"]\n',
      good:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'RUN go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM scratch\n' +
        'COPY --from=build /out/server /server\n' +
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n' +
        'USER 65532:65532\n' +
        'ENTRYPOINT ["/server"]\n',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.runtimeStages) {
      if (!stageIsScratch(stage) || inheritsRuntimeStage(stage)) continue;
      if (copiedInto(model, stage, CA_BUNDLE)) continue;
      const certFile = stage.env.get('SSL_CERT_FILE');
      const certPath = certFile ? resolvedValue(certFile.value, stage.env) : undefined;
      if (certFile && (certPath === undefined || copiedInto(model, stage, certPath))) continue;
      const fix = insertCopyFix(model, stage);
      ctx.report({
        range: stage.imageRange,
        message: `'${baseImageOf(stage).raw}' has no CA certificates, so outgoing TLS connections fail ("x509: certificate signed by unknown authority") unless the binary embeds its own roots. COPY ${CA_BUNDLE} from the build stage.`,
        fix,
      });
    }
  },
};

/** `COPY --from=<build> /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/` before the stage's first COPY. */
function insertCopyFix(model: DockerfileModel, stage: Stage): Fix | undefined {
  const steps = stage.instructions.map((i) => copyStepOf(model, i)).filter((s) => s !== undefined);
  const source = steps.find((s) => s.from?.stage && hasCaBundle(s.from.stage));
  if (!source?.from) return undefined;
  const line = `${keywordLike(stage, 'COPY')} --from=${source.from.value} ${CA_BUNDLE} /etc/ssl/certs/`;
  const index = model.index;
  const firstCopy = steps[0].instruction;
  const edit = insertBeforeLine(index, attachedCommentStart(index, instructionLines(firstCopy).from, stage.fromRange.end.line + 1), [line]);
  return { title: `Copy the CA bundle from '${source.from.value}'`, edits: [edit], safety: 'safe' };
}

/** golang images (Debian and Alpine) ship the bundle; other stages have it when they install ca-certificates. */
function hasCaBundle(stage: Stage): boolean {
  if (isGolangImage(baseImageOf(stage))) return true;
  for (const s of stageChain(stage).reverse()) {
    if (s.runs.some((r) => r.commands.some((c) => c.words.some((w) => w.value === 'ca-certificates')))) return true;
  }
  return false;
}
