import type { Position, Range } from 'vscode-languageserver/node';
import { ENGINE_DIAGNOSTICS } from '../engine/diagnostics';
import type { DockerfileModel } from '../engine/dockerfile/model';
import { parseImageRef } from '../engine/dockerfile/image';
import { ruleById } from '../engine/rules';
import { suppressionComment } from '../engine/suppress';
import type { LineIndex } from '../engine/text';
import { comparePositions } from '../engine/text';
import { ruleDocsUrl, type Finding } from '../engine/types';
import { describeImage } from './images';

export interface HoverPart {
  markdown: string;
  range?: Range;
}

function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** Above this many findings under the cursor, each gets one line (a container can have eight). */
export const HOVER_DETAIL_LIMIT = 2;

/**
 * The findings under the cursor, short: each one's message, one sentence of why and a link to the
 * rule's documentation. With more than HOVER_DETAIL_LIMIT findings (a container with eight), one
 * line each: the message's first sentence and the link; the fixes are in the code actions.
 */
export function ruleHover(findings: Finding[], position: Position): HoverPart[] {
  const seen = new Set<string>();
  const here: Finding[] = [];
  for (const finding of findings) {
    const key = `${finding.ruleId}\0${finding.message}`;
    if (!contains(finding.range, position) || seen.has(key)) continue;
    seen.add(key);
    here.push(finding);
  }
  if (here.length === 0) return [];
  const range = here[0].range;
  if (here.length <= HOVER_DETAIL_LIMIT) return here.map((f) => ({ markdown: findingDetail(f), range: f.range }));
  const lines = here.map((f) => `- ${f.severity} ${ruleLink(f.ruleId)}: ${firstSentence(f.message)}`);
  return [{ markdown: `${here.length} findings here (the code actions fix them):\n\n${lines.join('\n')}`, range }];
}

function ruleLink(ruleId: string): string {
  return `[${ruleId}](${ruleDocsUrl(ruleId)})`;
}

/** One finding: the message, one sentence of why from the rule's `why`, the link. */
function findingDetail(finding: Finding): string {
  const why = whySentence(finding.ruleId);
  const lines = [`**${finding.ruleId}** (${finding.severity}): ${finding.message}`];
  if (why && !finding.message.includes(why)) lines.push(why);
  lines.push(`${ruleLink(finding.ruleId)} · silence it with \`${suppressionComment(finding.ruleId, 'line')}\` on the line above`);
  return lines.join('\n\n');
}

/** The first sentence of the rule's `why` (or, for engine diagnostics, their description). */
export function whySentence(ruleId: string): string | undefined {
  const rule = ruleById(ruleId);
  const text = rule ? rule.meta.why : ENGINE_DIAGNOSTICS[ruleId]?.description;
  return text ? firstSentence(text) : undefined;
}

/** Up to the first full stop that ends a sentence (not one inside `code`, a version or an ellipsis). */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  let inCode = false;
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i];
    if (c === '`') inCode = !inCode;
    else if (!inCode && c === '.' && flat[i - 1] !== '.' && (i + 1 === flat.length || (flat[i + 1] === ' ' && /[A-Z`'(]/.test(flat[i + 2] ?? '')))) {
      return flat.slice(0, i + 1);
    }
  }
  return flat;
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
