import {
  CodeActionKind,
  CodeActionTriggerKind,
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
import { pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import { fileKindOf, isComposeName, isConfigName } from '../engine/files';
import { skipReason } from '../engine/lint';
import type { Finding } from '../engine/types';
import { CONFIG_FILES_GLOB, DEFAULT_SETTINGS, FIX_ALL_KIND, SERVICE_FILES_GLOB, SETTINGS_SECTION, WORKSPACE_TRUSTED_NOTIFICATION, type InitializationOptions, type Settings } from '../protocol';
import { Analyzer, type Analysis } from './analysis';
import { computeCodeActions, kindRequested } from './codeActions';
import { dockerfileCompletions, isOwnItem, yamlCompletions, type CompletionClient } from './completion';
import { isOurDiagnostic, toDiagnostic } from './diagnostics';
import { dockerfileSymbols } from './dockerfileFeatures';
import { dockerfileImageHover, ruleHover, yamlImageHover, type HoverPart } from './hover';
import { IdleMemoryTrim, v8Collector } from './idleMemory';
import { LintPool, Superseded } from './lintPool';
import { DocumentModels, tolerantDocuments } from './models';
import { workspaceDockerfileItems } from './workspaceDockerfile';
import { LintQueue } from './queue';
import { normalizeSettings, SettingsStore } from './settings';
import { ServiceChecks } from './services';
import { ChartChecks } from './charts';
import { filePathOfUri, lintPathOf, WorkspaceFolders } from './workspace';

declare const PACKAGE_VERSION: string;

/** Lint workers for large or slow documents (see LintPool): one per such document being linted at the same time, on a machine that may have two cores. */
export const LINT_WORKERS = 2;

/** Service-level checks wait for a pause after opening or saving; they never run on keystrokes. */
export const SERVICE_CHECK_DELAY_MS = 300;

/** How long a pull from a client without refresh support waits for running service checks. */
export const PULL_WAITS_FOR_SERVICES_MS = 5000;

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** Lets queued messages (edits, cancellations, other documents' requests) run before heavier work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** For notifications whose delivery failure (the client went away) needs no handling. */
function ignore(): void {}

/**
 * V8 sizes old space for throughput, at several times the live data: a server holding ~25 MB of
 * live objects sat at 170 MB after opening the corpus. The flag is read whenever the heap is
 * resized, so it takes effect when set here. (Keeping the young generation small too, with
 * --semi-space-growth-factor=1, saved another ~30 MB but made every lint of a 20 KB Dockerfile
 * promote its syntax tree and tripled GC time: ~4 ms more per keystroke.)
 */
function keepHeapSmall(): void {
  v8.setFlagsFromString('--heap-growing-percent=10');
}

/** Wires the engine to an LSP connection and starts listening. */
export function startLanguageServer(connection: Connection): void {
  keepHeapSmall();
  // One bad document or a client that vanished mid-send must not take the server down.
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  const documents = new TextDocuments(tolerantDocuments);
  const folders = new WorkspaceFolders();
  const models = new DocumentModels();
  let genericDockerfile: DockerfileLanguageService | undefined;
  let genericCapabilities: Parameters<DockerfileLanguageService['setCapabilities']>[0] | undefined;
  /** dockerfile-language-service, loaded when a generic Dockerfile feature is first asked for. */
  const dockerfileService = (): DockerfileLanguageService => {
    if (!genericDockerfile) {
      genericDockerfile = (require('dockerfile-language-service') as typeof import('dockerfile-language-service')).DockerfileLanguageServiceFactory.createLanguageService();
      if (genericCapabilities) genericDockerfile.setCapabilities(genericCapabilities);
    }
    return genericDockerfile;
  };
  const log = (message: string) => connection.console.log(message);
  const pool = new LintPool(LINT_WORKERS, log);
  const idleTrim = new IdleMemoryTrim(v8Collector());
  const analyzer = new Analyzer(folders, pool, log, (message) => connection.window.showWarningMessage(message));
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
  let canCreateFiles = false;
  let clientCommands: ReadonlySet<string> = new Set();
  /** Settings last seen per document, for the service checks (which run outside any request). */
  const lastSettings = new Map<string, Settings>();
  let initialSettings: Settings = DEFAULT_SETTINGS;
  /** Closed files we published service findings for. */
  const publishedClosed = new Set<string>();

  const openDocumentAt = (absPath: string) => documents.all().find((d) => filePathOfUri(d.uri) === absPath);
  const services = new ServiceChecks({
    folders: () => folders.all(),
    openText: (absPath) => openDocumentAt(absPath)?.getText(),
    configFor: (absPath) => {
      const open = openDocumentAt(absPath);
      const known = (open && lastSettings.get(open.uri)) ?? [...lastSettings.values()].pop() ?? initialSettings;
      return analyzer.configFor(absPath, known);
    },
    beforeChecks: async () => {
      await Promise.all(documents.all().map((d) => settingsOf(d.uri).catch(() => undefined)));
    },
    changed: (files) => changedCrossFile(files),
    log,
  });
  /** Cross-file findings (service rules, Helm charts) of these files changed: republish or refresh. */
  function changedCrossFile(files: Set<string>): void {
    let refresh = false;
    for (const file of files) {
      const open = openDocumentAt(file);
      if (open) {
        if (pullDiagnostics) refresh = true;
        else queue.schedule(open.uri, 0);
      } else publishClosed(file);
    }
    if (refresh && refreshSupport) connection.languages.diagnostics.refresh().catch((e) => log(`Diagnostics refresh failed: ${(e as Error).message}`));
  }

  /** Helm charts run helm: only once the client says the workspace is trusted (VS Code's workspace trust). */
  let workspaceTrusted = false;
  const charts = new ChartChecks({
    configFor: (absPath) => analyzer.configFor(absPath, [...lastSettings.values()].pop() ?? initialSettings),
    helmPathSetting: async (absPath) => {
      const open = openDocumentAt(absPath);
      const known = open ? await settingsOf(open.uri).catch(() => undefined) : await settings.get(pathToFileURL(absPath).toString()).catch(() => undefined);
      return (known ?? initialSettings).helm.path;
    },
    trusted: () => workspaceTrusted,
    changed: (files) => changedCrossFile(files),
    log,
  });
  /** Findings attached to a file by checks across files: service rules and Helm charts. */
  const crossFileFindings = (absPath: string) => [...services.findingsFor(absPath), ...charts.findingsFor(absPath)];

  /** Service findings of a file no editor has open: pushed without a version. */
  const publishClosed = (absPath: string) => {
    const uri = pathToFileURL(absPath).toString();
    const findings = crossFileFindings(absPath);
    if (findings.length === 0 && !publishedClosed.has(uri)) return;
    if (findings.length) publishedClosed.add(uri);
    else publishedClosed.delete(uri);
    connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(f, -1)) }).catch(ignore);
  };

  /** A document's service findings, whose fixes count only when they were computed on its current text. */
  const serviceFindings = (document: TextDocument): { findings: Finding[]; fit: boolean } => {
    const absPath = filePathOfUri(document.uri);
    if (!absPath) return { findings: [], fit: false };
    const findings = services.findingsFor(absPath);
    const chartFindings = charts.findingsFor(absPath);
    const fit = findings.length > 0 && services.fixesFit(absPath, document.getText());
    if (chartFindings.length === 0) return { findings, fit };
    return { findings: [...findings, ...chartFindings], fit: (findings.length === 0 || fit) && charts.fixesFit(absPath, document.getText()) };
  };

  /** Per-file diagnostics plus the service-level ones attached to this document. */
  const diagnosticsOf = (document: TextDocument, analysis: Analysis, documentSettings: Settings) => {
    if (!documentSettings.enable) return analysis.diagnostics;
    const { findings, fit } = serviceFindings(document);
    if (findings.length === 0) return analysis.diagnostics;
    return [...analysis.diagnostics, ...findings.map((f) => toDiagnostic(f, fit ? document.version : -1))];
  };

  const settingsOf = async (uri: string): Promise<Settings> => {
    const s = await settings.get(uri);
    if (documents.get(uri)) lastSettings.set(uri, s);
    return s;
  };

  const queue = new LintQueue(
    async (uri) => {
      const document = documents.get(uri);
      if (!document) return;
      const documentSettings = await settingsOf(uri);
      const current = documents.get(uri);
      // A newer version arrived while waiting: its own scheduled lint publishes.
      if (!current || current.version !== document.version) return;
      let analysis: Analysis;
      try {
        analysis = await analyzer.analyze(current, documentSettings);
      } catch (e) {
        if (e instanceof Superseded) return;
        throw e;
      } finally {
        idleTrim.busy();
      }
      // Results arrive in version order per document; one for an older version still beats none while typing goes on.
      if (!documents.get(uri)) return;
      // The analysis may be of an older version (TextDocuments updates `current` in place): label it with the version it is of.
      await connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: diagnosticsOf(current, analysis, documentSettings) });
    },
    (uri, error) => log(`Linting ${uri} failed: ${(error as Error)?.stack ?? String(error)}`),
  );

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps: ClientCapabilities = params.capabilities ?? {};
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const initial = normalizeSettings({ ...(options.settings ?? {}), dockerExtensionActive: options.dockerExtensionActive ?? options.settings?.dockerExtensionActive });
    workspaceTrusted = options.workspaceTrusted === true;
    initialSettings = initial;
    const resourceOperations = caps.workspace?.workspaceEdit?.resourceOperations ?? [];
    // Neovim applies CreateFile operations and says so in resourceOperations, without claiming documentChanges.
    canCreateFiles = resourceOperations.includes('create');
    clientCommands = new Set(options.clientCommands ?? []);
    const canPull = !!caps.workspace?.configuration;
    settings = new SettingsStore(
      canPull ? (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }) : undefined,
      initial,
      {
        log,
        // The document was linted with the start-up settings while the client kept it waiting.
        lateAnswer: (uri) => {
          analyzer.invalidate(false);
          if (pullDiagnostics) {
            if (refreshSupport) connection.languages.diagnostics.refresh().catch((e) => log(`Diagnostics refresh failed: ${(e as Error).message}`));
          } else if (documents.get(uri)) queue.schedule(uri, 0);
        },
      },
    );
    folders.set(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    // Pull only when the server can ask for a new pull (Neovim 0.10+ pulls but cannot be asked):
    // cross-file findings and settings changes arrive without an edit of the document.
    pullDiagnostics = !!caps.textDocument?.diagnostic && refreshSupport;
    const item = caps.textDocument?.completion?.completionItem;
    completionClient = {
      snippets: !!item?.snippetSupport,
      markdown: !!item?.documentationFormat?.includes(MarkupKind.Markdown),
      adjustIndentation: !!item?.insertTextModeSupport?.valueSet?.includes(2),
    };
    const hoverFormats = caps.textDocument?.hover?.contentFormat;
    hoverMarkdown = !hoverFormats || hoverFormats.includes(MarkupKind.Markdown);
    hierarchicalSymbols = !!caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
    genericCapabilities = {
      completion: { completionItem: { snippetSupport: completionClient.snippets, documentationFormat: item?.documentationFormat, deprecatedSupport: item?.deprecatedSupport } },
      hover: { contentFormat: hoverFormats },
      foldingRange: { lineFoldingOnly: caps.textDocument?.foldingRange?.lineFoldingOnly, rangeLimit: caps.textDocument?.foldingRange?.rangeLimit },
    };
    genericDockerfile?.setCapabilities(genericCapabilities);
    registerConfigurationChange = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    workspaceFolderEvents = !!caps.workspace?.workspaceFolders;
    registerWatchedFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration && !options.watchesConfigFiles;

    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
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
    const register = (what: Promise<unknown>) => void what.catch((e) => log(`Registration failed: ${(e as Error).message}`));
    if (registerConfigurationChange) register(connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }));
    if (registerWatchedFiles) {
      register(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_FILES_GLOB }, { globPattern: SERVICE_FILES_GLOB }] }));
    }
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

  const recheckServices = () => {
    lastSettings.clear();
    services.recheckAll(SERVICE_CHECK_DELAY_MS);
    charts.recheckAll(SERVICE_CHECK_DELAY_MS);
  };
  connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    workspaceTrusted = true;
    charts.recheckAll(0);
  });

  connection.onDidChangeConfiguration((change) => {
    const raw = (change?.settings ?? null) as Record<string, unknown> | null;
    const pushed = raw && typeof raw === 'object' ? (raw[SETTINGS_SECTION] ?? (('enable' in raw || 'rules' in raw) ? raw : undefined)) : undefined;
    settings.changed(pushed);
    relintAll(false);
    recheckServices();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changes = (params?.changes ?? []).flatMap((c) => {
      const p = filePathOfUri(c.uri);
      return p ? [{ path: p, created: c.type === 1, deleted: c.type === 3 }] : [];
    });
    if (changes.some((c) => isConfigName(c.path)) || changes.length === 0) {
      relintAll(true);
      recheckServices();
    }
    const others = changes.filter((c) => !isConfigName(c.path));
    if (others.length) services.filesChanged(others, SERVICE_CHECK_DELAY_MS);
    for (const change of others) charts.scheduleFor(change.path, SERVICE_CHECK_DELAY_MS);
  });

  /** Opened or saved documents whose service checks are not scheduled yet (their settings are being fetched). */
  const schedulingChecks = new Map<string, Promise<unknown>>();
  const scheduleServiceCheck = (uri: string) => {
    const absPath = filePathOfUri(uri);
    if (!absPath) return;
    const scheduling = settingsOf(uri)
      .then(
        (s) => {
          if (!s.enable) return;
          services.scheduleFor(absPath, SERVICE_CHECK_DELAY_MS);
          charts.scheduleFor(absPath, SERVICE_CHECK_DELAY_MS);
        },
        (e) => log(`Settings for ${uri} unavailable: ${(e as Error)?.message ?? e}`),
      )
      .finally(() => {
        if (schedulingChecks.get(uri) === scheduling) schedulingChecks.delete(uri);
      });
    schedulingChecks.set(uri, scheduling);
  };
  /**
   * A client that pulls but cannot be asked to pull again would never see the cross-file findings
   * of a document it pulled before its service checks ended: its pull waits for them (briefly).
   */
  const serviceChecksSettled = async (uri: string): Promise<void> => {
    if (refreshSupport) return;
    const deadline = new Promise((resolve) => setTimeout(resolve, PULL_WAITS_FOR_SERVICES_MS).unref());
    await Promise.race([(async () => {
      await schedulingChecks.get(uri);
      await services.idle();
    })(), deadline]);
  };
  documents.onDidOpen((e) => {
    // Its service findings now travel with the document's own diagnostics.
    if (publishedClosed.delete(e.document.uri)) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(ignore);
    scheduleServiceCheck(e.document.uri);
  });
  documents.onDidSave((e) => scheduleServiceCheck(e.document.uri));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    if (pullDiagnostics) return;
    // No quiet period: edits that arrive while the document is being linted coalesce into one lint of the newest version (LintQueue).
    queue.schedule(uri, 0);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    queue.cancel(uri);
    analyzer.forget(uri);
    models.forget(uri);
    settings.forget(uri);
    lastSettings.delete(uri);
    if (!pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] }).catch(ignore);
    // Its service findings stay visible as those of a closed file.
    const absPath = filePathOfUri(uri);
    if (absPath && crossFileFindings(absPath).length) publishClosed(absPath);
  });

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    if (!documents.get(uri)) return { kind: 'full', items: [] };
    const documentSettings = await settingsOf(uri);
    await serviceChecksSettled(uri);
    await yieldToEventLoop();
    if (token.isCancellationRequested) throw cancelled();
    let document = documents.get(uri);
    let analysis: Analysis | undefined;
    // An edit may supersede the version being linted: answer for the newest one.
    for (let attempt = 0; document && !analysis && attempt < 5; attempt++) {
      try {
        analysis = await analyzer.analyze(document, documentSettings);
      } catch (e) {
        if (!(e instanceof Superseded)) throw e;
        if (token.isCancellationRequested) throw cancelled();
        document = documents.get(uri);
      }
    }
    if (!document || !analysis) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document kept changing', { retriggerRequest: true });
    const resultId = `${analysis.resultId}:${services.stamp}:${charts.stamp}`;
    if (params.previousResultId === resultId) return { kind: 'unchanged', resultId };
    return { kind: 'full', resultId, items: diagnosticsOf(document, analysis, documentSettings) };
  });

  /**
   * The open document and its settings, unless the request was cancelled meanwhile. Documents the
   * engine skips (too large, binary) get no editor features: parsing 6 MB per hover blocks the server.
   */
  const prepare = async (uri: string, token: CancellationToken): Promise<{ document: TextDocument; settings: Settings } | undefined> => {
    if (!documents.get(uri)) return undefined;
    const documentSettings = await settingsOf(uri);
    if (token.isCancellationRequested) throw cancelled();
    const document = documents.get(uri);
    return document && !skipReason(document.getText()) ? { document, settings: documentSettings } : undefined;
  };
  const kindOf = (document: TextDocument) => fileKindOf(lintPathOf(document.uri, document.languageId, folders), document.languageId);

  connection.onCodeAction(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || !ready.settings.enable) return null;
    const { document } = ready;
    // Fix-all lints the document several times (in the lint pool): only when asked for by kind.
    const only = params.context?.only;
    const fixed = only && kindRequested(only, FIX_ALL_KIND) ? await analyzer.fixAll(document, ready.settings) : undefined;
    // The container's fixes lint it several times too: when the user asks (Ctrl+.), not for the light bulb at every cursor move.
    const wantsScopeFix =
      kindRequested(only, CodeActionKind.QuickFix) &&
      params.context.triggerKind !== CodeActionTriggerKind.Automatic &&
      kindOf(document) === 'yaml' &&
      params.context.diagnostics.some(isOurDiagnostic);
    const scopeFix = wantsScopeFix ? await analyzer.fixScope(document, ready.settings, params.range.start) : undefined;
    if (token.isCancellationRequested) throw cancelled();
    if (documents.get(document.uri)?.version !== document.version) return null;
    return computeCodeActions({
      params,
      document,
      text: models.text(document),
      index: models.index(document),
      isDockerfile: kindOf(document) === 'dockerfile',
      dockerfile: () => models.dockerfile(document),
      currentFindings: () => {
        const analysis = analyzer.cached(document);
        if (!analysis) return undefined;
        const service = serviceFindings(document);
        return service.fit ? [...analysis.findings, ...service.findings] : analysis.findings;
      },
      openVersion: (uri) => documents.get(uri)?.version ?? null,
      canCreateFiles,
      clientCommands,
      fixAll: () => fixed,
      scopeFix,
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
      // A multi-line plain-text insertion breaks clients without snippets (NUL bytes in Neovim 0.7).
      if (completionClient.snippets) items.push(...workspaceDockerfileItems(filePathOfUri(document.uri), index, params.position, models.dockerfile(document), completionClient));
      if (!ready.settings.dockerExtensionActive) {
        const generic = await Promise.resolve(dockerfileService().computeCompletionItems(models.text(document), params.position));
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
        composeSnippetsShown: document.languageId === 'dockercompose',
      };
      items = yamlCompletions(index, params.position, yamlKind, config, completionClient);
    }
    return { isIncomplete: false, items };
  });

  connection.onCompletionResolve((item) => (isOwnItem(item) ? item : dockerfileService().resolveCompletionItem(item)));

  connection.onHover(async (params, token): Promise<Hover | null> => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || !ready.settings.enable) return null;
    const { document } = ready;
    // What the image under the cursor is comes first, then the findings there.
    const parts: HoverPart[] = [];
    const analysis = await analyzer.analyze(document, ready.settings).catch(() => undefined);
    if (token.isCancellationRequested) throw cancelled();
    const findingParts = ruleHover([...(analysis?.findings ?? []), ...serviceFindings(document).findings], params.position);
    const kind = kindOf(document);
    if (kind === 'dockerfile') {
      const model = models.dockerfile(document);
      const image = model && dockerfileImageHover(model, params.position);
      if (image) parts.push(image, ...findingParts);
      else {
        parts.push(...findingParts);
        // The instruction's reference documentation only when no finding is there to read.
        const generic = ready.settings.dockerExtensionActive || findingParts.length ? null : dockerfileService().computeHover(models.text(document), params.position);
        const value = generic ? hoverText(generic.contents) : '';
        if (value) parts.push({ markdown: value, range: generic?.range });
      }
    } else if (kind === 'yaml') {
      const image = yamlImageHover(models.index(document), params.position);
      if (image) parts.push(image);
      parts.push(...findingParts);
    } else parts.push(...findingParts);
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
    return dockerfileService().computeSymbols(params.textDocument, models.text(ready.document));
  });

  connection.onFoldingRanges(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || kindOf(ready.document) !== 'dockerfile' || ready.settings.dockerExtensionActive) return null;
    return dockerfileService().computeFoldingRanges(models.text(ready.document));
  });

  connection.onDocumentFormatting(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || kindOf(ready.document) !== 'dockerfile' || ready.settings.dockerExtensionActive) return null;
    return dockerfileService().format(models.text(ready.document), params.options);
  });

  connection.onDocumentRangeFormatting(async (params, token) => {
    const ready = await prepare(params.textDocument.uri, token);
    if (!ready || kindOf(ready.document) !== 'dockerfile' || ready.settings.dockerExtensionActive) return null;
    return dockerfileService().formatRange(models.text(ready.document), params.range, params.options);
  });

  connection.onShutdown(() => {
    queue.cancelAll();
    services.dispose();
    charts.dispose();
    pool.dispose();
    idleTrim.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

function hoverText(contents: Hover['contents']): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : `\`\`\`${c.language}\n${c.value}\n\`\`\``)).join('\n\n');
  return contents.value;
}
