import type { Finding, Fix, LintRequest, Range, Report, Rule, Severity, Target } from './types';
import type { ResolvedConfig } from './config';
import { compareCodeUnits, LineIndex } from './text';
import { fileKindOf, looksLikeManifestOrCompose, MAX_FILE_BYTES, type FileKind } from './files';
import { buildDockerfileModel, type DockerfileModel } from './dockerfile/model';
import { buildkitCheckSkips, readSuppressions, isSuppressed, PeerIdMap, yamlExtentAt, type SuppressionTable } from './suppress';
import { ENGINE_DIAGNOSTICS } from './diagnostics';
import { allRules, ruleById } from './rules';
import { lintYamlModels } from './yaml/language';
import { copiesPrebuiltBinary, goreleaserFor } from './recipes/goreleaser';
import { GO_BUILD_RULES } from './recipes/recipe';
import { ChunkCache, shiftFindings, splitDocuments, type DocumentChunk } from './yaml/documents';

export type { LintRequest } from './types';

export interface LintResult {
  kind: FileKind | undefined;
  findings: Finding[];
}

export { MAX_FILE_BYTES };
export const DEFAULT_BUDGET_MS = 3000;
/** Multi-document YAML above this size is linted per document (see `splitDocuments`). */
export const SPLIT_MIN_BYTES = 32 * 1024;
const chunkCache = new ChunkCache();
const configFingerprints = new WeakMap<ResolvedConfig, string>();
export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(allRules.map((r) => r.id));
const peers = new PeerIdMap(allRules);
const BUILDKIT_RULES = allRules.filter((r) => (r.meta.equivalents?.buildkit ?? []).length > 0).map((r) => r.id);

/** Why a text is not linted (too large, binary), or undefined. Editor features skip such documents too. */
export function skipReason(text: string): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `File skipped: it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`;
  if (text.includes('\0')) return 'File skipped: it looks binary (it contains NUL bytes).';
  return undefined;
}

/** Lints one file's text. Never throws: failures become findings. */
export function lintText(request: LintRequest): LintResult {
  const { filePath, text } = request;
  const startedAt = Date.now();
  const kind = fileKindOf(filePath, request.languageId);
  const findings: Finding[] = [];
  const engineFinding = (ruleId: string, message: string, range: Range, severity?: Severity) =>
    findings.push({ ruleId, message, range, file: filePath, severity: severity ?? ENGINE_DIAGNOSTICS[ruleId].severity });
  if (!kind || kind === 'config') return { kind, findings };
  const top: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const skipped = skipReason(text);
  if (skipped) {
    engineFinding('file-skipped', skipped, top);
    return { kind, findings };
  }
  const index = new LineIndex(text);
  try {
    if (kind === 'dockerfile') {
      const model = buildDockerfileModel(text);
      const extent = dockerfileExtents(model);
      const table = readSuppressions(index, KNOWN_RULE_IDS, peers, (line) => extent.get(line));
      table.suppressions.push(...buildkitCheckSkips(index, peers, BUILDKIT_RULES));
      // A Dockerfile goreleaser builds from (or that copies a binary goreleaser built beside it) holds a prebuilt Go binary: the runtime rules apply, the build rules have nothing to judge.
      const goreleaser = model.isGo ? undefined : goreleaserFor(request.absolutePath ?? filePath);
      const prebuiltGo = !!goreleaser && (goreleaser.named || copiesPrebuiltBinary(model, goreleaser.binaries));
      const rules = allRules.filter((r) => r.target === 'dockerfile' && (r.meta.scope !== 'go' || model.isGo || (prebuiltGo && !GO_BUILD_RULES.has(r.id))));
      runRules(rules as Rule<DockerfileModel>[], model, request, table, findings, undefined, startedAt);
      reportUnknownSuppressions(table, filePath, findings);
    } else if (lintYamlPerDocument(request, index, findings)) {
      return { kind, findings };
    } else {
      const table = readSuppressions(index, KNOWN_RULE_IDS, peers, (line) => yamlExtentAt(index, line), { checkov: 'next' });
      lintYamlModels(request, index, (target, model, extra, only) => {
        const rules = only ?? allRules.filter((r) => r.target === target);
        runRules(rules, model, request, table, findings, extra, startedAt);
      }, engineFinding);
      reportUnknownSuppressions(table, filePath, findings);
      // One broken document of several: the others keep their findings, so the Problems panel does not jump while typing.
      if (findings.some(isParseError) && request.splitDocuments !== 'never') {
        const perDocument: Finding[] = [];
        if (lintYamlPerDocument({ ...request, splitDocuments: 'always' }, index, perDocument)) return { kind, findings: perDocument };
      }
    }
  } catch (e) {
    engineFinding('internal-error', `Internal error while linting this file: ${(e as Error).message}. The file was not checked; please report this.`, top);
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareCodeUnits(a.ruleId, b.ruleId));
  return { kind, findings };
}

/**
 * Lints a large multi-document YAML file document by document, taking unchanged documents'
 * findings from a cache, so an edit in one of 300 documents re-checks that one only. A document
 * that does not parse gets its parse error and the others keep their findings. Returns false
 * (nothing added) when the file must be judged whole: a template, directives, one document.
 */
function lintYamlPerDocument(request: LintRequest, index: LineIndex, findings: Finding[]): boolean {
  const plan = perDocumentPlan(request, index);
  if (!plan) return false;
  const perChunk: Finding[][] = [];
  for (const chunk of plan.chunks) {
    const key = plan.setting + chunk.text;
    let chunkFindings = chunkCache.get(key);
    if (!chunkFindings) {
      chunkFindings = lintText({ ...request, text: chunk.text, splitDocuments: 'never', checkedYaml: plan.checkedYaml }).findings;
      chunkCache.set(key, chunkFindings);
    }
    // The cache holds a document's findings wherever it sits in the file: the error's line number is the file's.
    perChunk.push(shiftFindings(chunkFindings, chunk.startLine).map((f) => (isParseError(f) ? { ...f, message: f.message.replace(/^YAML error at line \d+/, `YAML error at line ${f.range.start.line + 1}`) } : f)));
  }
  // `ignore-file` comments apply to every document, wherever they are written.
  const table = readSuppressions(index, KNOWN_RULE_IDS, peers, () => undefined, { checkov: 'next' });
  const fileWide: SuppressionTable = { suppressions: table.suppressions.filter((s) => s.scope === 'file'), unknown: [] };
  for (const f of perChunk.flat()) {
    if (!(f.ruleId in ENGINE_DIAGNOSTICS) && isSuppressed(fileWide, f.ruleId, f.range)) continue;
    findings.push(f);
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareCodeUnits(a.ruleId, b.ruleId));
  return true;
}

const isParseError = (f: Finding) => f.ruleId === 'parse-error';

interface PerDocumentPlan {
  chunks: DocumentChunk[];
  /** The file as a whole is a manifest or compose file: a document's syntax error is reported. */
  checkedYaml: boolean;
  /** What besides a document's text its findings depend on: the first part of its cache key. */
  setting: string;
}

/**
 * The last text split into documents: the server asks where to lint an edit (`uncachedYamlChars`)
 * and then lints it, and a worker hands over its findings after linting, each for the same text.
 */
let lastSplit: { text: string; chunks: DocumentChunk[] | undefined } | undefined;

/** The documents a lint of `request` would check one by one, or undefined when the file is linted whole. */
function perDocumentPlan(request: LintRequest, index?: LineIndex): PerDocumentPlan | undefined {
  const mode = request.splitDocuments ?? 'auto';
  if (mode === 'never' || (mode === 'auto' && request.text.length < SPLIT_MIN_BYTES) || request.text.includes('{{')) return undefined;
  if (lastSplit?.text !== request.text) lastSplit = { text: request.text, chunks: splitDocuments(index ?? new LineIndex(request.text)) };
  const chunks = lastSplit.chunks;
  if (!chunks || chunks.length < 2) return undefined;
  const checkedYaml = looksLikeManifestOrCompose(request.text, request.filePath, request.languageId);
  const setting = `${request.filePath}\0${request.languageId ?? ''}\0${[...(request.only ?? [])].sort().join(',')}\0${request.budgetMs ?? ''}\0${fingerprint(request.config)}\0${checkedYaml}\0`;
  return { chunks, setting, checkedYaml };
}

/** The plan for a YAML request the per-document path applies to (the checks `lintText` makes first). */
function yamlPlan(request: LintRequest): PerDocumentPlan | undefined {
  const kind = fileKindOf(request.filePath, request.languageId);
  if (!kind || kind === 'config' || kind === 'dockerfile' || skipReason(request.text)) return undefined;
  return perDocumentPlan(request);
}

/**
 * How many characters of `request.text` a lint on this thread would check afresh: the documents
 * whose findings this thread has not cached. Undefined when the file would be linted whole (small,
 * a single document, a template).
 */
export function uncachedYamlChars(request: LintRequest): number | undefined {
  const plan = yamlPlan(request);
  if (!plan) return undefined;
  let chars = 0;
  for (const chunk of plan.chunks) {
    const hit = chunkCache.peek(plan.setting + chunk.text);
    if (!hit) chars += chunk.text.length;
  }
  return chars;
}

/**
 * The per-document findings this thread cached for `request` (each document's own, before they
 * are moved to its place in the file), in document order, so that another thread can take them
 * (`adoptPerDocumentFindings`); undefined unless every document's are cached.
 */
export function perDocumentFindings(request: LintRequest): Finding[][] | undefined {
  const plan = yamlPlan(request);
  if (!plan) return undefined;
  const out: Finding[][] = [];
  for (const chunk of plan.chunks) {
    const hit = chunkCache.peek(plan.setting + chunk.text);
    if (!hit) return undefined;
    out.push(hit);
  }
  return out;
}

/** Caches findings another thread computed for `request`'s documents (from `perDocumentFindings` there). */
export function adoptPerDocumentFindings(request: LintRequest, perChunk: Finding[][]): boolean {
  const plan = yamlPlan(request);
  if (!plan || plan.chunks.length !== perChunk.length) return false;
  plan.chunks.forEach((chunk, i) => chunkCache.set(plan.setting + chunk.text, perChunk[i]));
  return true;
}

function fingerprint(config: ResolvedConfig): string {
  let fp = configFingerprints.get(config);
  if (fp === undefined) {
    const { problems: _problems, ...rest } = config;
    fp = JSON.stringify(rest);
    configFingerprints.set(config, fp);
  }
  return fp;
}

function reportUnknownSuppressions(table: SuppressionTable, file: string, findings: Finding[]): void {
  for (const u of table.unknown) {
    findings.push({
      ruleId: 'suppression-unknown-rule',
      severity: 'info',
      message: `Unknown rule id '${u.id}' in a suppression comment; it silences nothing. Check the spelling against the rule table.`,
      range: u.range,
      file,
    });
  }
}

/** Runs rules on a model, resolving severity and suppressions; a throwing rule becomes one internal-error finding. */
export function runRules<M>(
  rules: Rule<M>[],
  model: M,
  request: LintRequest,
  table: SuppressionTable | undefined,
  findings: Finding[],
  extraSuppressed?: (ruleId: string, range: Range) => boolean,
  startedAt = Date.now(),
): void {
  const budget = request.budgetMs ?? DEFAULT_BUDGET_MS;
  for (const [i, rule] of rules.entries()) {
    if (request.only && !request.only.has(rule.id)) continue;
    if (Date.now() - startedAt > budget) {
      const skipped = rules.slice(i).filter((r) => !request.only || request.only.has(r.id)).map((r) => r.id);
      findings.push({
        ruleId: 'time-budget-exceeded',
        severity: 'info',
        message: `Linting this file took longer than ${budget} ms, so these rules did not run: ${skipped.join(', ')}.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        file: request.filePath,
      });
      return;
    }
    const configured = request.config.rules[rule.id];
    if (configured === 'off') continue;
    const reports: Report[] = [];
    try {
      rule.check({ model, text: request.text, filePath: request.filePath, config: request.config, report: (r) => reports.push(r) });
    } catch (e) {
      findings.push({
        ruleId: 'internal-error',
        severity: 'error',
        message: `Rule '${rule.id}' failed on this file (${(e as Error).message}); its findings are missing, the other rules ran. Please report this.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        file: request.filePath,
      });
      continue;
    }
    for (const r of reports) {
      if (table && isSuppressed(table, rule.id, r.range)) continue;
      if (extraSuppressed?.(rule.id, r.range)) continue;
      const severity: Severity = configured ?? r.severity ?? rule.meta.defaultSeverity;
      const fix: Fix | undefined = rule.meta.fixable ? r.fix : undefined;
      findings.push({ ruleId: rule.id, severity, message: r.message, range: r.range, file: request.filePath, ...(fix ? { fix } : {}) });
    }
  }
}

/** Instruction start line → its line span, for `next`-scoped suppressions. */
function dockerfileExtents(model: DockerfileModel): Map<number, { fromLine: number; toLine: number }> {
  const map = new Map<number, { fromLine: number; toLine: number }>();
  for (const instruction of model.ast.getInstructions()) {
    const r = instruction.getRange();
    map.set(r.start.line, { fromLine: r.start.line, toLine: r.end.line });
  }
  return map;
}

export function targetsOf(kind: FileKind | undefined): Target[] {
  if (kind === 'dockerfile') return ['dockerfile'];
  if (kind === 'yaml') return ['k8s', 'compose'];
  return [];
}

export { ruleById };
