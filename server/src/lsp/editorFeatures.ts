import {
  CompletionTriggerKind,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  type CancellationToken,
  type CompletionItem,
  type Connection,
  type Hover,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import type { FileKind } from '../engine/files';
import { withoutSuperseded } from '../engine/overlaps';
import type { ResolvedConfig } from '../engine/config';
import type { Finding } from '../engine/types';
import type { Settings } from '../protocol';
import type { Analysis } from './analysis';
import type { ClientFeatures, GenericDockerfileCapabilities } from './clientFeatures';
import { isOwnItem } from './completion';
import { dockerfileCompletions } from './dockerfileCompletion';
import { dockerfileSymbols } from './dockerfileFeatures';
import { dockerfileImageHover, ruleHover, yamlImageHover, type HoverPart } from './hover';
import type { DocumentModels } from './models';
import { filePathOfUri } from './workspace';
import { workspaceDockerfileItems } from './workspaceDockerfile';
import { yamlCompletions, yamlDocumentKind } from './yamlCompletion';

export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** dockerfile-language-service, loaded when a generic Dockerfile feature is first asked for. */
export class GenericDockerfile {
  private service: DockerfileLanguageService | undefined;
  private capabilities: GenericDockerfileCapabilities | undefined;

  get(): DockerfileLanguageService {
    if (!this.service) {
      this.service = (require('dockerfile-language-service') as typeof import('dockerfile-language-service')).DockerfileLanguageServiceFactory.createLanguageService();
      if (this.capabilities) this.service.setCapabilities(this.capabilities);
    }
    return this.service;
  }

  setCapabilities(capabilities: GenericDockerfileCapabilities): void {
    this.capabilities = capabilities;
    this.service?.setCapabilities(capabilities);
  }
}

/** What the editor features need from the server: its documents, models and findings. */
export interface EditorFeatureContext {
  features(): ClientFeatures;
  generic: GenericDockerfile;
  models: DocumentModels;
  /** The open document and its settings, unless cancelled; undefined for documents the engine skips. */
  prepare(uri: string, token: CancellationToken): Promise<{ document: TextDocument; settings: Settings } | undefined>;
  kindOf(document: TextDocument): FileKind | undefined;
  /** The path the engine lints the document under, and the config that applies there. */
  lintPathOf(document: TextDocument): string;
  configFor(filePath: string, settings: Settings): ResolvedConfig;
  analyze(document: TextDocument, settings: Settings): Promise<Analysis>;
  /** Cross-file findings (service rules, Helm charts) attached to the document. */
  crossFileFindings(document: TextDocument): Finding[];
}

/** Completion, hover, outline, folding and formatting: our own items first, dockerfile-language-service's for the rest. */
export function registerEditorFeatures(connection: Connection, ctx: EditorFeatureContext): void {
  const { models, generic } = ctx;

  connection.onCompletion(async (params, token) => {
    const ready = await ctx.prepare(params.textDocument.uri, token);
    if (!ready || !ready.settings.enable) return null;
    const { document } = ready;
    const client = ctx.features().completion;
    const kind = ctx.kindOf(document);
    const filePath = ctx.lintPathOf(document);
    const config = ctx.configFor(filePath, ready.settings);
    const index = models.index(document);
    let items: CompletionItem[] = [];
    if (kind === 'dockerfile') {
      items = dockerfileCompletions(index, params.position, models.dockerfile(document), config, client);
      // A multi-line plain-text insertion breaks clients without snippets (NUL bytes in Neovim 0.7).
      if (client.snippets) items.push(...workspaceDockerfileItems(filePathOfUri(document.uri), index, params.position, models.dockerfile(document), client));
      if (!ready.settings.dockerExtensionActive) {
        const genericItems = await Promise.resolve(generic.get().computeCompletionItems(models.text(document), params.position));
        if (token.isCancellationRequested) throw cancelled();
        const labels = new Set(items.map((i) => i.label));
        // Ours sort first ("0…"); editors sort by sortText, falling back to the label.
        items.push(...genericItems.filter((i) => !labels.has(i.label)).map((i) => ({ ...i, sortText: `1${i.sortText ?? i.label}` })));
      }
    } else if (kind === 'yaml') {
      // Typing a space in YAML is indentation, not a request for keys.
      if (params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter) return null;
      const yamlKind = yamlDocumentKind(models.text(document), filePath, document.languageId);
      items = yamlCompletions(index, params.position, yamlKind, config, client);
    }
    return { isIncomplete: false, items };
  });

  connection.onCompletionResolve((item) => (isOwnItem(item) ? item : generic.get().resolveCompletionItem(item)));

  connection.onHover(async (params, token): Promise<Hover | null> => {
    const ready = await ctx.prepare(params.textDocument.uri, token);
    if (!ready || !ready.settings.enable) return null;
    const { document } = ready;
    // What the image under the cursor is comes first, then the findings there.
    const parts: HoverPart[] = [];
    const analysis = await ctx.analyze(document, ready.settings).catch(() => undefined);
    if (token.isCancellationRequested) throw cancelled();
    const crossFile = ctx.crossFileFindings(document);
    const findingParts = ruleHover([...withoutSuperseded(analysis?.findings ?? [], crossFile), ...crossFile], params.position);
    const kind = ctx.kindOf(document);
    if (kind === 'dockerfile') {
      const model = models.dockerfile(document);
      const image = model && dockerfileImageHover(model, params.position);
      if (image) parts.push(image, ...findingParts);
      else {
        parts.push(...findingParts);
        // The instruction's reference documentation only when no finding is there to read.
        const genericHover = ready.settings.dockerExtensionActive || findingParts.length ? null : generic.get().computeHover(models.text(document), params.position);
        const value = genericHover ? hoverText(genericHover.contents) : '';
        if (value) parts.push({ markdown: value, range: genericHover?.range });
      }
    } else if (kind === 'yaml') {
      const image = yamlImageHover(models.index(document), params.position);
      if (image) parts.push(image);
      parts.push(...findingParts);
    } else parts.push(...findingParts);
    if (parts.length === 0) return null;
    const value = parts.map((p) => p.markdown).join('\n\n---\n\n');
    return { contents: { kind: ctx.features().hoverMarkdown ? MarkupKind.Markdown : MarkupKind.PlainText, value }, range: parts.find((p) => p.range)?.range };
  });

  connection.onDocumentSymbol(async (params, token) => {
    const ready = await ctx.prepare(params.textDocument.uri, token);
    if (!ready || ctx.kindOf(ready.document) !== 'dockerfile') return null;
    if (ctx.features().hierarchicalSymbols) {
      const model = models.dockerfile(ready.document);
      return model ? dockerfileSymbols(model) : null;
    }
    return generic.get().computeSymbols(params.textDocument, models.text(ready.document));
  });

  /** The open Dockerfile, for generic features a Docker extension does not already provide. */
  const genericDockerfileText = async (uri: string, token: CancellationToken): Promise<string | undefined> => {
    const ready = await ctx.prepare(uri, token);
    if (!ready || ctx.kindOf(ready.document) !== 'dockerfile' || ready.settings.dockerExtensionActive) return undefined;
    return models.text(ready.document);
  };

  connection.onFoldingRanges(async (params, token) => {
    const text = await genericDockerfileText(params.textDocument.uri, token);
    return text === undefined ? null : generic.get().computeFoldingRanges(text);
  });

  connection.onDocumentFormatting(async (params, token) => {
    const text = await genericDockerfileText(params.textDocument.uri, token);
    return text === undefined ? null : generic.get().format(text, params.options);
  });

  connection.onDocumentRangeFormatting(async (params, token) => {
    const text = await genericDockerfileText(params.textDocument.uri, token);
    return text === undefined ? null : generic.get().formatRange(text, params.range, params.options);
  });
}

function hoverText(contents: Hover['contents']): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : `\`\`\`${c.language}\n${c.value}\n\`\`\``)).join('\n\n');
  return contents.value;
}
