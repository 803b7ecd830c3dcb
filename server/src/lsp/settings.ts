import type { SeveritySetting } from '../engine/types';
import { DEFAULT_SETTINGS, type Settings, type SyntaxDiagnosticsSetting, type TraceSetting } from '../protocol';

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'info', 'off']);

/** Turns whatever the client sent into complete settings; unknown or mistyped values fall back to defaults. */
export function normalizeSettings(raw: unknown, fallback: Settings = DEFAULT_SETTINGS): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
    for (const [id, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.has(value as SeveritySetting)) rules[id] = value as SeveritySetting;
    }
  } else {
    Object.assign(rules, fallback.rules);
  }
  const syntax = r.syntaxDiagnostics;
  const trace = (r.trace as { server?: unknown } | undefined)?.server;
  const unsafeFixes = (r.fixAll as { unsafeFixes?: unknown } | undefined)?.unsafeFixes;
  const dockerExtensionActive = typeof r.dockerExtensionActive === 'boolean' ? r.dockerExtensionActive : fallback.dockerExtensionActive;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : fallback.enable,
    rules,
    syntaxDiagnostics: syntax === 'auto' || syntax === 'on' || syntax === 'off' ? (syntax as SyntaxDiagnosticsSetting) : fallback.syntaxDiagnostics,
    configFile: typeof r.configFile === 'string' ? r.configFile : fallback.configFile,
    trace: { server: trace === 'off' || trace === 'messages' || trace === 'verbose' ? (trace as TraceSetting) : fallback.trace.server },
    helm: { path: typeof (r.helm as { path?: unknown } | undefined)?.path === 'string' ? ((r.helm as { path: string }).path) : (fallback.helm?.path ?? '') },
    fixAll: { unsafeFixes: typeof unsafeFixes === 'boolean' ? unsafeFixes : fallback.fixAll.unsafeFixes },
    ...(dockerExtensionActive !== undefined ? { dockerExtensionActive } : {}),
  };
}

export function syntaxDiagnosticsEnabled(settings: Settings): boolean {
  if (settings.syntaxDiagnostics === 'on') return true;
  if (settings.syntaxDiagnostics === 'off') return false;
  return !settings.dockerExtensionActive;
}

/**
 * How long a lint waits for the client to answer `workspace/configuration` before it goes on with
 * the settings it has (initializationOptions or the last pushed ones). A client may declare the
 * capability and answer late, or never: the first lint of every document must not hang on it.
 */
export const SETTINGS_PULL_TIMEOUT_MS = 3000;

export interface SettingsStoreOptions {
  timeoutMs?: number;
  /** A document's settings arrived after the lint went ahead without them, and they differ: lint it again. */
  lateAnswer?: (uri: string) => void;
  log?: (message: string) => void;
}

/**
 * Settings per document, pulled from the client (`workspace/configuration` with the document as
 * scope) when it can answer, cached until the next `didChangeConfiguration`.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Bumped on every change, so results computed with older settings are recognisably stale. */
  generation = 0;
  /** The client let a pull time out and has not answered one since: later pulls do not wait for it. */
  private unresponsive = false;

  constructor(
    private readonly pull: ((uri: string) => Promise<unknown>) | undefined,
    /** Settings from initializationOptions or pushed with didChangeConfiguration (clients without pull). */
    private global: Settings,
    private readonly options: SettingsStoreOptions = {},
  ) {}

  get(uri: string): Promise<Settings> {
    let entry = this.cache.get(uri);
    if (!entry) {
      entry = this.pull ? this.pulled(uri, this.pull, this.global) : Promise.resolve(this.global);
      this.cache.set(uri, entry);
    }
    return entry;
  }

  /** A configuration change: forget everything; `pushed` replaces the global settings when the client sent them. */
  changed(pushed?: unknown): void {
    if (pushed && typeof pushed === 'object') this.global = normalizeSettings(pushed, this.global);
    this.cache.clear();
    this.generation++;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** The client's answer, or `base` when it has not answered in time (the answer, when it comes, replaces it). */
  private pulled(uri: string, pull: (uri: string) => Promise<unknown>, base: Settings): Promise<Settings> {
    const answer = pull(uri).then(
      (raw) => normalizeSettings(raw ?? {}, base),
      () => base,
    );
    void answer.then(() => (this.unresponsive = false));
    const timeoutMs = this.options.timeoutMs ?? SETTINGS_PULL_TIMEOUT_MS;
    let entry!: Promise<Settings>;
    const late = () => {
      const generation = this.generation;
      void answer.then((settings) => {
        // Still the entry for this document and no configuration change since: the answer replaces the stand-in.
        if (this.generation !== generation || this.cache.get(uri) !== entry) return;
        this.cache.set(uri, Promise.resolve(settings));
        if (JSON.stringify(settings) !== JSON.stringify(base)) this.options.lateAnswer?.(uri);
      });
    };
    entry = new Promise<Settings>((resolve) => {
      if (this.unresponsive) {
        resolve(base);
        late();
        return;
      }
      // An answer clears the timer in the same microtask checkpoint that settles it, so a timer that fires had none.
      const timer = setTimeout(() => {
        this.unresponsive = true;
        this.options.log?.(`The client did not answer workspace/configuration for ${uri} within ${timeoutMs} ms: linting with the start-up (or last pushed) settings until it answers.`);
        resolve(base);
        late();
      }, timeoutMs);
      void answer.then((settings) => {
        clearTimeout(timer);
        resolve(settings);
      });
    });
    return entry;
  }
}
