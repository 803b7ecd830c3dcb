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
  const dockerExtensionActive = typeof r.dockerExtensionActive === 'boolean' ? r.dockerExtensionActive : fallback.dockerExtensionActive;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : fallback.enable,
    rules,
    syntaxDiagnostics: syntax === 'auto' || syntax === 'on' || syntax === 'off' ? (syntax as SyntaxDiagnosticsSetting) : fallback.syntaxDiagnostics,
    configFile: typeof r.configFile === 'string' ? r.configFile : fallback.configFile,
    trace: { server: trace === 'off' || trace === 'messages' || trace === 'verbose' ? (trace as TraceSetting) : fallback.trace.server },
    ...(dockerExtensionActive !== undefined ? { dockerExtensionActive } : {}),
  };
}

export function syntaxDiagnosticsEnabled(settings: Settings): boolean {
  if (settings.syntaxDiagnostics === 'on') return true;
  if (settings.syntaxDiagnostics === 'off') return false;
  return !settings.dockerExtensionActive;
}

/**
 * Settings per document, pulled from the client (`workspace/configuration` with the document as
 * scope) when it can answer, cached until the next `didChangeConfiguration`.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Bumped on every change, so results computed with older settings are recognisably stale. */
  generation = 0;

  constructor(
    private readonly pull: ((uri: string) => Promise<unknown>) | undefined,
    /** Settings from initializationOptions or pushed with didChangeConfiguration (clients without pull). */
    private global: Settings,
  ) {}

  get(uri: string): Promise<Settings> {
    let entry = this.cache.get(uri);
    if (!entry) {
      const pull = this.pull;
      const base = this.global;
      entry = pull
        ? pull(uri).then(
            (raw) => normalizeSettings(raw ?? {}, base),
            () => base,
          )
        : Promise.resolve(base);
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
}
