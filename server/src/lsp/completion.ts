import { InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionItemKind, type Range } from 'vscode-languageserver/node';
import { snippetToPlainText } from './snippetText';

// What Dockerfile and YAML completion share: the client's abilities, the proposal shape and its conversion to an item.

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

export interface Proposal {
  label: string;
  kind: CompletionItemKind;
  detail: string;
  documentation: string;
  /** Snippet syntax; converted to plain text for clients without snippets. */
  snippet: string;
  filterText?: string;
  preselect?: boolean;
  /**
   * For multi-line proposals: the one line sent to clients without snippet support (Neovim's
   * omnifunc turns line breaks into NUL bytes); its keys are then completed line by line.
   */
  line?: string;
}

/** `indent`: for multi-line proposals, the column of the key typed and the line's own leading whitespace. */
export function toItem(p: Proposal, range: Range, sort: number, client: CompletionClient, indent?: { column: number; lineIndent: number }): CompletionItem {
  const multiLine = p.snippet.includes('\n');
  let text = client.snippets ? p.snippet : multiLine ? (p.line ?? snippetToPlainText(p.snippet).split('\n')[0]) : snippetToPlainText(p.snippet);
  const block = client.snippets && multiLine && indent !== undefined;
  if (block) {
    // Snippet engines (VS Code with adjustIndentation, vim.snippet, LuaSnip) re-add the line's leading
    // whitespace to every line: only what lies beyond it (a `- ` before the key) is added here.
    text = text.replace(/\n/g, `\n${' '.repeat(indent.column - indent.lineIndent)}`);
  }
  return {
    label: p.label,
    kind: p.kind,
    detail: p.detail,
    documentation: client.markdown ? { kind: MarkupKind.Markdown, value: p.documentation } : { kind: MarkupKind.PlainText, value: p.documentation.replace(/[`*]/g, '') },
    insertTextFormat: client.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(block && client.adjustIndentation ? { insertTextMode: InsertTextMode.adjustIndentation } : {}),
    textEdit: { range, newText: text },
    filterText: p.filterText ?? p.label,
    sortText: `0${String(sort).padStart(3, '0')}`,
    ...(p.preselect ? { preselect: true } : {}),
    data: OWN_ITEM,
  };
}
