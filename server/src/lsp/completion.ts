import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import type { ResolvedConfig } from '../engine/config';
import type { DockerfileModel } from '../engine/dockerfile/model';
import { stageIsMinimal } from '../engine/dockerfile/model';
import type { LineIndex } from '../engine/text';
import { builderImages, RUNTIME_IMAGES, type ImageSuggestion } from './images';
import { escapeSnippet, snippetToPlainText } from './snippetText';
import { isComposeServiceContext, isContainerContext, yamlCursorContext, type YamlCursorContext } from './yamlContext';

export interface CompletionClient {
  snippets: boolean;
  markdown: boolean;
  /** The client can re-indent multi-line insertions to the cursor's line (InsertTextMode.adjustIndentation). */
  adjustIndentation: boolean;
}

/** Marks our items so completionItem/resolve leaves them alone (others come from dockerfile-language-service). */
export const OWN_ITEM = { goContainerStandard: true };

export function isOwnItem(item: CompletionItem): boolean {
  return !!(item.data && typeof item.data === 'object' && (item.data as { goContainerStandard?: boolean }).goContainerStandard);
}

interface Proposal {
  label: string;
  kind: CompletionItemKind;
  detail: string;
  documentation: string;
  /** Snippet syntax; converted to plain text for clients without snippets. */
  snippet: string;
  filterText?: string;
  preselect?: boolean;
}

/** `indent`: for multi-line proposals, the column of the key typed and the line's own leading whitespace. */
function toItem(p: Proposal, range: Range, sort: number, client: CompletionClient, indent?: { column: number; lineIndent: number }): CompletionItem {
  let text = client.snippets ? p.snippet : snippetToPlainText(p.snippet);
  if (indent !== undefined) {
    // adjustIndentation re-adds the line's leading whitespace only (not a `- ` before the key); as-is inserts verbatim.
    const extra = client.adjustIndentation ? indent.column - indent.lineIndent : indent.column;
    text = text.replace(/\n/g, `\n${' '.repeat(extra)}`);
  }
  return {
    label: p.label,
    kind: p.kind,
    detail: p.detail,
    documentation: client.markdown ? { kind: MarkupKind.Markdown, value: p.documentation } : { kind: MarkupKind.PlainText, value: p.documentation.replace(/[`*]/g, '') },
    insertTextFormat: client.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(indent !== undefined ? { insertTextMode: client.adjustIndentation ? InsertTextMode.adjustIndentation : InsertTextMode.asIs } : {}),
    textEdit: { range, newText: text },
    filterText: p.filterText ?? p.label,
    sortText: `0${String(sort).padStart(3, '0')}`,
    ...(p.preselect ? { preselect: true } : {}),
    data: OWN_ITEM,
  };
}

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

export interface YamlDocumentKind {
  k8s: boolean;
  compose: boolean;
}

export function yamlCompletions(
  index: LineIndex,
  position: Position,
  kind: YamlDocumentKind,
  config: ResolvedConfig,
  client: CompletionClient,
): CompletionItem[] {
  const ctx = yamlCursorContext(index, position);
  if (!ctx) return [];
  const unit = indentUnit(index);
  const lineText = index.lineText(position.line);
  const indent = { column: ctx.indent, lineIndent: lineText.length - lineText.trimStart().length };
  const range: Range = { start: { line: position.line, character: ctx.indent }, end: position };
  let proposals: Proposal[] = [];
  if (kind.k8s && isContainerContext(ctx)) proposals = containerProposals(index, ctx, config, unit);
  else if (kind.compose && isComposeServiceContext(ctx)) proposals = composeProposals(unit);
  return proposals
    .filter((p) => !ctx.siblingKeys.has(p.filterText ?? p.label))
    .map((p, i) => toItem(p, range, i, client, indent));
}

/** The document's indentation step (2 unless the file clearly uses 4). */
function indentUnit(index: LineIndex): string {
  const counts = new Map<number, number>();
  let previous = 0;
  for (let l = 0; l < Math.min(index.lineCount, 400); l++) {
    const t = index.lineText(l);
    if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
    const ind = t.length - t.trimStart().length;
    if (ind > previous) counts.set(ind - previous, (counts.get(ind - previous) ?? 0) + 1);
    previous = ind;
  }
  return (counts.get(4) ?? 0) > (counts.get(2) ?? 0) ? '    ' : '  ';
}

function containerProposals(index: LineIndex, ctx: YamlCursorContext, config: ResolvedConfig, u: string): Proposal[] {
  let port = '8080';
  for (let l = ctx.blockStart; l <= ctx.blockEnd; l++) {
    const m = /containerPort:\s*["']?(\d+)/.exec(index.lineText(l));
    if (m) {
      port = m[1];
      break;
    }
  }
  const { requests, limits } = config.defaultResources;
  const probe = (key: string, path: string, what: string): Proposal => ({
    label: key,
    kind: CompletionItemKind.Snippet,
    filterText: key,
    detail: `httpGet ${path} probe (${what})`,
    documentation:
      key === 'livenessProbe'
        ? '`/health` answers 200 while the process is alive, without touching dependencies: a failing database must not get the pod restarted (k8s-liveness-probe). HTTP probes work in distroless images, which have no shell for `exec` probes.'
        : '`/ready` answers 503 while a dependency check fails, so the pod leaves the Service endpoints instead of receiving traffic it cannot serve (k8s-readiness-probe).',
    snippet: [
      `${key}:`,
      `${u}httpGet:`,
      `${u}${u}path: ${path}`,
      `${u}${u}port: \${1:${port}}`,
      `${u}initialDelaySeconds: \${2:5}`,
      `${u}periodSeconds: \${3:10}`,
      `${u}timeoutSeconds: 2`,
      `${u}failureThreshold: 3`,
    ].join('\n'),
  });
  return [
    {
      label: 'securityContext',
      kind: CompletionItemKind.Snippet,
      filterText: 'securityContext',
      detail: 'Hardened container securityContext (the standard)',
      documentation:
        'Non-root with a numeric uid the kubelet can verify (distroless `nonroot` is 65532), read-only root filesystem, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp: passes k8s-run-as-non-root, k8s-run-as-user, k8s-read-only-root-fs, k8s-no-privilege-escalation, k8s-drop-capabilities and k8s-seccomp-profile.',
      snippet: [
        'securityContext:',
        `${u}runAsNonRoot: true`,
        `${u}runAsUser: \${1:65532}`,
        `${u}runAsGroup: \${2:65532}`,
        `${u}readOnlyRootFilesystem: true`,
        `${u}allowPrivilegeEscalation: false`,
        `${u}capabilities:`,
        `${u}${u}drop: [ALL]`,
        `${u}seccompProfile:`,
        `${u}${u}type: RuntimeDefault`,
      ].join('\n'),
    },
    {
      label: 'resources',
      kind: CompletionItemKind.Snippet,
      filterText: 'resources',
      detail: `requests ${requests.cpu}/${requests.memory}, limits ${limits.cpu}/${limits.memory}`,
      documentation:
        'CPU and memory requests let the scheduler place the pod; limits keep one container from starving its neighbours (k8s-resources). Defaults come from `defaultResources` in `.container-standard.yaml`.',
      snippet: [
        'resources:',
        `${u}requests:`,
        `${u}${u}cpu: \${1:${escapeSnippet(requests.cpu)}}`,
        `${u}${u}memory: \${2:${escapeSnippet(requests.memory)}}`,
        `${u}limits:`,
        `${u}${u}cpu: \${3:${escapeSnippet(limits.cpu)}}`,
        `${u}${u}memory: \${4:${escapeSnippet(limits.memory)}}`,
      ].join('\n'),
    },
    probe('livenessProbe', '/health', 'restart when the process is wedged'),
    probe('readinessProbe', '/ready', 'take out of rotation while dependencies fail'),
  ];
}

function composeProposals(u: string): Proposal[] {
  return [
    {
      label: 'read_only',
      kind: CompletionItemKind.Snippet,
      detail: 'read_only: true',
      documentation: 'Mounts the container\'s root filesystem read-only; mount a `tmpfs` for paths that must be writable (compose-read-only).',
      snippet: 'read_only: true',
    },
    {
      label: 'security_opt',
      kind: CompletionItemKind.Snippet,
      detail: 'security_opt: [no-new-privileges:true]',
      documentation: 'Stops setuid binaries and file capabilities from raising privileges (compose-no-new-privileges).',
      snippet: ['security_opt:', `${u}- no-new-privileges:true`].join('\n'),
    },
    {
      label: 'cap_drop',
      kind: CompletionItemKind.Snippet,
      detail: 'cap_drop: [ALL]',
      documentation: 'Drops every Linux capability; a Go HTTP service on a port above 1024 needs none (compose-cap-drop-all).',
      snippet: ['cap_drop:', `${u}- ALL`].join('\n'),
    },
    {
      label: 'deploy',
      kind: CompletionItemKind.Snippet,
      detail: 'deploy.resources.limits (cpus, memory)',
      documentation: 'CPU and memory limits keep one service from starving the others (compose-resource-limits).',
      snippet: ['deploy:', `${u}resources:`, `${u}${u}limits:`, `${u}${u}${u}cpus: "\${1:0.50}"`, `${u}${u}${u}memory: \${2:512M}`].join('\n'),
    },
  ];
}
