import * as path from 'node:path';
import type { Finding, Fix, Rule, ServiceReport, ServiceRule, Severity } from '../types';
import { isIgnoredByConfig, type ResolvedConfig } from '../config';
import { LineIndex } from '../text';
import { isDockerfileName, isYamlName } from '../files';
import { buildDockerfileModel } from '../dockerfile/model';
import { isSuppressed, PeerIdMap, readSuppressions, yamlExtentAt, type SuppressionTable } from '../suppress';
import { allRules } from '../rules';
import type { ServiceWorkspace } from './discover';
import { goParserLoadError, loadedGoParser, type GoParser } from './go-parser';
import { buildServiceModel, WorkspaceFiles, type FileReader, type ServiceModel } from './model';

export interface ServiceCheckOptions {
  /** Current text of a file (editor buffer or disk); undefined when absent. */
  readFile: FileReader;
  /** The configuration that applies to a file (nearest .container-standard.yaml). */
  configFor: (absPath: string) => ResolvedConfig;
  /** Only these rules (CLI `--rule`). */
  only?: ReadonlySet<string>;
  /** Defaults to the parser `loadGoParser()` loaded; without one (or with null), rules that read Go code do not run. */
  parser?: GoParser | null;
}

/** Rules that need the Go parser; without it they cannot tell a missing handler from an unread one. */
const GO_READING_RULES = new Set(['health-endpoints', 'graceful-shutdown']);

/** The registry's service rules (the registry types every rule as `Rule`). */
export function serviceRules(): ServiceRule<ServiceModel>[] {
  return allRules.filter((r: Rule<unknown>) => r.target === 'service') as unknown as ServiceRule<ServiceModel>[];
}

function goParserOf(options: ServiceCheckOptions): GoParser | undefined {
  return options.parser === null ? undefined : (options.parser ?? loadedGoParser());
}

/** Runs the service rules over every service of the workspace. Findings carry absolute paths. */
export function checkServices(workspace: ServiceWorkspace, options: ServiceCheckOptions): Finding[] {
  const files = new WorkspaceFiles(workspace, options.readFile, options.configFor, goParserOf(options));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const suppressions = new SuppressionCache(options.readFile);
  for (const service of workspace.services) {
    for (const f of checkOneService(service, files, options, suppressions)) {
      const key = `${f.file}\0${f.ruleId}\0${f.range.start.line}:${f.range.start.character}\0${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  }
  return findings;
}

/** Runs the service rules over one service (e.g. the one an edited file belongs to). */
export function checkService(workspace: ServiceWorkspace, goModPath: string, options: ServiceCheckOptions): Finding[] {
  const service = workspace.services.find((s) => s.goMod === path.resolve(goModPath));
  if (!service) return [];
  const files = new WorkspaceFiles(workspace, options.readFile, options.configFor, goParserOf(options));
  return checkOneService(service, files, options, new SuppressionCache(options.readFile));
}

function checkOneService(service: ServiceWorkspace['services'][number], files: WorkspaceFiles, options: ServiceCheckOptions, suppressions: SuppressionCache): Finding[] {
  const findings: Finding[] = [];
  let model: ServiceModel | undefined;
  const internalError = (message: string) =>
    findings.push({ ruleId: 'internal-error', severity: 'error', message, file: service.goMod, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  try {
    model = buildServiceModel(service, files);
  } catch (e) {
    internalError(`The service checks failed on this service (${(e as Error).message}); its cross-file findings are missing. Please report this.`);
    return findings;
  }
  if (!model) return findings;
  const serviceConfig = options.configFor(service.goMod);
  const enabled = serviceRules().filter((rule) => (!options.only || options.only.has(rule.id)) && serviceConfig.rules[rule.id] !== 'off');
  const skippedForParser = model.goAnalysed ? [] : enabled.filter((r) => GO_READING_RULES.has(r.id)).map((r) => r.id);
  if (skippedForParser.length) {
    const reason = goParserLoadError()?.message ?? 'it was not loaded before the check (call prepareServiceChecks() first)';
    internalError(`Go sources of this service were not analysed because the Go parser is unavailable (${reason}); ${skippedForParser.join(' and ')} did not run.`);
  }
  for (const rule of enabled) {
    if (skippedForParser.includes(rule.id)) continue;
    const reports: ServiceReport[] = [];
    try {
      rule.check({ model, config: serviceConfig, report: (r) => reports.push(r) });
    } catch (e) {
      internalError(`Rule '${rule.id}' failed on this service (${(e as Error).message}); its findings are missing, the other rules ran. Please report this.`);
      continue;
    }
    for (const r of reports) {
      const file = path.resolve(r.file);
      const config = file === service.goMod ? serviceConfig : options.configFor(file);
      const configured = config.rules[rule.id];
      if (configured === 'off' || isIgnoredByConfig(file, config)) continue;
      if (suppressions.isSuppressed(file, rule.id, r.range)) continue;
      const severity: Severity = configured ?? r.severity ?? rule.meta.defaultSeverity;
      const fix: Fix | undefined = rule.meta.fixable ? r.fix : undefined;
      findings.push({
        ruleId: rule.id,
        severity,
        message: r.message,
        range: r.range,
        file,
        ...(fix ? { fix } : {}),
        ...(r.action ? { action: r.action } : {}),
      });
    }
  }
  return findings;
}

const peers = new PeerIdMap(allRules);
const knownRuleIds: ReadonlySet<string> = new Set(allRules.map((r) => r.id));

/**
 * The engine's suppression comments in the file a finding attaches to: Dockerfiles and YAML as
 * in the per-file pass; go.mod and Go files with `// container-standard ignore…` (same syntax,
 * Go's comment marker). Other files cannot carry comments the engine reads.
 */
class SuppressionCache {
  private readonly tables = new Map<string, SuppressionTable | null>();

  constructor(private readonly readFile: FileReader) {}

  isSuppressed(file: string, ruleId: string, range: ServiceReport['range']): boolean {
    if (!this.tables.has(file)) this.tables.set(file, this.read(file));
    const table = this.tables.get(file);
    return !!table && isSuppressed(table, ruleId, range);
  }

  private read(file: string): SuppressionTable | null {
    const text = this.readFile(file);
    if (text === undefined) return null;
    if (isDockerfileName(file)) {
      const model = buildDockerfileModel(text);
      const extents = new Map<number, { fromLine: number; toLine: number }>();
      for (const instruction of model.ast.getInstructions()) {
        const r = instruction.getRange();
        extents.set(r.start.line, { fromLine: r.start.line, toLine: r.end.line });
      }
      return readSuppressions(new LineIndex(text), knownRuleIds, peers, (line) => extents.get(line));
    }
    if (isYamlName(file)) {
      const index = new LineIndex(text);
      return readSuppressions(index, knownRuleIds, peers, (line) => yamlExtentAt(index, line), { checkov: 'next' });
    }
    if (file.endsWith('.go') || path.basename(file) === 'go.mod') {
      // `// container-standard …` read as `# container-standard …`; offsets are unchanged.
      const masked = text.replace(/^([ \t]*)\/\/(?=\s*container-standard\b)/gm, '$1# ');
      return readSuppressions(new LineIndex(masked), knownRuleIds, peers, (line) => ({ fromLine: line, toLine: line }));
    }
    return null;
  }
}
