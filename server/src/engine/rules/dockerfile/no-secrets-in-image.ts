import type { Rule } from '../../types';
import { declarationsOf, type DockerfileModel } from '../../dockerfile/model';
import { isSecretFile, isSecretName } from '../../secrets';
import { copyArguments } from '../../dockerfile/copies';

export const noSecretsInImage: Rule<DockerfileModel> = {
  id: 'no-secrets-in-image',
  target: 'dockerfile',
  meta: {
    description: 'No ENV or ARG with a secret-looking name, and no COPY/ADD of `.env`, `*.pem`, `*.key` or SSH private keys.',
    defaultSeverity: 'error',
    scope: 'all',
    fixable: false,
    why:
      'ENV values are stored in the image config and ARG values in the image history and build provenance, even without a default, and files copied into a layer stay there even if a later step deletes them: anyone who can pull the image can read them.',
    remediation:
      'Remove the secret from the Dockerfile. ' +
      'Give build-time secrets with `RUN --mount=type=secret,id=…` (`docker build --secret id=…`), and runtime secrets through the orchestrator (Kubernetes Secrets, compose `secrets:`).',
    notes:
      "A name counts as secret when one of its words is PASSWORD, PASSWD, PASS, PASSPHRASE, SECRET, TOKEN, CREDENTIAL(S), CREDS, or a pair such as API_KEY, PRIVATE_KEY, ACCESS_KEY, SIGNING_KEY, ENCRYPTION_KEY, MASTER_KEY (camelCase and glued forms like `APIKEY` or `DBPASSWORD` included), unless its last word says it only points at or describes a secret: `_FILE`, `_PATH`, `_DIR`, `_URL`, `_URI`, `_ENDPOINT`, `_HOST`, `_PORT`, `_NAME`, `_TYPE`, `_LENGTH`, `_TTL`, `_EXPIRY`, `_HEADER`, `_ENABLED`, or it names a secret held elsewhere: `_ID`, `_VERSION`, `_REF`, `_ARN` (so `GITHUB_TOKEN` is reported, `TOKEN_URL`, `DB_PASSWORD_FILE` and `SECRET_ID` are not); etcd's `INITIAL_CLUSTER_TOKEN` only tells clusters apart and is not reported either.",
    examples: {
      bad:
        'FROM golang:1.24-bookworm AS build\n' +
        'WORKDIR /src\n' +
        'COPY go.mod go.sum ./\n' +
        'ARG GITHUB_TOKEN\n' +
        'RUN git config --global url."https://$GITHUB_TOKEN@github.com/".insteadOf "https://github.com/" && go mod download\n' +
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
        'RUN --mount=type=secret,id=github_token \\\n' +
        '    git config --global url."https://$(cat /run/secrets/github_token)@github.com/".insteadOf "https://github.com/" && go mod download\n' +
        'COPY . .\n' +
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server\n' +
        '\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\n' +
        'COPY --from=build /out/server /server\n' +
        'USER nonroot:nonroot\n' +
        'ENTRYPOINT ["/server"]\n',
    },
    equivalents: { buildkit: ['SecretsUsedInArgOrEnv'], trivy: ['DS-0031'] },
  },
  check(ctx) {
    const model = ctx.model;
    for (const instruction of model.ast.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword === 'ENV' || keyword === 'ARG') {
        for (const d of declarationsOf(instruction)) {
          if (!isSecretName(d.name)) continue;
          ctx.report({
            range: d.nameRange,
            message:
              keyword === 'ENV'
                ? `'${d.name}' looks like a secret: ENV values are stored in the image config, readable by anyone who can pull the image. Use RUN --mount=type=secret for build steps and inject it at run time instead.`
                : `'${d.name}' looks like a secret: build args are recorded in the image history and build provenance, even without a default. Use RUN --mount=type=secret,id=${d.name.toLowerCase()} instead.`,
          });
        }
      } else if (keyword === 'COPY' || keyword === 'ADD') {
        for (const source of copyArguments(model, instruction).slice(0, -1)) {
          if (!isSecretFile(source.value)) continue;
          ctx.report({
            range: source.range,
            message: `'${source.value}' looks like a secret file: once copied it stays in an image layer even if a later step deletes it. Mount it only where needed with RUN --mount=type=secret, and exclude it in .dockerignore.`,
          });
        }
      }
    }
  },
};
