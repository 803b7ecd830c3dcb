import {
  CodeActionKind,
  CompletionTriggerKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  FoldingRangeRequest,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CompletionItem,
  type Connection,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory, type DockerfileLanguageService } from 'dockerfile-language-service';
import { fileKindOf, isComposeName } from '../engine/files';
import { DEFAULT_SETTINGS, FIX_ALL_KIND, SETTINGS_SECTION, type InitializationOptions, type Settings } from '../protocol';
import { Analyzer } from './analysis';
import { computeCodeActions } from './codeActions';
import { dockerfileCompletions, isOwnItem, yamlCompletions, type CompletionClient } from './completion';
import { dockerfileSymbols } from './dockerfileFeatures';
import { dockerfileImageHover, ruleHover, yamlImageHover, type HoverPart } from './hover';
import { DocumentModels } from './models';
import { LintQueue } from './queue';
import { normalizeSettings, SettingsStore } from './settings';
import { lintPathOf, WorkspaceFolders } from './workspace';

declare const PACKAGE_VERSION: string;

/** Quiet period after an edit before linting: long enough to coalesce a burst of keystrokes, short enough to feel instant. */
export const LINT_DEBOUNCE_MS = 30;

const CONFIG_FILE_GLOB = '**/.container-standard.{yaml,yml}';

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** Lets queued messages (edits, cancellations, other documents' requests) run before heavier work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Wires the engine to an LSP connection and starts listening. */
export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const folders = new WorkspaceFolders();
  const models = new DocumentModels();
  const dockerfileService: DockerfileLanguageService = DockerfileLanguageServiceFactory.createLanguageService();
  const log = (message: string) => connection.console.log(message);
  const analyzer = new Analyzer(folders, dockerfileService, log, (message) => void connection.window.showWarningMessage(message));
  let settings = new SettingsStore(undefined, DEFAULT_SETTINGS);
  let pullDiagnostics = false;
  let refreshSupport = false;
  let completionClient: CompletionClient = { snippets: false, markdown: false, adjustIndentation: false };
  let hoverMarkdown = true;
  let hierarchicalSymbols = false;
  const dynamicDockerfileFeatures: string[] = [];
  let registerConfigurationChange = false;
  let registerWatchedFiles = false;
  let workspaceFolderEvents = false;
  const justOpened = new Set<string>();

  const queue = new LintQueue(
    async (uri) => {
      const document = documents.get(uri);
      if (!document) return;
      const documentSettings = await settings.get(uri);
      const current = documents.get(uri);
      // A newer version arrived while waiting: its own scheduled lint publishes.
      if (!current || current.version !== document.version) return;
      const analysis = analyzer.analyze(current, documentSettings);
      await connection.sendDiagnostics({ uri, version: current.version, diagnostics: analysis.diagnostics });
    },
    (uri, error) => log(`Linting ${uri} failed: ${(error as Error)?.stack ?? String(error)}`),
  );

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps: ClientCapabilities = params.capabilities ?? {};
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const initial = normalizeSettings({ ...(options.settings ?? {}), dockerExtensionActive: options.dockerExtensionActive ?? options.settings?.dockerExtensionActive });
    const canPull = !!caps.workspace?.configuration;
    settings = new SettingsStore(
      canPull ? (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }) : undefined,
      initial,
    );
    folders.set(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    const item = caps.textDocument?.completion?.completionItem;
    completionClient = {
      snippets: !!item?.snippetSupport,
      markdown: !!item?.documentationFormat?.includes(MarkupKind.Markdown),
      adjustIndentation: !!item?.insertTextModeSupport?.valueSet?.includes(2),
    };
    const hoverFormats = caps.textDocument?.hover?.contentFormat;
    hoverMarkdown = !hoverFormats || hoverFormats.includes(MarkupKind.Markdown);
    hierarchicalSymbols = !!caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
    dockerfileService.setCapabilities({
      completion: { completionItem: { snippetSupport: completionClient.snippets, documentationFormat: item?.documentationFormat, deprecatedSupport: item?.deprecatedSupport } },
      hover: { contentFormat: hoverFormats },
      foldingRange: { lineFoldingOnly: caps.textDocument?.foldingRange?.lineFoldingOnly, rangeLimit: caps.textDocument?.foldingRange?.rangeLimit },
    });
    registerConfigurationChange = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    workspaceFolderEvents = !!caps.workspace?.workspaceFolders;
    registerWatchedFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration && !options.watchesConfigFiles;

    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { resolveProvider: true, triggerCharacters: [' ', '=', '-', '$'] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      documentSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    if (pullDiagnostics) capabilities.diagnosticProvider = { identifier: 'go-container-standard', interFileDependencies: false, workspaceDiagnostics: false };
    // Generic Dockerfile features stay out of YAML documents (the YAML extension owns those), through
    // registration with a Dockerfile selector when the client allows it; and out of the way of a Docker extension.
    if (!initial.dockerExtensionActive) {
      const dynamic = (c: { dynamicRegistration?: boolean } | undefined) => !!c?.dynamicRegistration;
      if (dynamic(caps.textDocument?.foldingRange)) dynamicDockerfileFeatures.push('folding');
      else capabilities.foldingRangeProvider = true;
      if (dynamic(caps.textDocument?.formatting)) dynamicDockerfileFeatures.push('formatting');
      else capabilities.documentFormattingProvider = true;
      if (dynamic(caps.textDocument?.rangeFormatting)) dynamicDockerfileFeatures.push('rangeFormatting');
      else capabilities.documentRangeFormattingProvider = true;
    }
    return {
      capabilities,
      serverInfo: { name: 'go-container-standard', version: typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev' },
    };
  });

  connection.onInitialized(() => {
    const dockerfileSelector = [{ language: 'dockerfile' }];
    const register = (what: Promise<unknown>) => what.catch((e) => log(`Registration failed: ${(e as Error).message}`));
    if (registerConfigurationChange) register(connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }));
    if (registerWatchedFiles) register(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_FILE_GLOB }] }));
    if (dynamicDockerfileFeatures.includes('folding')) register(connection.client.register(FoldingRangeRequest.type, { documentSelector: dockerfileSelector }));
    if (dynamicDockerfileFeatures.includes('formatting')) register(connection.client.register(DocumentFormattingRequest.type, { documentSelector: dockerfileSelector }));
    if (dynamicDockerfileFeatures.includes('rangeFormatting')) register(connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector: dockerfileSelector }));
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders.remove(e.removed.map((f) => f.uri));
        folders.add(e.added.map((f) => f.uri));
        relintAll(true);
      });
    }
  });

  /** Settings or config files changed: cached results are stale everywhere. */
  const relintAll = (configFilesChanged: boolean) => {
    analyzer.invalidate(configFilesChanged);
    if (pullDiagnostics) {
      if (refreshSupport) connection.languages.diagnostics.refresh().catch((e) => log(`Diagnostics refresh failed: ${(e as Error).message}`));
      return;
    }
    for (const document of documents.all()) queue.schedule(document.uri, 0);
  };

  connection.onDidChangeConfiguration((change) => {
    const raw = (change?.settings ?? null) as Record<string, unknown> | null;
    const pushed = raw && typeof raw === 'object' ? (raw[SETTINGS_SECTION] ?? (('enable' in raw || 'rules' in raw) ? raw : undefined)) : undefined;
    settings.changed(pushed);
    relintAll(false);
  });

  connection.onDidChangeWatchedFiles(() => relintAll(true));

  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    if (pullDiagnostics) return;
    const fresh = justOpened.delete(uri);
    queue.schedule(uri, fresh ? 0 : LINT_DEBOUNCE_MS);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    justOpened.delete(uri);
    queue.cancel(uri);
    analyzer.forget(uri);
    models.forget(uri);
    settings.forget(uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    if (!documents.get(uri)) return { kind: 'full', items: [] };
    const documentSettings = await settings.get(uri);
    await yieldToEventLoop();
    if (token.isCancellationRequested) throw cancelled();
    const document = documents.get(uri);
    if (!document) return { kind: 'full', items: [] };
    const analysis = analyzer.analyze(document, documentSettings);
    if (params.previousResultId === analysis.resultId) return { kind: 'unchanged', resultId: analysis.resultId };
    return { kind: 'full', resultId: analysis.resultId, items: analysis.diagnostics };
  });

  /** The open document and its settings, unless the request was cancelled meanwhile. */
  const prepare = async (uri: string, token: CancellationToken): Promise<{ document: TextDocument; settings: Settings } | undefined> => {
    if (!documents.get(uri)) return undefined;
    const documentSettings = await settings.get(uri);
    if (token.isCancellationRequested) throw cancelled();
    const document = documents.get(uri);
    return document ? { document, settings: documentSettings } : undefined;
  };
  const kindOf = (document: TextDocument) => fileKindOf(lintPathOf(document.uri, document.languageId, folders), document.languageId);

  connection.onCodeAction(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || !ready.settings.enable) return null;
    const { document } = ready;
    return computeCodeActions({
      params,
      document,
      text: models.text(document),
      index: models.index(document),
      isDockerfile: kindOf(document) === 'dockerfile',
      dockerfile: () => models.dockerfile(document),
      analysis: analyzer.cached(document),
      fixAll: () => analyzer.fixAll(document, ready.settings),
    });
  });

  connection.onCompletion(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || !ready.settings.enable) return null;
    const { document } = ready;
    const kind = kindOf(document);
    const filePath = lintPathOf(document.uri, document.languageId, folders);
    const config = analyzer.configFor(filePath, ready.settings);
    const index = models.index(document);
    let items: CompletionItem[] = [];
    if (kind === 'dockerfile') {
      items = dockerfileCompletions(index, params.position, models.dockerfile(document), config, completionClient);
      if (!ready.settings.dockerExtensionActive) {
        const generic = await Promise.resolve(dockerfileService.computeCompletionItems(models.text(document), params.position));
        if (token.isCancellationRequested) throw cancelled();
        const labels = new Set(items.map((i) => i.label));
        // Ours sort first ("0…"); editors sort by sortText, falling back to the label.
        items.push(...generic.filter((i) => !labels.has(i.label)).map((i) => ({ ...i, sortText: `1${i.sortText ?? i.label}` })));
      }
    } else if (kind === 'yaml') {
      // Typing a space in YAML is indentation, not a request for keys.
      if (params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter) return null;
      const text = models.text(document);
      const yamlKind = {
        k8s: /^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text),
        compose: isComposeName(filePath) || document.languageId === 'dockercompose' || /^services\s*:/m.test(text),
      };
      items = yamlCompletions(index, params.position, yamlKind, config, completionClient);
    }
    return { isIncomplete: false, items };
  });

  connection.onCompletionResolve((item) => (isOwnItem(item) ? item : dockerfileService.resolveCompletionItem(item)));

  connection.onHover(async (params, token): Promise<Hover | null> => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || !ready.settings.enable) return null;
    const { document } = ready;
    const parts: HoverPart[] = [];
    const analysis = analyzer.analyze(document, ready.settings);
    parts.push(...ruleHover(analysis.findings, params.position));
    const kind = kindOf(document);
    if (kind === 'dockerfile') {
      const model = models.dockerfile(document);
      const image = model && dockerfileImageHover(model, params.position);
      if (image) parts.push(image);
      else if (!ready.settings.dockerExtensionActive) {
        const generic = dockerfileService.computeHover(models.text(document), params.position);
        const value = generic ? hoverText(generic.contents) : '';
        if (value) parts.push({ markdown: value, range: generic?.range });
      }
    } else if (kind === 'yaml') {
      const image = yamlImageHover(models.index(document), params.position);
      if (image) parts.push(image);
    }
    if (parts.length === 0) return null;
    const value = parts.map((p) => p.markdown).join('\n\n---\n\n');
    return { contents: { kind: hoverMarkdown ? MarkupKind.Markdown : MarkupKind.PlainText, value }, range: parts.find((p) => p.range)?.range };
  });

  connection.onDocumentSymbol(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || kindOf(ready.document) !== 'dockerfile') return null;
    if (hierarchicalSymbols) {
      const model = models.dockerfile(ready.document);
      return model ? dockerfileSymbols(model) : null;
    }
    return dockerfileService.computeSymbols(params.textDocument, models.text(ready.document));
  });

  connection.onFoldingRanges(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || kindOf(ready.document) !== 'dockerfile' || ready.settings.dockerExtensionActive) return null;
    return dockerfileService.computeFoldingRanges(models.text(ready.document));
  });

  connection.onDocumentFormatting(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || kindOf(ready.document) !== 'dockerfile' || ready.settings.dockerExtensionActive) return null;
    return dockerfileService.format(models.text(ready.document), params.options);
  });

  connection.onDocumentRangeFormatting(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || kindOf(ready.document) !== 'dockerfile' || ready.settings.dockerExtensionActive) return null;
    return dockerfileService.formatRange(models.text(ready.document), params.range, params.options);
  });

  connection.onShutdown(() => queue.cancelAll());

  documents.listen(connection);
  connection.listen();
}

function hoverText(contents: Hover['contents']): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : `\`\`\`${c.language}\n${c.value}\n\`\`\``)).join('\n\n');
  return contents.value;
}
