import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  FoldingRangeRequest,
  InsertTextMode,
  MarkupKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import { CONFIG_FILES_GLOB, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, SERVICE_FILES_GLOB, SETTINGS_SECTION, type InitializationOptions, type Settings } from '../protocol';
import type { CompletionClient } from './completion';
import { normalizeSettings } from './settings';

/** Generic Dockerfile features registered for Dockerfiles only, when the client registers dynamically. */
export type DynamicDockerfileFeature = 'folding' | 'formatting' | 'rangeFormatting';

export type GenericDockerfileCapabilities = Parameters<DockerfileLanguageService['setCapabilities']>[0];

/** What the client can do and asked for, read once from `initialize`: the server's behaviour per client. */
export interface ClientFeatures {
  /** Settings from `initializationOptions`, until the client answers `workspace/configuration`. */
  initialSettings: Settings;
  workspaceTrusted: boolean;
  /** The client answers `workspace/configuration` (settings per document). */
  pullsSettings: boolean;
  /** The server may ask the client to pull diagnostics again (`workspace/diagnostic/refresh`). */
  refreshSupport: boolean;
  /** Diagnostics are pulled (`textDocument/diagnostic`), not pushed. */
  pullDiagnostics: boolean;
  completion: CompletionClient;
  hoverMarkdown: boolean;
  hierarchicalSymbols: boolean;
  /** Capabilities handed to dockerfile-language-service, so its items and hovers suit the client. */
  genericCapabilities: GenericDockerfileCapabilities;
  /** Generic Dockerfile features to register with a Dockerfile selector after `initialized`. */
  dynamicDockerfileFeatures: DynamicDockerfileFeature[];
  registerConfigurationChange: boolean;
  registerWatchedFiles: boolean;
  workspaceFolderEvents: boolean;
  /** The client applies CreateFile operations in workspace edits (service-level fixes create files). */
  canCreateFiles: boolean;
  /** Commands the client runs itself (InitializationOptions.clientCommands). */
  clientCommands: ReadonlySet<string>;
}

/** True when a list the client sent holds the value (a client that sends something else than a list has none). */
const lists = <T>(list: readonly T[] | undefined, value: T) => Array.isArray(list) && list.includes(value);

/** Reads the client's capabilities and initialization options: a pure function of `initialize`, whatever the client sent. */
export function clientFeatures(capabilities?: ClientCapabilities | null, options?: InitializationOptions | null): ClientFeatures {
  const caps: ClientCapabilities = capabilities && typeof capabilities === 'object' ? capabilities : {};
  const initOptions: InitializationOptions = options && typeof options === 'object' ? options : {};
  const initialSettings = normalizeSettings({ ...(initOptions.settings ?? {}), dockerExtensionActive: initOptions.dockerExtensionActive ?? initOptions.settings?.dockerExtensionActive });
  const refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
  const item = caps.textDocument?.completion?.completionItem;
  const completion: CompletionClient = {
    snippets: !!item?.snippetSupport,
    markdown: lists(item?.documentationFormat, MarkupKind.Markdown),
    adjustIndentation: lists(item?.insertTextModeSupport?.valueSet, InsertTextMode.adjustIndentation),
  };
  const hoverFormats = caps.textDocument?.hover?.contentFormat;
  const dynamic = (c: { dynamicRegistration?: boolean } | undefined) => !!c?.dynamicRegistration;
  const dynamicDockerfileFeatures: DynamicDockerfileFeature[] = [];
  if (!initialSettings.dockerExtensionActive) {
    if (dynamic(caps.textDocument?.foldingRange)) dynamicDockerfileFeatures.push('folding');
    if (dynamic(caps.textDocument?.formatting)) dynamicDockerfileFeatures.push('formatting');
    if (dynamic(caps.textDocument?.rangeFormatting)) dynamicDockerfileFeatures.push('rangeFormatting');
  }
  return {
    initialSettings,
    workspaceTrusted: initOptions.workspaceTrusted === true,
    pullsSettings: !!caps.workspace?.configuration,
    refreshSupport,
    // Pull only when the server can ask for a new pull (Neovim 0.10+ pulls but cannot be asked):
    // cross-file findings and settings changes arrive without an edit of the document.
    pullDiagnostics: !!caps.textDocument?.diagnostic && refreshSupport,
    completion,
    hoverMarkdown: !Array.isArray(hoverFormats) || hoverFormats.includes(MarkupKind.Markdown),
    hierarchicalSymbols: !!caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport,
    genericCapabilities: {
      completion: { completionItem: { snippetSupport: completion.snippets, documentationFormat: item?.documentationFormat, deprecatedSupport: item?.deprecatedSupport } },
      hover: { contentFormat: hoverFormats },
      foldingRange: { lineFoldingOnly: caps.textDocument?.foldingRange?.lineFoldingOnly, rangeLimit: caps.textDocument?.foldingRange?.rangeLimit },
    },
    dynamicDockerfileFeatures,
    registerConfigurationChange: dynamic(caps.workspace?.didChangeConfiguration),
    registerWatchedFiles: dynamic(caps.workspace?.didChangeWatchedFiles) && !initOptions.watchesConfigFiles,
    workspaceFolderEvents: !!caps.workspace?.workspaceFolders,
    // Neovim applies CreateFile operations and says so in resourceOperations, without claiming documentChanges.
    canCreateFiles: lists(caps.workspace?.workspaceEdit?.resourceOperations, 'create'),
    clientCommands: new Set(Array.isArray(initOptions.clientCommands) ? initOptions.clientCommands.filter((c) => typeof c === 'string') : []),
  };
}

/**
 * What the server offers this client. Generic Dockerfile features stay out of YAML documents (the
 * YAML extension owns those), through registration with a Dockerfile selector when the client
 * allows it; and out of the way of a Docker extension.
 */
export function serverCapabilities(features: ClientFeatures): ServerCapabilities {
  const capabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    completionProvider: { resolveProvider: true, triggerCharacters: [' ', '=', '-', '$'] },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    documentSymbolProvider: true,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
  if (features.pullDiagnostics) capabilities.diagnosticProvider = { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: false };
  if (!features.initialSettings.dockerExtensionActive) {
    const dynamic = new Set(features.dynamicDockerfileFeatures);
    if (!dynamic.has('folding')) capabilities.foldingRangeProvider = true;
    if (!dynamic.has('formatting')) capabilities.documentFormattingProvider = true;
    if (!dynamic.has('rangeFormatting')) capabilities.documentRangeFormattingProvider = true;
  }
  return capabilities;
}

/** After `initialized`: what the client registers dynamically (settings changes, watched files, Dockerfile-only generic features). */
export function registerDynamically(connection: Connection, features: ClientFeatures, log: (message: string) => void): void {
  const dockerfileSelector = [{ language: 'dockerfile' }];
  const register = (what: Promise<unknown>) => void what.catch((e) => log(`Registration failed: ${(e as Error).message}`));
  if (features.registerConfigurationChange) register(connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }));
  if (features.registerWatchedFiles) {
    register(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_FILES_GLOB }, { globPattern: SERVICE_FILES_GLOB }] }));
  }
  const dynamic = new Set(features.dynamicDockerfileFeatures);
  if (dynamic.has('folding')) register(connection.client.register(FoldingRangeRequest.type, { documentSelector: dockerfileSelector }));
  if (dynamic.has('formatting')) register(connection.client.register(DocumentFormattingRequest.type, { documentSelector: dockerfileSelector }));
  if (dynamic.has('rangeFormatting')) register(connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector: dockerfileSelector }));
}
