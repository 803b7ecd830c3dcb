import * as path from 'node:path';
import type { ServiceRule } from '../../types';
import { isBuildIgnored, packageClauseOf } from '../../service/go-source';
import type { ServiceModel } from '../../service/model';
import { ledgerService } from './shared/example-service';

export const buildPathExists: ServiceRule<ServiceModel> = {
  id: 'build-path-exists',
  target: 'service',
  meta: {
    description: 'The package a Dockerfile `go build`s exists in the build context and is a `main` package.',
    defaultSeverity: 'error',
    fixable: false,
    why:
      'A `go build ./cmd/payin` whose folder was renamed or never existed fails only when the image is built, often in CI after review.',
    remediation: 'Point the build at the main package (the message lists the ones the service has).',
    notes:
      'The rule follows WORKDIR, `cd` and the COPY/ADD instructions (and bind mounts) back to the build context and checks that the folder exists and holds a `package main`. ' +
      'Builds it cannot follow (variables, `./...`, remote packages) are not judged.',
    examples: {
      bad: ledgerService({
        Dockerfile:
          'FROM golang:1.24-bookworm AS build\n' +
          'WORKDIR /src\n' +
          'COPY go.mod go.sum* ./\n' +
          'RUN go mod download\n' +
          'COPY . .\n' +
          'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ledger ./cmd/payin\n' +
          '\n' +
          'FROM gcr.io/distroless/static-debian12:nonroot\n' +
          'COPY --from=build /out/ledger /ledger\n' +
          'USER nonroot:nonroot\n' +
          'EXPOSE 8080\n' +
          'ENTRYPOINT ["/ledger"]\n',
      }),
      good: ledgerService(),
    },
  },
  check(ctx) {
    const model = ctx.model;
    const mains = [...model.packages.values()].filter((p) => p.name === 'main').map((p) => `./${path.relative(model.root, p.dir).split(path.sep).join('/')}`.replace(/\/$/, ''));
    const hint = mains.length ? ` Main packages of this service: ${mains.sort().join(', ')}.` : ' This service has no main package.';
    for (const dockerfile of model.dockerfiles) {
      for (const target of dockerfile.buildTargets) {
        if (target.contextDir === undefined) continue;
        const dir = path.resolve(dockerfile.context, target.contextDir);
        const shown = target.contextDir ? target.contextDir : '.';
        // '.' alone does not say which folder: name the build context's root as the workspace shows it (ux-review item 8).
        const contextName = path.relative(path.dirname(model.root), dockerfile.context).split(path.sep).join('/') || path.basename(dockerfile.context);
        const folder = target.contextDir ? `'${shown}'` : `'.' (the build context root, ${contextName.startsWith('..') ? path.basename(dockerfile.context) : contextName}/)`;
        if (target.written.endsWith('.go')) {
          const file = path.join(dir, path.posix.basename(target.written));
          if (!model.exists(file)) {
            ctx.report({ file: dockerfile.path, range: target.range, message: `'${target.written}' is built, but ${shown}/${path.basename(file)} does not exist in the build context, so the image build fails.${hint}` });
          }
          continue;
        }
        if (!model.dirExists(dir)) {
          ctx.report({
            file: dockerfile.path,
            range: target.range,
            message: `'${target.written}' is built, but the folder ${folder} does not exist in the build context, so the image build fails.${hint}`,
          });
          continue;
        }
        const packageNames = model
          .filesIn(dir)
          .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !/^[._]/.test(path.basename(f)))
          .map((f) => model.readFile(f))
          .filter((text): text is string => text !== undefined && !isBuildIgnored(text))
          .map((text) => packageClauseOf(text));
        if (packageNames.includes('main')) continue;
        const what = packageNames.length === 0 ? 'has no Go files' : `holds package '${packageNames.find((n) => n) ?? '?'}', not 'main'`;
        ctx.report({
          file: dockerfile.path,
          range: target.range,
          message: `'${target.written}' is built, but the folder ${folder} ${what}, so there is no binary to ship.${hint}`,
        });
      }
    }
  },
};
