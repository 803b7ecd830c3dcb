import * as path from 'node:path';
import type { Fix, ServiceRule } from '../../types';
import { LineIndex } from '../../text';
import { compareVersions, goVersionOfTag } from '../../dockerfile/image';
import { golangFroms, type GolangFrom } from '../../service/dockerfile-facts';
import type { ServiceDockerfile, ServiceModel } from '../../service/model';
import { ledgerService } from './shared/example-service';

export const goVersionConsistency: ServiceRule<ServiceModel> = {
  id: 'go-version-consistency',
  target: 'service',
  meta: {
    description: "The builder's golang image is at least the Go version that go.mod's `go` directive requires.",
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Unsafe: it replaces the Go version of the builder image the author pinned (the newer image may also bring a newer OS release for the builder\'s packages); lowering the `go` directive instead may be what the code allows.',
    why:
      'Since Go 1.21 the `go` line of go.mod is a minimum: a `golang:1.24` builder with `go 1.25` in go.mod either fails (`go.mod requires go >= 1.25`, with `GOTOOLCHAIN=local`) or silently downloads another toolchain during every build, which breaks offline and reproducible builds.',
    remediation:
      "Bump the builder tag to the go.mod version (the quick fix keeps the tag's variant, e.g. " +
      '`-bookworm`), or lower the `go` directive if the code does not need the newer Go.',
    notes:
      'One finding per problem: when the builder is also below the configured minimum (`builder-go-version`) and that minimum satisfies go.mod, `builder-go-version` reports the FROM instead; otherwise this finding stands for both.',
    examples: {
      bad: ledgerService({
        'go.mod':
          'module example.com/ledger\n' +
          '\n' +
          'go 1.25\n',
      }),
      good: ledgerService({
        'go.mod':
          'module example.com/ledger\n' +
          '\n' +
          'go 1.25\n',
        Dockerfile:
          'FROM golang:1.25-bookworm AS build\n' +
          'WORKDIR /src\n' +
          'COPY go.mod go.sum* ./\n' +
          'RUN go mod download\n' +
          'COPY . .\n' +
          'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ledger ./cmd/ledger\n' +
          '\n' +
          'FROM gcr.io/distroless/static-debian12:nonroot\n' +
          'COPY --from=build /out/ledger /ledger\n' +
          'USER nonroot:nonroot\n' +
          'EXPOSE 8080\n' +
          'ENTRYPOINT ["/ledger"]\n',
      }),
    },
  },
  check(ctx) {
    const required = ctx.model.goMod.goVersion;
    const requiredBase = required ? /^\d+\.\d+(?:\.\d+)?/.exec(required)?.[0] : undefined;
    if (!required || !requiredBase) return;
    const min = ctx.config.minGoVersion;
    const builderRuleOn = ctx.config.rules['builder-go-version'] !== 'off';
    const goModRel = (d: ServiceDockerfile) => path.relative(path.dirname(d.path), ctx.model.goMod.path).split(path.sep).join('/');
    for (const dockerfile of ctx.model.dockerfiles) {
      for (const from of golangFroms(dockerfile.model, goVersionOfTag)) {
        if (!isOlder(from.version, requiredBase)) continue;
        // builder-go-version reports this FROM too, and its fix (the configured minimum) satisfies go.mod: one finding, one fix.
        if (builderRuleOn && !from.stage.isDev && compareVersions(from.version, min) < 0 && !isOlder(min, requiredBase)) continue;
        const target = upgradedVersion(from.version, requiredBase);
        const fix = upgradeFix(dockerfile, from, target);
        ctx.report({
          file: dockerfile.path,
          range: from.stage.imageRange,
          message: `The builder image '${from.stage.image.raw}' has Go ${from.version}, older than 'go ${required}' in ${goModRel(dockerfile)}: the build fails or downloads a newer toolchain each time. Use Go ${target} or newer in the builder.`,
          fix,
        });
      }
    }
  },
};

/** Compares only as many parts as the tag gives: `golang:1.24` floats to the newest 1.24.x, which satisfies `go 1.24.3`. */
function isOlder(tagVersion: string, required: string): boolean {
  const parts = tagVersion.split('.').length;
  const requiredPrefix = required.split('.').slice(0, parts).join('.');
  return compareVersions(tagVersion, requiredPrefix) < 0;
}

/** Keeps the tag's precision: `1.22` → `1.25`, `1.22.5` → `1.25.1` (or `1.25.0`). */
function upgradedVersion(tagVersion: string, required: string): string {
  const parts = required.split('.');
  if (tagVersion.split('.').length >= 3) return [parts[0], parts[1], parts[2] ?? '0'].join('.');
  return `${parts[0]}.${parts[1]}`;
}

function upgradeFix(dockerfile: ServiceDockerfile, from: GolangFrom, target: string): Fix | undefined {
  const { stage } = from;
  if (stage.image.digest) return undefined;
  const index = new LineIndex(dockerfile.text);
  const written = dockerfile.text.slice(index.offsetAt(stage.imageRange.start), index.offsetAt(stage.imageRange.end));
  const title = `Use Go ${target} in the builder`;
  const colon = written.lastIndexOf(':');
  const tagWritten = colon === -1 ? '' : written.slice(colon + 1);
  if (tagWritten.startsWith(from.version) || tagWritten.startsWith(`go${from.version}`)) {
    const start = index.offsetAt(stage.imageRange.start) + colon + 1 + tagWritten.indexOf(from.version);
    return { title, safety: 'unsafe', edits: [{ range: index.rangeOf(start, start + from.version.length), newText: target }] };
  }
  // The version comes from a global ARG default (`ARG GO_VERSION=1.22` … `FROM golang:${GO_VERSION}`).
  for (const arg of dockerfile.model.ast.getInitialARGs()) {
    const property = arg.getProperty();
    const value = property?.getValue();
    const valueRange = property?.getValueRange();
    // The ARG name is the Dockerfile's text: escaped, since `ARG GO(=1` is legal there.
    const name = property?.getName().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!property || !value || !valueRange || !new RegExp(`\\$\\{?${name}\\b`).test(tagWritten)) continue;
    const at = value.indexOf(from.version);
    if (at === -1) continue;
    const start = index.offsetAt(valueRange.start) + at;
    if (dockerfile.text.slice(start, start + from.version.length) !== from.version) continue;
    return { title, safety: 'unsafe', edits: [{ range: index.rangeOf(start, start + from.version.length), newText: target }] };
  }
  return undefined;
}
