import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import { lintText, KNOWN_RULE_IDS } from '../engine/lint';
import { ConfigResolver, isIgnoredByConfig, parseConfig, type ResolvedConfig } from '../engine/config';
import { ENGINE_DIAGNOSTICS } from '../engine/diagnostics';
import { fixAll } from '../engine/fix';
import type { FileKind } from '../engine/files';
import type { Finding, SeveritySetting } from '../engine/types';
import { INLINE_FIXES_LIMIT, type Settings } from '../protocol';
import { toDiagnostic, toSyntaxDiagnostic } from './diagnostics';
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

export interface AnalyzerLog {
  (message: string): void;
}

/**
 * Lints documents with the engine and remembers the latest result per document, so each
 * version is parsed and linted once however many requests (diagnostics, code actions, hover) ask.
 */
export class Analyzer {
  private readonly resolvers = new Map<string, ConfigResolver>();
  private readonly results = new Map<string, Analysis>();
  private readonly reported = new Set<string>();
  /** Bumped when settings or config files change: every cached result becomes stale. */
  generation = 0;

  constructor(
    private readonly folders: WorkspaceFolders,
    private readonly dockerfileService: DockerfileLanguageService,
    private readonly log: AnalyzerLog,
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
  }

  /** The cached result when it is for this version and generation. */
  cached(document: TextDocument): Analysis | undefined {
    const hit = this.results.get(document.uri);
    return hit && hit.version === document.version && hit.generation === this.generation ? hit : undefined;
  }

  /** The last result for the document, whatever its version (for hover on a just-edited document). */
  latest(uri: string): Analysis | undefined {
    return this.results.get(uri);
  }

  analyze(document: TextDocument, settings: Settings): Analysis {
    const hit = this.cached(document);
    if (hit) return hit;
    const generation = this.generation;
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
      const text = document.getText();
      const { kind, findings } = this.lint(document, text, settings);
      analysis.kind = kind;
      analysis.findings = findings;
      const inlineFixes = findings.length <= INLINE_FIXES_LIMIT;
      analysis.diagnostics = findings.map((f) => toDiagnostic(f, document.version, inlineFixes));
      if (kind === 'dockerfile' && syntaxDiagnosticsEnabled(settings) && !findings.some((f) => f.ruleId === 'file-skipped')) {
        analysis.diagnostics.push(...this.syntaxDiagnostics(text));
      }
    }
    this.results.set(document.uri, analysis);
    return analysis;
  }

  /** Engine findings for a text of this document (also used for the fix-all passes). */
  lint(document: TextDocument, text: string, settings: Settings): { kind: FileKind | undefined; findings: Finding[] } {
    const filePath = lintPathOf(document.uri, document.languageId, this.folders);
    const languageId = document.languageId;
    const config = this.configFor(filePath, settings);
    if (isIgnoredByConfig(filePath, config)) return { kind: undefined, findings: [] };
    const result = lintText({ filePath, text, config, languageId });
    if (result.kind === 'config') return { kind: 'config', findings: this.configProblems(text, filePath) };
    return result;
  }

  /** Fix-all for the document's current text: the fixed text, or undefined when nothing changes. */
  fixAll(document: TextDocument, settings: Settings): string | undefined {
    if (!settings.enable) return undefined;
    const original = document.getText();
    const first = this.cached(document);
    const result = fixAll(original, (text) =>
      text === original && first ? first.findings : this.lint(document, text, settings).findings,
    );
    return result.text === original ? undefined : result.text;
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
      else this.once(`setting:${id}`, () => this.log(`goContainerStandard.rules names an unknown rule id '${id}'; it is ignored.`));
    }
    return out;
  }

  /** An open `.container-standard.yaml` shows its own problems. */
  private configProblems(text: string, filePath: string): Finding[] {
    return parseConfig(text, filePath, KNOWN_RULE_IDS).problems.map((p) => ({
      ruleId: 'config-invalid',
      severity: ENGINE_DIAGNOSTICS['config-invalid'].severity,
      message: p.message,
      range: p.range,
      file: filePath,
    }));
  }

  private syntaxDiagnostics(text: string): Diagnostic[] {
    try {
      return this.dockerfileService.validate(text).map(toSyntaxDiagnostic);
    } catch (e) {
      this.log(`dockerfile-language-service validation failed: ${(e as Error).message}`);
      return [];
    }
  }

  private once(key: string, action: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    action();
  }
}
