import { CompletionItemKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver/node';
import type { ResolvedConfig } from '../engine/config';
import type { DockerfileModel } from '../engine/dockerfile/model';
import { stageIsMinimal } from '../engine/dockerfile/model';
import type { LineIndex } from '../engine/text';
import { toItem, type CompletionClient, type Proposal } from './completion';
import { builderImages, RUNTIME_IMAGES, type ImageSuggestion } from './images';
import { escapeSnippet } from './snippetText';

const FROM_LINE = /^(\s*from\s+)((?:--\S+\s+)*)(\S*)$/i;
const USER_LINE = /^(\s*user\s+)(\S*)$/i;
const RUN_FLAGS = /^(\s*run\s+)((?:--\S+\s+)*)(-[^\s]*)?$/i;

export function dockerfileCompletions(
  index: LineIndex,
  position: Position,
  model: DockerfileModel | undefined,
  config: ResolvedConfig,
  client: CompletionClient,
): CompletionItem[] {
  const lineText = index.lineText(position.line);
  const before = lineText.slice(0, position.character);
  const wordEnd = position.character + (/^\S*/.exec(lineText.slice(position.character))?.[0].length ?? 0);
  const rangeFrom = (startCol: number): Range => ({ start: { line: position.line, character: startCol }, end: { line: position.line, character: wordEnd } });

  const from = FROM_LINE.exec(before);
  if (from) {
    const partialStart = from[1].length + from[2].length;
    const range = rangeFrom(partialStart);
    const items: CompletionItem[] = [];
    const hasPlatform = /--platform=/i.test(from[2]);
    if (from[3].startsWith('-')) {
      if (!hasPlatform) items.push(toItem(platformProposal(), range, 0, client));
      return items;
    }
    imageProposals(config).forEach((p, i) => items.push(toItem(p, range, i, client)));
    if (!hasPlatform) items.push(toItem(platformProposal(), range, 900, client));
    return items;
  }

  const user = USER_LINE.exec(before);
  if (user) {
    const range = rangeFrom(user[1].length);
    const stage = model?.stages.filter((s) => s.fromRange.start.line <= position.line).pop();
    const minimal = stage ? stageIsMinimal(stage) : false;
    const nonroot: Proposal = {
      label: 'nonroot:nonroot',
      kind: CompletionItemKind.Value,
      detail: 'Distroless / Chainguard non-root user (uid 65532)',
      documentation: 'The `nonroot` user and group that distroless and Chainguard static images define (uid/gid 65532). Kubernetes needs `runAsUser: 65532` to verify it runs as non-root.',
      snippet: 'nonroot:nonroot',
      preselect: minimal,
    };
    const numeric: Proposal = {
      label: '65532:65532',
      kind: CompletionItemKind.Value,
      detail: 'Numeric non-root user (scratch, or any image)',
      documentation: 'A numeric uid:gid needs no `/etc/passwd` entry, so it works on `scratch`, and lets the kubelet verify `runAsNonRoot`.',
      snippet: '65532:65532',
    };
    return [toItem(nonroot, range, 0, client), toItem(numeric, range, 1, client)];
  }

  const instruction = model?.ast.getInstructions().find((i) => {
    const r = i.getRange();
    return r.start.line <= position.line && position.line <= r.end.line;
  });
  if (instruction && instruction.getKeyword() === 'RUN') {
    const runFlags = instruction.getRange().start.line === position.line ? RUN_FLAGS.exec(before) : null;
    if (runFlags) {
      const range = rangeFrom(runFlags[1].length + runFlags[2].length);
      return cacheMountProposals(runFlags[2]).map((p, i) => toItem(p, range, i, client));
    }
    const start = index.offsetAt(instruction.getRange().start);
    const scriptBefore = index.text.slice(start, index.offsetAt(position));
    const segment = scriptBefore.split(/&&|\|\||;|\|/).pop() ?? '';
    if (/(^|\s)go\s+(build|install)(\s|$)/.test(segment) && /(^|\s)(-\S*)?$/.test(before)) {
      const word = /(\S*)$/.exec(before)![1];
      const range = rangeFrom(position.character - word.length);
      return goBuildFlagProposals(segment).map((p, i) => toItem(p, range, i, client));
    }
  }
  return [];
}

function imageProposals(config: ResolvedConfig): Proposal[] {
  const toProposal = (s: ImageSuggestion, preselect = false): Proposal => ({
    label: s.image,
    kind: CompletionItemKind.Value,
    detail: s.detail,
    documentation: s.documentation,
    snippet: escapeSnippet(s.image),
    preselect,
  });
  const [preferred, ...otherRuntime] = RUNTIME_IMAGES;
  return [toProposal(preferred, true), ...builderImages(config.minGoVersion).map((s) => toProposal(s)), ...otherRuntime.map((s) => toProposal(s))];
}

function platformProposal(): Proposal {
  return {
    label: '--platform=$BUILDPLATFORM',
    kind: CompletionItemKind.Keyword,
    detail: 'Build on the host platform, cross-compile for the target',
    documentation:
      'Runs this (builder) stage natively on the build machine instead of under QEMU emulation. Pair it with `ARG TARGETOS TARGETARCH` and `GOOS=$TARGETOS GOARCH=$TARGETARCH go build`: Go cross-compiles, so multi-arch images build at native speed.',
    snippet: '--platform=\\$BUILDPLATFORM ',
  };
}

function cacheMountProposals(flags: string): Proposal[] {
  const proposals: Proposal[] = [];
  const mount = (target: string, what: string): Proposal => ({
    label: `--mount=type=cache,target=${target}`,
    kind: CompletionItemKind.Keyword,
    detail: `BuildKit cache mount for ${what}`,
    documentation: `Keeps ${what} between builds without putting it in a layer, so \`go mod download\` / \`go build\` are incremental (go-build-cache-mounts).`,
    snippet: `--mount=type=cache,target=${target} `,
  });
  if (!flags.includes('/go/pkg/mod')) proposals.push(mount('/go/pkg/mod', 'the Go module cache'));
  if (!flags.includes('/root/.cache/go-build')) proposals.push(mount('/root/.cache/go-build', 'the Go build cache'));
  return proposals;
}

function goBuildFlagProposals(segment: string): Proposal[] {
  const proposals: Proposal[] = [];
  if (!/(^|\s)-?-trimpath(\s|=|$)/.test(segment)) {
    proposals.push({
      label: '-trimpath',
      kind: CompletionItemKind.Keyword,
      detail: 'Reproducible builds: strip local paths',
      documentation: 'Removes file system paths from the binary, so the same source builds the same binary anywhere (reproducible-build).',
      snippet: '-trimpath',
    });
  }
  if (!/(^|\s)-?-ldflags/.test(segment)) {
    proposals.push({
      label: '-ldflags="-s -w"',
      kind: CompletionItemKind.Keyword,
      detail: 'Strip the symbol table and DWARF debug info',
      documentation: 'Drops the symbol table (`-s`) and DWARF debug information (`-w`): a 25–30 % smaller binary, nothing for a debugger to attach to in production (strip-debug-symbols).',
      snippet: '-ldflags="-s -w${1}"',
    });
  }
  if (!/(^|\s)-o(\s|=|$)/.test(segment)) {
    proposals.push({
      label: '-o /out/app',
      kind: CompletionItemKind.Keyword,
      detail: 'Output path of the binary',
      documentation: 'Writes the binary to a fixed path that the runtime stage copies: `COPY --from=build /out/app /app`.',
      snippet: '-o /out/${1:app}',
    });
  }
  return proposals;
}
