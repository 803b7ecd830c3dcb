import type { Position, Range } from 'vscode-languageserver/node';
import { ENGINE_DIAGNOSTICS } from '../engine/diagnostics';
import type { DockerfileModel } from '../engine/dockerfile/model';
import { parseImageRef } from '../engine/dockerfile/image';
import { ruleById } from '../engine/rules';
import type { LineIndex } from '../engine/text';
import { comparePositions } from '../engine/text';
import { ruleDocsUrl, type Equivalents, type Finding } from '../engine/types';
import { describeImage } from './images';

export interface HoverPart {
  markdown: string;
  range?: Range;
}

function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

const TOOL_NAMES: Record<keyof Equivalents, string> = {
  hadolint: 'hadolint',
  buildkit: 'BuildKit checks',
  trivy: 'Trivy',
  checkov: 'Checkov',
  kubeLinter: 'kube-linter',
  polaris: 'Polaris',
};

/** The documentation of each rule with a finding under the cursor. */
export function ruleHover(findings: Finding[], position: Position): HoverPart[] {
  const seen = new Set<string>();
  const parts: HoverPart[] = [];
  for (const finding of findings) {
    if (!contains(finding.range, position) || seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    parts.push({ markdown: ruleDocumentation(finding.ruleId), range: finding.range });
  }
  return parts;
}

export function ruleDocumentation(ruleId: string): string {
  const link = `[Documentation of ${ruleId}](${ruleDocsUrl(ruleId)})`;
  const rule = ruleById(ruleId);
  if (!rule) {
    const engine = ENGINE_DIAGNOSTICS[ruleId];
    return `**${ruleId}**${engine ? `: ${engine.description}` : ''}\n\n${link}`;
  }
  const { meta } = rule;
  const lines = [`**${ruleId}** (${meta.defaultSeverity} by default${meta.scope === 'go' ? ', Go Dockerfiles' : ''}): ${meta.description}`];
  if (meta.rationale) lines.push(meta.rationale);
  const peers = Object.entries(meta.equivalents ?? {})
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([tool, ids]) => `${TOOL_NAMES[tool as keyof Equivalents] ?? tool} ${(ids as string[]).join(', ')}`);
  if (peers.length) lines.push(`Equivalent to: ${peers.join('; ')}.`);
  if (meta.conflicts) lines.push(meta.conflicts);
  lines.push(`Silence it here with \`# container-standard ignore=${ruleId}\` on the line above. ${link}`);
  return lines.join('\n\n');
}

/** What the base image under the cursor contains (a `FROM` image, or a stage it builds on). */
export function dockerfileImageHover(model: DockerfileModel, position: Position): HoverPart | undefined {
  for (const stage of model.stages) {
    if (!contains(stage.imageRange, position)) continue;
    if (stage.parent) {
      const line = stage.parent.fromRange.start.line + 1;
      const base = describeImage(stage.parent.image);
      return { markdown: `Build stage **${stage.parent.name}** (line ${line})${base ? `, based on \`${stage.parent.image.raw}\`:\n\n${base}` : '.'}`, range: stage.imageRange };
    }
    const description = describeImage(stage.image);
    return description ? { markdown: description, range: stage.imageRange } : undefined;
  }
  return undefined;
}

/** `image:` values in Kubernetes manifests and compose files. */
export function yamlImageHover(index: LineIndex, position: Position): HoverPart | undefined {
  const text = index.lineText(position.line);
  const m = /^(\s*(?:-\s+)?image:\s*)(["']?)([^\s"'#]+)\2/.exec(text);
  if (!m) return undefined;
  const start = m[1].length + m[2].length;
  const end = start + m[3].length;
  if (position.character < start || position.character > end) return undefined;
  const description = describeImage(parseImageRef(m[3]));
  if (!description) return undefined;
  return { markdown: description, range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } } };
}
