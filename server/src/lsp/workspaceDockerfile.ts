import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver/node';
import { planScaffold } from '../scaffold';
import { inspectService, resolveFacts } from '../scaffold/workspace';
import type { DockerfileModel } from '../engine/dockerfile/model';
import type { LineIndex } from '../engine/text';
import { OWN_ITEM, type CompletionClient } from './completion';

/**
 * In a Dockerfile with no FROM yet, next to a go.mod: the standard's Dockerfile for this service,
 * as `scaffold dockerfile` writes it (the real main package, Go version, go.sum or not), one item
 * per main package. Its defaults come from the workspace, so it passes the rules there.
 */
export function workspaceDockerfileItems(filePath: string | undefined, index: LineIndex, position: Position, model: DockerfileModel | undefined, client: CompletionClient): CompletionItem[] {
  if (!filePath || (model && model.stages.length > 0)) return [];
  const before = index.lineText(position.line).slice(0, position.character);
  if (!/^\s*[\w-]*$/.test(before)) return [];
  const dir = path.dirname(filePath);
  if (!fs.existsSync(path.join(dir, 'go.mod'))) return [];
  const inspection = inspectService(dir);
  if (!inspection.goMod) return [];
  const mains = inspection.mainPackages.length ? inspection.mainPackages : [undefined];
  const items: CompletionItem[] = [];
  for (const [i, main] of mains.entries()) {
    const resolution = resolveFacts(inspection, { main });
    if (!resolution.ok) continue;
    const dockerfile = planScaffold('dockerfile', resolution.facts).files.find((f) => f.path === 'Dockerfile');
    if (!dockerfile) continue;
    const target = resolution.facts.mainPackage === '.' ? '.' : `./${resolution.facts.mainPackage}`;
    const start = { line: position.line, character: before.length - before.trimStart().length };
    items.push({
      label: `go-dockerfile ${target}`,
      kind: CompletionItemKind.Snippet,
      detail: `Go Dockerfile for ${resolution.facts.service}, building ${target} (Go ${resolution.facts.goVersion})`,
      documentation: {
        kind: client.markdown ? MarkupKind.Markdown : MarkupKind.PlainText,
        value: `The standard's Dockerfile for this service, as \`go-container-standard scaffold dockerfile\` writes it: distroless static nonroot runtime, cache mounts, cross-compilation.`,
      },
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: { start, end: position }, newText: dockerfile.content },
      filterText: 'go-dockerfile',
      sortText: `00${String(i).padStart(2, '0')}`,
      data: OWN_ITEM,
    });
  }
  return items;
}
