import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { KNOWN_RULE_IDS } from '../engine/lint';
import { ConfigResolver, isIgnoredByConfig, type ResolvedConfig } from '../engine/config';
import { closest } from '../engine/config-schema';
import type { FileKind } from '../engine/files';
import type { Finding, Position, SeveritySetting } from '../engine/types';
import type { ScopeFixResult } from '../engine/scopeFix';
import { INLINE_FIXES_LIMIT, type Settings } from '../protocol';
import { engineFinding } from '../engine/diagnostics';
import { toDiagnostic } from './diagnostics';
import type { LintOutcome } from './lintJob';
import { Superseded, type LintPool } from './lintPool';
import { syntaxDiagnosticsEnabled } from './settings';
import { lintPathOf, type WorkspaceFolders } from './workspace';

/** The result of linting one version of one document with one generation of settings and config. */
export interface Analysis {
  uri: string;
  version: number;
  generation: number;
  kind: FileKind | undefined;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Identifies this result for pull diagnostics (`previousResultId`). */
  resultId: string;
}

/**
 * Lints documents with the engine (in the lint pool) and remembers the latest result per
 * document, so each version is linted once however many requests (diagnostics, code actions,
 * hover) ask for it.
 */
export class Analyzer {
  private readonly resolvers = new Map<string, ConfigResolver>();
  private readonly results = new Map<string, Analysis>();
  private readonly inFlight = new Map<string, { version: number; generation: number; promise: Promise<Analysis> }>();
  private readonly reported = new Set<string>();
  /** Bumped when settings or config files change: every cached result becomes stale. */
  generation = 0;

  constructor(
    private readonly folders: WorkspaceFolders,
    private readonly pool: LintPool,
    private readonly log: (message: string) => void,
    private readonly warnUser: (message: string) => void,
  ) {}

  /** Config files changed on disk, or settings changed. */
  invalidate(configFilesChanged: boolean): void {
    if (configFilesChanged) for (const r of this.resolvers.values()) r.clear();
    this.reported.clear();
    this.generation++;
  }

  forget(uri: string): void {
    this.results.delete(uri);
    if (this.inFlight.delete(uri)) this.pool.supersede(uri);
    this.pool.forget(uri);
  }

  /** The cached result when it is for this version and generation. */
  cached(document: TextDocument): Analysis | undefined {
    const hit = this.results.get(document.uri);
    return hit && hit.version === document.version && hit.generation === this.generation ? hit : undefined;
  }

  /**
   * The analysis of this version, linting it unless it is cached or already being linted. Rejects
   * with `Superseded` when a newer version's analysis replaced this one before it ran.
   */
  analyze(document: TextDocument, settings: Settings): Promise<Analysis> {
    const hit = this.cached(document);
    if (hit) return Promise.resolve(hit);
    const generation = this.generation;
    const running = this.inFlight.get(document.uri);
    if (running && running.version === document.version && running.generation === generation) return running.promise;
    if (running) this.pool.supersede(document.uri);
    const promise = this.compute(document, settings, generation).finally(() => {
      if (this.inFlight.get(document.uri)?.promise === promise) this.inFlight.delete(document.uri);
    });
    this.inFlight.set(document.uri, { version: document.version, generation, promise });
    return promise;
  }

  private async compute(document: TextDocument, settings: Settings, generation: number): Promise<Analysis> {
    const analysis: Analysis = {
      uri: document.uri,
      version: document.version,
      generation,
      kind: undefined,
      findings: [],
      diagnostics: [],
      resultId: `${generation}:${document.version}`,
    };
    if (settings.enable) {
      let outcome: LintOutcome;
      try {
        outcome = await this.lint(document, settings);
      } catch (e) {
        if (e instanceof Superseded) throw e;
        outcome = crashed(document.uri, e as Error);
      }
      analysis.kind = outcome.kind;
      analysis.findings = outcome.findings;
      const inlineFixes = outcome.findings.length <= INLINE_FIXES_LIMIT;
      analysis.diagnostics = [...outcome.findings.map((f) => toDiagnostic(f, document.version, inlineFixes)), ...outcome.syntax];
    }
    // A result for a generation that changed meanwhile is still the best there is until the next one.
    const previous = this.results.get(document.uri);
    if (!previous || previous.version <= analysis.version) this.results.set(document.uri, analysis);
    return analysis;
  }

  private async lint(document: TextDocument, settings: Settings): Promise<LintOutcome> {
    const filePath = lintPathOf(document.uri, document.languageId, this.folders);
    const config = this.configFor(filePath, settings);
    if (isIgnoredByConfig(filePath, config)) return { kind: undefined, findings: [], syntax: [] };
    const job = { type: 'lint' as const, filePath, text: document.getText(), config, languageId: document.languageId, syntax: syntaxDiagnosticsEnabled(settings) };
    return (await this.pool.run(job, document.uri)) as LintOutcome;
  }

  /** Fix-all for the document's current text (unsafe fixes only when the settings opt in): the fixed text, or undefined when nothing changes. */
  async fixAll(document: TextDocument, settings: Settings): Promise<string | undefined> {
    if (!settings.enable) return undefined;
    const filePath = lintPathOf(document.uri, document.languageId, this.folders);
    const config = this.configFor(filePath, settings);
    if (isIgnoredByConfig(filePath, config)) return undefined;
    const job = { type: 'fixAll' as const, filePath, text: document.getText(), config, languageId: document.languageId, unsafeFixes: settings.fixAll.unsafeFixes };
    return (await this.pool.run(job, undefined, document.uri)) as string | undefined;
  }

  /** The safe fixes of the container or compose service at `position`, applied to the current text. */
  async fixScope(document: TextDocument, settings: Settings, position: Position): Promise<ScopeFixResult | undefined> {
    if (!settings.enable) return undefined;
    const filePath = lintPathOf(document.uri, document.languageId, this.folders);
    const config = this.configFor(filePath, settings);
    if (isIgnoredByConfig(filePath, config)) return undefined;
    const job = { type: 'fixScope' as const, filePath, text: document.getText(), config, languageId: document.languageId, position };
    return (await this.pool.run(job, undefined, document.uri)) as ScopeFixResult | undefined;
  }

  /** The repository config for a file, with the editor's `rules` setting laid over it. */
  configFor(filePath: string, settings: Settings): ResolvedConfig {
    const explicit = settings.configFile.trim() ? path.resolve(this.folders.folderOf(filePath), settings.configFile.trim()) : '';
    let resolver = this.resolvers.get(explicit);
    if (!resolver) {
      resolver = new ConfigResolver(KNOWN_RULE_IDS, explicit || undefined);
      this.resolvers.set(explicit, resolver);
    }
    const config = resolver.forFile(filePath);
    for (const problem of config.problems) {
      this.once(`${problem.file}:${problem.message}`, () => this.log(`${problem.file}:${problem.range.start.line + 1}: ${problem.message}`));
    }
    if (explicit && !fs.existsSync(explicit)) {
      this.once(`missing:${explicit}`, () =>
        this.warnUser(`Go Container Standard: the config file '${explicit}' set in goContainerStandard.configFile does not exist; the defaults are used.`),
      );
    }
    const editorRules = this.editorRules(settings.rules);
    if (Object.keys(editorRules).length === 0) return config;
    return { ...config, rules: { ...config.rules, ...editorRules } };
  }

  private editorRules(rules: Record<string, SeveritySetting>): Record<string, SeveritySetting> {
    const out: Record<string, SeveritySetting> = {};
    for (const [id, severity] of Object.entries(rules)) {
      if (KNOWN_RULE_IDS.has(id)) out[id] = severity;
      else {
        // A typo silently ignored looks like a rule that does not work: say so where it is seen.
        const near = closest(id, [...KNOWN_RULE_IDS]);
        this.once(`setting:${id}`, () => this.warnUser(`Go Container Standard: the setting goContainerStandard.rules names an unknown rule id '${id}'${near ? ` (did you mean '${near}'?)` : ''}; it is ignored.`));
      }
    }
    return out;
  }

  private once(key: string, action: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    action();
  }
}

/** A lint that killed its worker (out of memory, a crash): the document says so instead of staying silent. */
function crashed(uri: string, error: Error): LintOutcome {
  const reason = String(error?.message ?? error).split('\n')[0];
  return {
    kind: undefined,
    syntax: [],
    findings: [engineFinding('internal-error', uri, `The linter stopped on this file (${reason}), so it was not checked. Simplify the file or report this.`)],
  };
}
