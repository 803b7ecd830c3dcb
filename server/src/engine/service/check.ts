import * as path from 'node:path';
import type { Finding, Range } from '../types';
import { isIgnoredByConfig, type ResolvedConfig } from '../config';
import { LineIndex } from '../text';
import { isDockerfileName, isYamlName } from '../files';
import { buildDockerfileModel } from '../dockerfile/model';
import { isSuppressed, type SuppressionTable } from '../suppress';
import { engineFinding } from '../diagnostics';
import { dockerfileSuppressions, goSuppressions, runRule, yamlSuppressions, type FindingSink } from '../run';
import { rulesFor } from '../rules';
import type { Service, ServiceWorkspace } from './discover';
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

function checkOneService(service: Service, files: WorkspaceFiles, options: ServiceCheckOptions, suppressions: SuppressionCache): Finding[] {
  const findings: Finding[] = [];
  let model: ServiceModel | undefined;
  try {
    model = buildServiceModel(service, files);
  } catch (e) {
    findings.push(engineFinding('internal-error', service.goMod, `The service checks failed on this service (${(e as Error).message}); its cross-file findings are missing. Please report this.`));
    return findings;
  }
  if (!model) return findings;
  const serviceConfig = options.configFor(service.goMod);
  const configOf = (file: string) => (file === service.goMod ? serviceConfig : options.configFor(file));
  const enabled = rulesFor('service').filter((rule) => (!options.only || options.only.has(rule.id)) && serviceConfig.rules[rule.id] !== 'off');
  const skippedForParser = model.goAnalysed ? [] : enabled.filter((r) => GO_READING_RULES.has(r.id)).map((r) => r.id);
  if (skippedForParser.length) {
    const reason = goParserLoadError()?.message ?? 'it was not loaded before the check (call prepareServiceChecks() first)';
    findings.push(engineFinding('internal-error', service.goMod, `Go sources of this service were not analysed because the Go parser is unavailable (${reason}); ${skippedForParser.join(' and ')} did not run.`));
  }
  const sink: FindingSink = {
    file: service.goMod,
    subject: 'service',
    findings,
    setting: (ruleId, file) => configOf(file).rules[ruleId],
    suppressed: (ruleId, file, range) => isIgnoredByConfig(file, configOf(file)) || suppressions.isSuppressed(file, ruleId, range),
  };
  for (const rule of enabled) {
    if (skippedForParser.includes(rule.id)) continue;
    runRule(rule, { model, config: serviceConfig }, sink);
  }
  return findings;
}

/**
 * The engine's suppression comments in the file a finding attaches to: Dockerfiles and YAML as
 * in the per-file pass; go.mod and Go files with `// container-standard ignore…` (same syntax,
 * Go's comment marker). Other files cannot carry comments the engine reads.
 */
class SuppressionCache {
  private readonly tables = new Map<string, SuppressionTable | null>();

  constructor(private readonly readFile: FileReader) {}

  isSuppressed(file: string, ruleId: string, range: Range): boolean {
    if (!this.tables.has(file)) this.tables.set(file, this.read(file));
    const table = this.tables.get(file);
    return !!table && isSuppressed(table, ruleId, range);
  }

  private read(file: string): SuppressionTable | null {
    const text = this.readFile(file);
    if (text === undefined) return null;
    if (isDockerfileName(file)) return dockerfileSuppressions(new LineIndex(text), buildDockerfileModel(text), { buildkit: false });
    if (isYamlName(file)) return yamlSuppressions(new LineIndex(text));
    if (file.endsWith('.go') || path.basename(file) === 'go.mod') return goSuppressions(text);
    return null;
  }
}
