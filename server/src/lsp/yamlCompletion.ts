import { CompletionItemKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver/node';
import type { ResolvedConfig } from '../engine/config';
import { yamlLooksLike } from '../engine/files';
import type { LineIndex } from '../engine/text';
import { toItem, type CompletionClient, type Proposal } from './completion';
import { escapeSnippet } from './snippetText';
import composeSnippets from '../../../snippets/compose.json';
import { isComposeServiceContext, isContainerContext, yamlCursorContext, type YamlCursorContext } from './yamlContext';

export interface YamlDocumentKind {
  k8s: boolean;
  compose: boolean;
  /** The editor shows the contributed compose snippets here (language `dockercompose`): the server does not repeat them. */
  composeSnippetsShown?: boolean;
}

/** What a YAML document is while being typed (it need not parse), as the engine tells it. */
export function yamlDocumentKind(text: string, filePath: string, languageId: string): YamlDocumentKind {
  return { ...yamlLooksLike(text, filePath, languageId), composeSnippetsShown: languageId === 'dockercompose' };
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
  else if (kind.k8s) proposals = nestedK8sProposals(index, position, ctx, config, unit);
  else if (kind.compose && isComposeServiceContext(ctx)) proposals = composeProposals(unit);
  else if (kind.compose && !kind.composeSnippetsShown && client.snippets && ctx.path.length === 1 && ctx.path[0] === 'services') proposals = [composeServiceProposal(unit)];
  return proposals
    .filter((p) => !ctx.siblingKeys.has(p.filterText ?? p.label.replace(/:.*$/, '')))
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

/** The port a probe should use: the container's first declared containerPort (8080 when it declares none). */
function declaredPort(index: LineIndex, fromLine: number, toLine: number): string {
  for (let l = fromLine; l <= toLine; l++) {
    const m = /containerPort:\s*["']?(\d+)/.exec(index.lineText(l));
    if (m) return m[1];
  }
  return '8080';
}

const isBlankLine = (text: string) => text.trim() === '' || text.trimStart().startsWith('#');
/** Where a line's key starts (after a leading `- `). */
const keyColumnOf = (text: string) => /^\s*(?:-\s+)?/.exec(text)![0].length;

/** The key column of the container `levels` mappings above the mapping at `indent` around `line`. */
function containerKeyColumn(index: LineIndex, line: number, indent: number, levels: number): number {
  let column = indent;
  let l = line;
  for (let level = 0; level < levels; level++) {
    for (l = l - 1; l >= 0; l--) {
      const text = index.lineText(l);
      if (!isBlankLine(text) && text.length - text.trimStart().length < column) break;
    }
    if (l < 0) return column;
    column = keyColumnOf(index.lineText(l));
  }
  return column;
}

/** The lines of the container (sequence item) around `line`, whose keys sit at `keyColumn`. */
function containerLines(index: LineIndex, line: number, keyColumn: number): { from: number; to: number } {
  let from = line;
  for (let l = line; l >= 0; l--) {
    const text = index.lineText(l);
    if (isBlankLine(text)) continue;
    if (/^\s*-\s/.test(text) && keyColumnOf(text) === keyColumn) {
      from = l;
      break;
    }
    if (text.length - text.trimStart().length < keyColumn) break;
    from = l;
  }
  let to = line;
  for (let l = line + 1; l < index.lineCount; l++) {
    const text = index.lineText(l);
    if (isBlankLine(text)) continue;
    if (text.length - text.trimStart().length < keyColumn) break;
    to = l;
  }
  return { from, to };
}

const key = (label: string, detail: string, documentation: string, line: string = label): Proposal => ({
  label,
  kind: CompletionItemKind.Property,
  filterText: label.replace(/:.*$/, ''),
  detail,
  documentation,
  snippet: escapeSnippet(line),
});

/**
 * Keys inside a container's securityContext, resources and probes, and a pod's securityContext:
 * one line each, with the value the standard wants.
 */
function nestedK8sProposals(index: LineIndex, position: Position, ctx: YamlCursorContext, config: ResolvedConfig, u: string): Proposal[] {
  const p = ctx.path;
  const n = p.length;
  const inContainer = (depth: number) => n >= depth + 2 && p[n - depth - 1] === '-' && (p[n - depth - 2] === 'containers' || p[n - depth - 2] === 'initContainers');
  const last = p[n - 1];
  const hardening = {
    runAsNonRoot: key('runAsNonRoot: true', 'Refuse to start as root (k8s-run-as-non-root)', 'The kubelet refuses to start the container if its user is root.'),
    runAsUser: key('runAsUser: 65532', 'distroless nonroot uid (k8s-run-as-user)', 'A numeric uid lets the kubelet verify runAsNonRoot; 65532 is the `nonroot` user of distroless and Chainguard images.'),
    runAsGroup: key('runAsGroup: 65532', 'distroless nonroot gid', 'The `nonroot` group of distroless and Chainguard images.'),
    seccompProfile: { ...key('seccompProfile:', 'type: RuntimeDefault (k8s-seccomp-profile)', 'The container runtime\'s default seccomp filter, which Pod Security "restricted" requires.'), snippet: ['seccompProfile:', `${u}type: RuntimeDefault`].join('\n') },
  };
  if (last === 'securityContext' && inContainer(1)) {
    return [
      hardening.runAsNonRoot,
      hardening.runAsUser,
      hardening.runAsGroup,
      key('readOnlyRootFilesystem: true', 'Read-only root filesystem (k8s-read-only-root-fs)', 'Mount an emptyDir where the app must write.'),
      key('allowPrivilegeEscalation: false', 'No privilege escalation (k8s-no-privilege-escalation)', 'setuid binaries and file capabilities cannot raise privileges.'),
      { ...key('capabilities:', 'drop: [ALL] (k8s-drop-capabilities)', 'A Go service on a port above 1024 needs no Linux capability.'), snippet: ['capabilities:', `${u}drop: [ALL]`].join('\n') },
      hardening.seccompProfile,
    ];
  }
  if (last === 'securityContext' && n >= 2 && p[n - 2] === 'spec' && (n === 2 || p[n - 3] === 'template')) {
    return [hardening.runAsNonRoot, hardening.runAsUser, hardening.runAsGroup, hardening.seccompProfile];
  }
  if (last === 'capabilities' && p[n - 2] === 'securityContext') return [key('drop: [ALL]', 'Drop every capability (k8s-drop-capabilities)', 'Add back only what the service needs with `add:`.')];
  if (last === 'seccompProfile') return [key('type: RuntimeDefault', 'The runtime\'s default seccomp filter (k8s-seccomp-profile)', 'Pod Security "restricted" requires RuntimeDefault or Localhost.')];
  const { requests, limits } = config.defaultResources;
  if (last === 'resources' && inContainer(1)) {
    const block = (name: 'requests' | 'limits', values: { cpu: string; memory: string }, why: string): Proposal => ({
      ...key(`${name}:`, `cpu ${values.cpu}, memory ${values.memory}`, why),
      snippet: [`${name}:`, `${u}cpu: \${1:${escapeSnippet(values.cpu)}}`, `${u}memory: \${2:${escapeSnippet(values.memory)}}`].join('\n'),
    });
    return [block('requests', requests, 'What the scheduler reserves for the pod (k8s-resources).'), block('limits', limits, 'What the container may use at most (k8s-resources).')];
  }
  if ((last === 'requests' || last === 'limits') && p[n - 2] === 'resources' && inContainer(2)) {
    const values = last === 'requests' ? requests : limits;
    return [key(`cpu: ${values.cpu}`, `CPU ${last} (defaultResources in .container-standard.yaml)`, 'k8s-resources'), key(`memory: ${values.memory}`, `memory ${last}`, 'k8s-resources')];
  }
  const probePath = (probe: string) => (probe === 'readinessProbe' ? '/ready' : '/health');
  if (['livenessProbe', 'readinessProbe', 'startupProbe'].includes(last) && inContainer(1)) {
    const lines = containerLines(index, position.line, containerKeyColumn(index, position.line, ctx.indent, 1));
    const port = declaredPort(index, lines.from, lines.to);
    return [
      {
        ...key('httpGet:', `path ${probePath(last)}, port ${port}`, 'HTTP probes work in distroless images, which have no shell or curl for `exec` probes (k8s-exec-probe-in-minimal-image).'),
        snippet: ['httpGet:', `${u}path: ${probePath(last)}`, `${u}port: \${1:${port}}`].join('\n'),
      },
      key('initialDelaySeconds: 5', 'Wait before the first probe', 'Seconds after the container starts.'),
      key('periodSeconds: 10', 'Probe interval', 'Seconds between probes.'),
      key('timeoutSeconds: 2', 'Probe timeout', 'A probe that takes longer fails.'),
      key('failureThreshold: 3', 'Failures before acting', 'Consecutive failures before a restart (liveness) or removal from the endpoints (readiness).'),
    ];
  }
  if (last === 'httpGet' && n >= 2 && ['livenessProbe', 'readinessProbe', 'startupProbe'].includes(p[n - 2]) && inContainer(2)) {
    const lines = containerLines(index, position.line, containerKeyColumn(index, position.line, ctx.indent, 2));
    const port = declaredPort(index, lines.from, lines.to);
    return [
      key(`path: ${probePath(p[n - 2])}`, p[n - 2] === 'readinessProbe' ? 'Readiness: 503 while a dependency fails' : 'Liveness: 200 while the process is alive', 'The standard\'s health endpoints.'),
      key(`port: ${port}`, 'A port the container declares (k8s-probe-port)', 'The probe must target a declared containerPort.'),
    ];
  }
  return [];
}

function containerProposals(index: LineIndex, ctx: YamlCursorContext, config: ResolvedConfig, u: string): Proposal[] {
  const port = declaredPort(index, ctx.blockStart, ctx.blockEnd);
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

/** The compose-service snippet, for compose files the editor does not know as compose (VS Code's `yaml` without a Docker extension). */
function composeServiceProposal(u: string): Proposal {
  const [name, snippet] = Object.entries(composeSnippets)[0];
  return {
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    detail: name,
    documentation: snippet.description,
    snippet: snippet.body.join('\n').replace(/\$0$/, '').trimEnd().replace(/^( +)/gm, (spaces) => u.repeat(spaces.length / 2)),
  };
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
      line: 'security_opt: [no-new-privileges:true]',
    },
    {
      label: 'cap_drop',
      kind: CompletionItemKind.Snippet,
      detail: 'cap_drop: [ALL]',
      documentation: 'Drops every Linux capability; a Go HTTP service on a port above 1024 needs none (compose-cap-drop-all).',
      snippet: ['cap_drop:', `${u}- ALL`].join('\n'),
      line: 'cap_drop: [ALL]',
    },
    {
      label: 'deploy',
      kind: CompletionItemKind.Snippet,
      detail: 'deploy.resources.limits (cpus, memory)',
      documentation: 'CPU and memory limits keep one service from starving the others (compose-resource-limits).',
      snippet: ['deploy:', `${u}resources:`, `${u}${u}limits:`, `${u}${u}${u}cpus: "\${1:0.50}"`, `${u}${u}${u}memory: \${2:512M}`].join('\n'),
      line: 'deploy: {resources: {limits: {cpus: "0.50", memory: 512M}}}',
    },
  ];
}
