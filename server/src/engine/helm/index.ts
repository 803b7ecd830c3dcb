// Helm charts: a folder with Chart.yaml. With a helm binary the chart is rendered with
// `helm template`, the rendered manifests are linted with the Kubernetes rules, and each finding
// is reported in the chart's own files: at the template line that wrote the key, or, when the
// value comes straight from `.Values.x`, at that key of the values file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isNode, isScalar, parseAllDocuments, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ResolvedConfig } from '../config';
import type { Finding, Fix, Range, TextEdit } from '../types';
import { applyEdits } from '../text';
import { YamlEditor, isEmptyValue } from '../yaml/edit';
import type { YamlValue } from '../yaml/render';
import { lintText } from '../lint';
import { readBounded } from '../files';
import { getPair, parseYamlFile, resolveNode, type YamlFile } from '../yaml/document';
import { LineIndex } from '../text';
import { engineFinding, fileStart } from '../diagnostics';
import { renderChart, renderChartSync, type HelmRun } from './render';
import { keyPathAt, locateInTemplate, splitRendered, valueAt, valuesRefsAt, type KeyPath } from './map';

export { findHelm } from './render';

export const CHART_FILE = 'Chart.yaml';
const MAX_CHART_FILE_BYTES = 5 * 1024 * 1024;

/** The chart a file belongs to: the nearest folder above it with Chart.yaml, when the file is the chart's Chart.yaml, a values file or under its templates/. */
export function chartRootOf(absPath: string): string | undefined {
  let dir = path.dirname(absPath);
  for (let depth = 0; depth < 8; depth++) {
    if (fs.existsSync(path.join(dir, CHART_FILE))) {
      const top = path.relative(dir, absPath).split(path.sep)[0];
      return top === 'templates' || top === CHART_FILE || /^values.*\.ya?ml$/.test(top) ? dir : undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

export interface ChartLintOptions {
  config: ResolvedConfig;
  /** The helm binary; undefined: the chart is not rendered and one notice says so. */
  helmPath: string | undefined;
  only?: ReadonlySet<string>;
  /** Why helm is not used (restricted mode), for the notice. */
  notRenderedReason?: string;
}

/** The value files of a chart: its values.yaml, then those the config names that the chart has. */
export function valueFilesOf(chartDir: string, config: ResolvedConfig): string[] {
  const out: string[] = [];
  for (const rel of ['values.yaml', ...(config.helm?.valueFiles ?? [])]) {
    const abs = path.resolve(chartDir, rel);
    if (!out.includes(abs) && fs.existsSync(abs)) out.push(abs);
  }
  return out;
}

/** Renders and lints a chart (the CLI). */
export function lintChartSync(chartDir: string, options: ChartLintOptions): Finding[] {
  if (!options.helmPath) return [notRendered(chartDir, options)];
  const valueFiles = valueFilesOf(chartDir, options.config).filter((f) => path.basename(f) !== 'values.yaml' || path.dirname(f) !== chartDir);
  return findingsOfRender(chartDir, renderChartSync(options.helmPath, chartDir, valueFiles), options);
}

/** Renders and lints a chart without blocking (the editor). */
export async function lintChart(chartDir: string, options: ChartLintOptions): Promise<Finding[]> {
  if (!options.helmPath) return [notRendered(chartDir, options)];
  const valueFiles = valueFilesOf(chartDir, options.config).filter((f) => path.basename(f) !== 'values.yaml' || path.dirname(f) !== chartDir);
  return findingsOfRender(chartDir, await renderChart(options.helmPath, chartDir, valueFiles), options);
}

function notRendered(chartDir: string, options: ChartLintOptions): Finding {
  const name = chartName(chartDir) ?? path.basename(chartDir);
  const configured = options.config.helm?.path;
  const why = options.notRenderedReason ?? (configured ? `helm.path '${configured}' is not an executable file` : 'no helm binary was found on PATH');
  return engineFinding(
    'chart-not-rendered',
    path.join(chartDir, CHART_FILE),
    `Helm chart '${name}' was not checked: its templates only become manifests when rendered, and ${why}. Install helm (on PATH), or set helm.path in .container-standard.yaml or the goContainerStandard.helm.path setting.`,
  );
}

function chartName(chartDir: string): string | undefined {
  const text = readText(path.join(chartDir, CHART_FILE));
  const m = text ? /^name:\s*["']?([^"'\s#]+)/m.exec(text) : null;
  return m?.[1];
}

function readText(file: string): string | undefined {
  const read = readBounded(file, MAX_CHART_FILE_BYTES);
  return 'bytes' in read ? read.bytes.toString('utf8').replace(/^\ufeff/, '') : undefined;
}

/** A file of the chart (or of one of its unpacked subcharts) from helm's name for it (`<chart>/templates/x.yaml`). */
function chartFileOf(chartDir: string, helmName: string): string | undefined {
  const slash = helmName.indexOf('/');
  if (slash < 0) return undefined;
  const abs = path.join(chartDir, helmName.slice(slash + 1));
  return abs.startsWith(chartDir + path.sep) && fs.existsSync(abs) ? abs : undefined;
}

/** The chart's findings from helm's output; never throws (a failure is one internal-error finding on Chart.yaml). */
export function findingsOfRender(chartDir: string, run: HelmRun, options: ChartLintOptions): Finding[] {
  try {
    return findingsOfRenderUnsafe(chartDir, run, options);
  } catch (e) {
    return [engineFinding('internal-error', path.join(chartDir, CHART_FILE), `Internal error while checking this Helm chart: ${(e as Error).message}. The chart was not checked; please report this.`)];
  }
}

function findingsOfRenderUnsafe(chartDir: string, run: HelmRun, options: ChartLintOptions): Finding[] {
  const chartFile = path.join(chartDir, CHART_FILE);
  if (run.failure) return [engineFinding('chart-render-error', chartFile, `Helm chart could not be rendered: ${run.failure}. Its templates were not checked.`)];
  if (run.status !== 0) return [renderError(chartDir, run.stderr)];
  const findings: Finding[] = [];
  const values = new ValuesFiles(chartDir, options.config);
  const seen = new Set<string>();
  for (const rendered of splitRendered(run.stdout)) {
    const template = chartFileOf(chartDir, rendered.source);
    // A template of a packaged subchart (.tgz): not a file of this workspace to point at.
    if (!template) continue;
    const templateText = readText(template) ?? '';
    const lint = lintText({ filePath: template, text: rendered.text, config: options.config, only: options.only, languageId: 'yaml', splitDocuments: 'never' });
    const renderedIndex = new LineIndex(rendered.text);
    for (const f of lint.findings) {
      let mapped: Finding;
      try {
        mapped = mapFinding(f, rendered.text, renderedIndex, template, templateText, chartDir, values);
      } catch {
        // Mapping is best effort: the finding stays, at the top of its template.
        const { fix: _fix, ...rest } = f;
        mapped = { ...rest, file: template, range: fileStart() };
      }
      const key = `${mapped.ruleId}\0${mapped.file}\0${mapped.range.start.line}:${mapped.range.start.character}\0${mapped.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(mapped);
    }
  }
  return findings;
}

/** helm's error, at the file and line it names (`parse error at (chart/templates/x.yaml:12)`, `template: chart/templates/x.yaml:12:20: …`). */
export function renderError(chartDir: string, stderr: string): Finding {
  const message = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(WARNING|walk\.go|install\.go|coalesce\.go|Use --debug)/i.test(l))
    .join(' ')
    .replace(/^Error:\s*/, '')
    .slice(0, 600);
  const text = `helm template failed: ${message || 'no message'}. The chart's templates were not checked.`;
  const at = /([\w.-]+\/[^\s():"]+?\.(?:ya?ml|tpl|txt|json)):(\d+)(?::(\d+))?/.exec(stderr);
  const yamlError = /YAML parse error on ([\w.-]+\/[^\s:]+)/.exec(stderr);
  if (at && !yamlError) {
    const file = chartFileOf(chartDir, at[1]);
    if (file) {
      const line = Math.max(0, Number(at[2]) - 1);
      const character = at[3] ? Math.max(0, Number(at[3]) - 1) : 0;
      return engineFinding('chart-render-error', file, text, { start: { line, character }, end: { line, character } });
    }
  }
  if (yamlError) {
    const file = chartFileOf(chartDir, yamlError[1]);
    if (file) return engineFinding('chart-render-error', file, text);
  }
  const missingDependency = /missing in charts\/ directory:\s*([\w.,\s-]+)/.exec(stderr);
  if (missingDependency) {
    const chartText = readText(path.join(chartDir, CHART_FILE)) ?? '';
    const name = missingDependency[1].split(',')[0].trim();
    const line = chartText.split(/\r?\n/).findIndex((l) => new RegExp(`name:\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`).test(l));
    if (line >= 0) return engineFinding('chart-render-error', path.join(chartDir, CHART_FILE), text, { start: { line, character: 0 }, end: { line, character: 0 } });
  }
  return engineFinding('chart-render-error', path.join(chartDir, CHART_FILE), text);
}

/** The chart's values files, parsed once: where a `.Values` key is written. */
class ValuesFiles {
  private readonly parsed = new Map<string, YamlFile | undefined>();
  constructor(
    private readonly chartDir: string,
    private readonly config: ResolvedConfig,
  ) {}

  /**
   * The files that may set `.Values` for a template, last one winning: for a template of subchart
   * `charts/a/`, the parent's values under key `a`, then the subchart's own values.yaml.
   */
  candidates(template: string): { file: string; prefix: string[] }[] {
    const rel = path.relative(this.chartDir, template).split(path.sep);
    const chain: string[] = [];
    for (let i = 0; i + 1 < rel.length && rel[i] === 'charts'; i += 2) chain.push(rel[i + 1]);
    const out: { file: string; prefix: string[] }[] = [];
    let dir = this.chartDir;
    for (let depth = 0; depth <= chain.length; depth++) {
      const files = depth === 0 ? valueFilesOf(dir, this.config) : [path.join(dir, 'values.yaml')];
      for (const file of files.reverse()) out.push({ file, prefix: chain.slice(depth) });
      if (depth < chain.length) dir = path.join(dir, 'charts', chain[depth]);
    }
    return out;
  }

  file(file: string): YamlFile | undefined {
    if (!this.parsed.has(file)) {
      const text = readText(file);
      const parsed = text === undefined ? undefined : parseYamlFile(text);
      this.parsed.set(file, parsed && !parsed.error ? parsed : undefined);
    }
    return this.parsed.get(file);
  }
}

/** Where `keyPath` is written in a values file: the value's range (a scalar) or the key's, and its nodes for edits. */
function valuesLocation(file: YamlFile, keyPath: KeyPath): { range: Range; value: unknown; pair: Pair; node: unknown; doc: Document.Parsed } | undefined {
  const doc = file.docs[0] as Document.Parsed | undefined;
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const segment of keyPath) {
    pair = getPair(node, String(segment), doc) as Pair | undefined;
    if (!pair) return undefined;
    node = resolveNode(pair.value, doc);
  }
  if (!pair) return undefined;
  const lc = file.lineCounter;
  const pos = (offset: number) => {
    const p = lc.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  };
  const target = (isScalar(node) ? node : pair.key) as { range?: [number, number, number] } | null;
  if (!target?.range) return undefined;
  const value = isNode(node) ? node.toJSON() : node;
  return { range: { start: pos(target.range[0]), end: pos(target.range[1]) }, value, pair, node, doc };
}

/**
 * The rule's fix, moved to the values file: applied to the rendered output it must change only
 * the node that the values key renders, so writing the changed node into the values file means
 * the same after rendering. Undefined otherwise.
 */
function valuesFix(f: Finding, renderedText: string, keyPath: KeyPath, before: unknown, file: YamlFile, valuesPath: string, where: NonNullable<ReturnType<typeof valuesLocation>>): Fix | undefined {
  if (!f.fix || f.fix.otherFiles?.length || f.fix.createFiles?.length || f.fix.edits.length === 0) return undefined;
  const fixedText = applyEdits(renderedText, f.fix.edits).text;
  const docIndex = documentIndexAt(renderedText, keyPath, before);
  if (docIndex < 0) return undefined;
  let after: unknown;
  let beforeDoc: unknown;
  try {
    after = parseAllDocuments(fixedText)[docIndex]?.toJS();
    beforeDoc = parseAllDocuments(renderedText)[docIndex]?.toJS();
  } catch {
    return undefined;
  }
  const newValue = valueAt(after, keyPath);
  if (newValue === undefined || canonical(withValueAt(beforeDoc, keyPath, newValue)) !== canonical(after)) return undefined;
  const editor = new YamlEditor(file);
  const { pair, node, doc } = where;
  let edits: TextEdit[];
  if (isScalar(node) && (typeof newValue === 'string' || typeof newValue === 'number' || typeof newValue === 'boolean')) edits = [editor.replaceScalar(node as Scalar, newValue)];
  else if (isEmptyValue(node) && newValue && typeof newValue === 'object') edits = [editor.fillEmpty(pair, newValue as YamlValue)];
  else if (isMap(node) && isPlainObject(newValue) && addsOnly(where.value, newValue)) edits = editor.merge(doc, node as YAMLMap, newValue as Record<string, YamlValue>);
  else return undefined;
  if (edits.length === 0) return undefined;
  return { ...f.fix, title: `${f.fix.title} in ${path.basename(valuesPath)}`, edits };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** True when `after` keeps everything of `before` and only adds keys (recursively). */
function addsOnly(before: unknown, after: unknown): boolean {
  if (isPlainObject(before) && isPlainObject(after)) return Object.keys(before).every((k) => k in after && addsOnly(before[k], after[k]));
  return canonical(before) === canonical(after);
}

function withValueAt(tree: unknown, keyPath: KeyPath, value: unknown): unknown {
  if (keyPath.length === 0) return value;
  const copy = (Array.isArray(tree) ? [...tree] : { ...(tree as object) }) as Record<string | number, unknown>;
  copy[keyPath[0]] = withValueAt((tree as Record<string | number, unknown> | undefined)?.[keyPath[0]], keyPath.slice(1), value);
  return copy;
}

/** Which document of the rendered text holds `keyPath` with the value `value`. */
function documentIndexAt(text: string, keyPath: KeyPath, value: unknown): number {
  try {
    const docs = parseAllDocuments(text);
    return (Array.isArray(docs) ? docs : []).findIndex((d) => canonical(valueAt(d.toJS(), keyPath)) === canonical(value));
  } catch {
    return -1;
  }
}

function sameValue(rendered: unknown, written: unknown): boolean {
  if (typeof written === 'string' || typeof written === 'number' || typeof written === 'boolean') {
    if (typeof rendered === 'string') return String(written) !== '' && rendered.includes(String(written));
    return rendered === written;
  }
  return canonical(rendered ?? null) === canonical(written ?? null);
}

/** JSON with map keys sorted: `toYaml` writes keys in alphabetical order, values files in any. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Moves a finding on rendered output to the chart's files. */
/**
 * The container key a rule reports as missing or incomplete at the container's `name`: the key
 * the chart writes it under (`resources:` under `{{- with .Values.resources }}`), so the finding
 * can go to that key of the values file. Rules whose fix may land on the pod are not listed.
 */
const CONTAINER_KEY_OF: Record<string, string> = {
  'k8s-resources': 'resources',
  'k8s-liveness-probe': 'livenessProbe',
  'k8s-readiness-probe': 'readinessProbe',
  'k8s-drop-capabilities': 'securityContext',
  'k8s-no-privilege-escalation': 'securityContext',
  'k8s-read-only-root-fs': 'securityContext',
};

/** For a finding at a container (its item or its `name`), the path of the container key the rule is about. */
function containerKeyPath(ruleId: string, keyPath: KeyPath): KeyPath | undefined {
  const key = CONTAINER_KEY_OF[ruleId];
  if (!key) return undefined;
  const at = keyPath.findIndex((k, i) => (k === 'containers' || k === 'initContainers') && typeof keyPath[i + 1] === 'number');
  if (at < 0 || !(keyPath.length === at + 2 || (keyPath.length === at + 3 && keyPath[at + 2] === 'name'))) return undefined;
  return [...keyPath.slice(0, at + 2), key];
}

/** Moves a finding on rendered output to the chart's files. */
function mapFinding(f: Finding, renderedText: string, renderedIndex: LineIndex, template: string, templateText: string, chartDir: string, values: ValuesFiles): Finding {
  const offset = renderedIndex.offsetAt(f.range.start);
  const found = keyPathAt(renderedText, offset);
  let keyPath = found?.path ?? [];
  let located = found ? locateInTemplate(templateText, keyPath) : { line: 0, matched: 0 };
  // Reported at the container: the chart may write the key the rule is about, maybe under a `with`.
  const byKey = found ? containerKeyPath(f.ruleId, found.path) : undefined;
  if (byKey) {
    const at = locateInTemplate(templateText, byKey);
    if (at.matched === byKey.length) {
      keyPath = byKey;
      located = at;
    }
  }
  const lineText = templateText.split(/\r?\n/)[located.line] ?? '';
  const character = lineText.length - lineText.trimStart().length;
  const templateRange: Range = { start: { line: located.line, character }, end: { line: located.line, character: lineText.trimEnd().length } };
  const { fix: _fix, ...rest } = f;
  const inTemplate: Finding = { ...rest, file: template, range: templateRange };
  if (!found || located.matched === 0) return inTemplate;
  // Straight from `.Values.x`: the value the key renders is the one written in a values file.
  let refs = valuesRefsAt(templateText, located.line);
  if (refs.length === 0) refs = withRefAbove(templateText, located.line);
  if (refs.length > 1 && f.ruleId === 'k8s-image-tag') refs = refs.filter((r) => r[r.length - 1] === 'tag');
  if (refs.length !== 1) return inTemplate;
  const rest2 = keyPath.slice(located.matched).map(String);
  const rendered = valueAt(found.docValue, keyPath);
  for (const { file, prefix } of values.candidates(template)) {
    const parsed = values.file(file);
    if (!parsed) continue;
    const where = valuesLocation(parsed, [...prefix, ...refs[0].map(String), ...rest2]);
    if (!where) continue;
    // A key under `{{- with .Values.x }}` is not rendered while x is empty.
    if (!(rendered === undefined && isEmptyValue(where.node)) && !sameValue(rendered, where.value)) break;
    const templateRel = path.relative(chartDir, template).split(path.sep).join('/');
    const fix = valuesFix(f, renderedText, keyPath, rendered, parsed, file, where);
    return {
      ...rest,
      ...(fix ? { fix } : {}),
      file,
      range: where.range,
      message: `${f.message} (rendered by ${templateRel}:${located.line + 1} from .Values.${[...refs[0], ...rest2].join('.')})`,
      related: [{ file: template, range: templateRange, message: `.Values.${refs[0].join('.')} is rendered here` }],
    };
  }
  return inTemplate;
}

/** `{{- with .Values.x }}` right above a key (whose value is then `toYaml .`): x. */
function withRefAbove(template: string, line: number): KeyPath[] {
  const lines = template.split(/\r?\n/);
  for (let l = line - 1; l >= 0 && l >= line - 2; l--) {
    const m = /^\s*\{\{-?\s*with\s+\.Values((?:\.[A-Za-z_][\w-]*)+)\s*-?\}\}\s*$/.exec(lines[l]);
    if (m) return [m[1].slice(1).split('.')];
    if (!/^\s*\{\{[^]*\}\}\s*$/.test(lines[l])) break;
  }
  return [];
}
