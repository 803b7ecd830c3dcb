import type { Finding, LintRequest, ResolvedConfig } from '../types';
import { LineIndex } from '../text';
import { fileKindOf, looksLikeManifestOrCompose, skipReason } from '../files';
import { compareFindings, ENGINE_DIAGNOSTICS } from '../diagnostics';
import { isSuppressed } from '../suppress';
import { yamlFileSuppressions } from '../run';
import { ChunkCache, shiftFindings, splitDocuments, type DocumentChunk } from './documents';

/**
 * Linting a large multi-document YAML file document by document, with each document's findings
 * cached by its text, so an edit in one of 300 documents re-checks that one only; and handing
 * those findings between the server's threads (`perDocumentFindings` → `adoptPerDocumentFindings`).
 *
 *   const findings = lintPerDocument(request, index, (documentRequest) => lintText(documentRequest).findings);
 */

/** Multi-document YAML above this size is linted per document (see `splitDocuments`). */
export const SPLIT_MIN_BYTES = 32 * 1024;

/** Lints one document of the file (the request's `text` is that document, `splitDocuments: 'never'`). */
export type LintDocument = (request: LintRequest) => Finding[];

const chunkCache = new ChunkCache();
const configFingerprints = new WeakMap<ResolvedConfig, string>();

/**
 * The file's findings, linted document by document with unchanged documents' findings from the
 * cache; a document that does not parse gets its parse error and the others keep their findings.
 * Undefined when the file must be judged whole: small, a template, directives, one document.
 */
export function lintPerDocument(request: LintRequest, index: LineIndex, lintDocument: LintDocument): Finding[] | undefined {
  const plan = perDocumentPlan(request, index);
  if (!plan) return undefined;
  const perChunk: Finding[][] = [];
  for (const chunk of plan.chunks) {
    const key = plan.setting + chunk.text;
    let chunkFindings = chunkCache.get(key);
    if (!chunkFindings) {
      chunkFindings = lintDocument({ ...request, text: chunk.text, splitDocuments: 'never', checkedYaml: plan.checkedYaml });
      chunkCache.set(key, chunkFindings);
    }
    // The cache holds a document's findings wherever it sits in the file: the error's line number is the file's.
    perChunk.push(shiftFindings(chunkFindings, chunk.startLine).map((f) => (isParseError(f) ? { ...f, message: f.message.replace(/^YAML error at line \d+/, `YAML error at line ${f.range.start.line + 1}`) } : f)));
  }
  // `ignore-file` comments apply to every document, wherever they are written.
  const fileWide = yamlFileSuppressions(index);
  const findings = perChunk.flat().filter((f) => f.ruleId in ENGINE_DIAGNOSTICS || !isSuppressed(fileWide, f.ruleId, f.range));
  return findings.sort(compareFindings);
}

export const isParseError = (f: Finding) => f.ruleId === 'parse-error';

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
