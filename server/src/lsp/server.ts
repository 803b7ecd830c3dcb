import {
  CodeActionKind,
  CodeActionTriggerKind,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOf, isConfigName } from '../engine/files';
import { skipReason } from '../engine/lint';
import { DEFAULT_SETTINGS, FIX_ALL_KIND, SETTINGS_SECTION, WORKSPACE_TRUSTED_NOTIFICATION, type InitializationOptions, type Settings } from '../protocol';
import { Analyzer, type Analysis } from './analysis';
import { clientFeatures, registerDynamically, serverCapabilities, type ClientFeatures } from './clientFeatures';
import { computeCodeActions, kindRequested } from './codeActions';
import { crossFileFindingsOf, currentFindings, withCrossFileDiagnostics } from './crossFile';
import { isOurDiagnostic, toDiagnostic } from './diagnostics';
import { cancelled, GenericDockerfile, registerEditorFeatures } from './editorFeatures';
import { IdleMemoryTrim, v8Collector } from './idleMemory';
import { LintPool, Superseded } from './lintPool';
import { DocumentModels, tolerantDocuments } from './models';
import { LintQueue } from './queue';
import { SettingsStore } from './settings';
import { ServiceChecks } from './services';
import { ChartChecks } from './charts';
import { filePathOfUri, lintPathOf, WorkspaceFolders } from './workspace';

declare const PACKAGE_VERSION: string;

/** `serverInfo.name` in the answer to `initialize`. */
const SERVER_NAME = 'go-container-standard';

/** Lint workers for large or slow documents (see LintPool): one per such document being linted at the same time, on a machine that may have two cores. */
export const LINT_WORKERS = 2;

/** Service-level checks wait for a pause after opening or saving; they never run on keystrokes. */
export const SERVICE_CHECK_DELAY_MS = 300;

/** How long a pull from a client without refresh support waits for running service checks. */
export const PULL_WAITS_FOR_SERVICES_MS = 5000;

/** Lets queued messages (edits, cancellations, other documents' requests) run before heavier work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** For notifications whose delivery failure (the client went away) needs no handling. */
function ignore(): void {}

/** V8 sizes old space at several times the live data; a long-running server should not. Read on every heap resize, so setting it here works. */
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
  const generic = new GenericDockerfile();
  const log = (message: string) => connection.console.log(message);
  const pool = new LintPool(LINT_WORKERS, log);
  const idleTrim = new IdleMemoryTrim(v8Collector());
  const analyzer = new Analyzer(folders, pool, log, (message) => connection.window.showWarningMessage(message));
  let settings = new SettingsStore(undefined, DEFAULT_SETTINGS);
  /** Until `initialize`: what a client that declares nothing gets. */
  let features: ClientFeatures = clientFeatures();
  /** Settings last seen per document, for the service checks (which run outside any request). */
  const lastSettings = new Map<string, Settings>();
  /** Closed files we published service findings for. */
  const publishedClosed = new Set<string>();

  const openDocumentAt = (absPath: string) => documents.all().find((d) => filePathOfUri(d.uri) === absPath);
  const services = new ServiceChecks({
    folders: () => folders.all(),
    openText: (absPath) => openDocumentAt(absPath)?.getText(),
    configFor: (absPath) => {
      const open = openDocumentAt(absPath);
      const known = (open && lastSettings.get(open.uri)) ?? [...lastSettings.values()].pop() ?? features.initialSettings;
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
        if (features.pullDiagnostics) refresh = true;
        else queue.schedule(open.uri, 0);
      } else publishClosed(file);
    }
    if (refresh) refreshDiagnostics();
  }

  /** Asks a client that pulls diagnostics to pull again: its results are stale though its documents did not change. */
  function refreshDiagnostics(): void {
    if (features.refreshSupport) connection.languages.diagnostics.refresh().catch((e) => log(`Diagnostics refresh failed: ${(e as Error).message}`));
  }

  /** Helm charts run helm: only once the client says the workspace is trusted (VS Code's workspace trust). */
  let workspaceTrusted = false;
  const charts = new ChartChecks({
    configFor: (absPath) => analyzer.configFor(absPath, [...lastSettings.values()].pop() ?? features.initialSettings),
    helmPathSetting: async (absPath) => {
      const open = openDocumentAt(absPath);
      const known = open ? await settingsOf(open.uri).catch(() => undefined) : await settings.get(pathToFileURL(absPath).toString()).catch(() => undefined);
      return (known ?? features.initialSettings).helm.path;
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

  const crossFileOf = (document: TextDocument) => crossFileFindingsOf(services, charts, filePathOfUri(document.uri), document.getText());
  /** Per-file diagnostics plus the cross-file ones attached to this document. */
  const diagnosticsOf = (document: TextDocument, analysis: Analysis, documentSettings: Settings) =>
    documentSettings.enable ? withCrossFileDiagnostics(analysis, crossFileOf(document), document.version) : analysis.diagnostics;

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
    features = clientFeatures(params.capabilities, params.initializationOptions as InitializationOptions | undefined);
    workspaceTrusted = features.workspaceTrusted;
    settings = new SettingsStore(
      features.pullsSettings ? (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }) : undefined,
      features.initialSettings,
      {
        log,
        // The document was linted with the start-up settings while the client kept it waiting.
        lateAnswer: (uri) => {
          analyzer.invalidate(false);
          if (features.pullDiagnostics) refreshDiagnostics();
          else if (documents.get(uri)) queue.schedule(uri, 0);
        },
      },
    );
    folders.set(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
    generic.setCapabilities(features.genericCapabilities);
    return {
      capabilities: serverCapabilities(features),
      serverInfo: { name: SERVER_NAME, version: typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev' },
    };
  });

  connection.onInitialized(() => {
    registerDynamically(connection, features, log);
    if (features.workspaceFolderEvents) {
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
    if (features.pullDiagnostics) {
      refreshDiagnostics();
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
      return p ? [{ path: p, created: c.type === FileChangeType.Created, deleted: c.type === FileChangeType.Deleted }] : [];
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
    if (features.refreshSupport) return;
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
    if (features.pullDiagnostics) return;
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
    if (!features.pullDiagnostics) connection.sendDiagnostics({ uri, diagnostics: [] }).catch(ignore);
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
        return analysis && currentFindings(analysis, crossFileOf(document));
      },
      openVersion: (uri) => documents.get(uri)?.version ?? null,
      canCreateFiles: features.canCreateFiles,
      clientCommands: features.clientCommands,
      fixAll: () => fixed,
      scopeFix,
    });
  });

  registerEditorFeatures(connection, {
    features: () => features,
    generic,
    models,
    prepare,
    kindOf,
    lintPathOf: (document) => lintPathOf(document.uri, document.languageId, folders),
    configFor: (filePath, documentSettings) => analyzer.configFor(filePath, documentSettings),
    analyze: (document, documentSettings) => analyzer.analyze(document, documentSettings),
    crossFileFindings: (document) => crossFileOf(document).findings,
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
