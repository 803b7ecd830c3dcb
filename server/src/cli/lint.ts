import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { lintText, KNOWN_RULE_IDS } from '../engine/lint';
import { ConfigResolver, isIgnoredByConfig, type ResolvedConfig } from '../engine/config';
import { fixAll, isApplicable, type FixOptions } from '../engine/fix';
import { decodeUtf8 } from '../engine/text';
import { engineFinding } from '../engine/diagnostics';
import { fileKindOf, MAX_FILE_BYTES, readBounded } from '../engine/files';
import type { Finding } from '../engine/types';
import { collectFiles } from './files';
import { applyServiceFixes, fixServiceRoots, lintServiceRoots, MAX_SERVICE_FIX_PASSES, mergeServiceFindings, serviceFindingsOfFiles } from '../engine/service';
import { isInside } from '../engine/service/discover';
import { formatGithub, formatGitlab, formatJson, formatJunit, formatSarif, formatStylish, totals, unsafeNotApplied, type FileReport } from './formats';
import { applyBaselines, baselineEntries, formatBaseline, readBaseline, type Baseline, type TextOf } from './baseline';
import { chartRootOf, CHART_FILE, findHelm, lintChartSync } from '../engine/helm';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input: its bytes (the real CLI, so --fix can refuse non-UTF-8 input), or text (tests). */
  readStdin: () => string | Buffer;
  cwd: string;
  color: boolean;
  version: string;
}

export const LINT_USAGE = `Usage: go-container-standard lint [options] [paths...]

Lints Dockerfiles, Kubernetes manifests and compose files, kustomizations, .ko.yaml and
.goreleaser.yaml, and Helm charts (rendered with helm when it is found: helm.path in the config
file, else helm on PATH). Folders are searched recursively, skipping .git, node_modules, vendor
and what .gitignore ignores. Default path: the current folder.

Options:
  --format <name>                Output format: stylish (default), json, sarif, github (workflow
                                 annotations), gitlab (Code Quality JSON) or junit (JUnit XML)
  --fix                          Apply the safe fixes in place (in passes until nothing changes)
  --unsafe-fixes                 With --fix: apply the unsafe fixes too (they may change behaviour:
                                 they replace what the author wrote or invent a value; review them)
  --rule <id>                    Only this rule; repeatable (applies to --fix too; it does not
                                 unlock unsafe fixes)
  --config <file>                Use this config file instead of the nearest .container-standard.yaml
  --max-warnings <n>             Exit 1 when there are more than n warnings
  --stdin                        Lint text from standard input (with --fix: print the fixed text)
  --stdin-filename <name>        File name for --stdin input (decides the file kind and config)
  --exit-zero                    Exit 0 even when there are errors (for reports)
  -o, --output-file <file>       Write the report to a file instead of standard output
  --baseline <file>              Leave out the findings recorded in this baseline file (matched by
                                 rule, file and the text they point at); default: the config's
                                 'baseline:'. Exit codes count only the findings left
  --write-baseline <file>        Record every finding of this run in a baseline file

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or internal error.`;

export function runLint(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        fix: { type: 'boolean', default: false },
        'unsafe-fixes': { type: 'boolean', default: false },
        rule: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        'max-warnings': { type: 'string' },
        stdin: { type: 'boolean', default: false },
        'stdin-filename': { type: 'string' },
        'exit-zero': { type: 'boolean', default: false },
        'output-file': { type: 'string', short: 'o' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`go-container-standard: ${(e as Error).message}\n\n${LINT_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(LINT_USAGE + '\n');
    return 0;
  }
  const format = values.format!;
  if (!['stylish', 'json', 'sarif', 'github', 'gitlab', 'junit'].includes(format)) {
    io.stderr(`go-container-standard: unknown --format '${format}' (expected stylish, json, sarif, github, gitlab or junit)\n`);
    return 2;
  }
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      io.stderr(`go-container-standard: --max-warnings takes a whole number, got '${values['max-warnings']}'\n`);
      return 2;
    }
  }
  const only = values.rule?.length ? new Set(values.rule.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean)) : undefined;
  for (const id of only ?? []) {
    if (!KNOWN_RULE_IDS.has(id)) {
      io.stderr(`go-container-standard: unknown rule id '${id}' in --rule; run with --format json to list findings, or see the README's rule table\n`);
      return 2;
    }
  }
  if (values.config && !fs.existsSync(values.config)) {
    io.stderr(`go-container-standard: config file '${values.config}' does not exist\n`);
    return 2;
  }
  const fixOptions: FixOptions = { unsafe: values['unsafe-fixes'] };
  let explicitBaseline: Baseline | undefined;
  if (values.baseline !== undefined) {
    const read = readBaseline(path.resolve(io.cwd, values.baseline));
    if ('problem' in read) {
      io.stderr(`go-container-standard: ${read.problem}\n`);
      return 2;
    }
    explicitBaseline = read;
  }
  const resolver = new ConfigResolver(KNOWN_RULE_IDS, values.config ? path.resolve(io.cwd, values.config) : undefined);
  const reports: FileReport[] = [];
  const reportedConfigs = new Set<string>();
  const configFindings = (config: ResolvedConfig): void => {
    if (!config.path || reportedConfigs.has(config.path) || config.problems.length === 0) return;
    reportedConfigs.add(config.path);
    reports.push({
      file: path.relative(io.cwd, config.path) || config.path,
      findings: config.problems.map((p) => engineFinding('config-invalid', p.file, p.message, p.range)),
    });
  };

  const texts = new Map<string, string | undefined>();
  const textOf: TextOf = (file) => {
    if (!texts.has(file)) {
      const read = readBounded(path.resolve(io.cwd, file), MAX_FILE_BYTES);
      texts.set(file, 'bytes' in read ? decodeUtf8(read.bytes).text : undefined);
    }
    return texts.get(file);
  };
  if (values.stdin) {
    const name = values['stdin-filename'] ?? 'Dockerfile';
    const input = io.readStdin();
    const { text, bom, exact } = typeof input === 'string' ? { text: input, bom: false, exact: true } : decodeUtf8(input);
    texts.set(name, text);
    const config = resolver.forFile(path.resolve(io.cwd, name));
    configFindings(config);
    const languageId = fileKindOf(name) ? undefined : sniffLanguage(text);
    const lint = (t: string): Finding[] => lintText({ filePath: name, text: t, config, only, languageId }).findings;
    if (values.fix) {
      if (!exact) {
        io.stderr('go-container-standard: --fix needs UTF-8 text; standard input is not valid UTF-8, so nothing was printed\n');
        return 2;
      }
      const fixed = fixAll(text, lint, fixOptions).text;
      io.stdout((bom ? '\ufeff' : '') + fixed);
      const unsafe = fixOptions.unsafe ? 0 : lint(fixed).filter((f) => f.fix?.safety === 'unsafe').length;
      if (unsafe) io.stderr(`go-container-standard: ${unsafeNotApplied(unsafe)}\n`);
      return 0;
    }
    reports.push({ file: name, findings: lint(text) });
  } else {
    const paths = positionals.length ? positionals : ['.'];
    let missing = false;
    const files = collectFiles(paths.map((p) => path.resolve(io.cwd, p)), (p) => {
      io.stderr(`go-container-standard: no such file or folder: ${path.relative(io.cwd, p) || p}\n`);
      missing = true;
    });
    if (missing && files.length === 0) return 2;
    // Service-level rules judge folders as a whole (go.mod + Dockerfiles + manifests + Go code).
    const serviceRoots = paths.map((p) => path.resolve(io.cwd, p)).filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory());
    const serviceOptions = { configFor: (f: string) => resolver.forFile(f), only };
    if (values.fix && serviceRoots.length) fixServiceRoots(serviceRoots, serviceOptions, fixOptions);
    for (const found of files) {
      const display = path.relative(io.cwd, found.path) || found.path;
      const config = resolver.forFile(found.path);
      configFindings(config);
      if (!found.explicit && isIgnoredByConfig(found.path, config)) continue;
      const report = lintFile(found.path, display, found.explicit, config, only, values.fix ? fixOptions : undefined);
      if (report) reports.push(report);
    }
    if (serviceRoots.length) mergeServiceFindings(reports, lintServiceRoots(serviceRoots, serviceOptions), io.cwd);
    // Files named one by one get the cross-file findings of their service too, as in the editor and `lint .`.
    const named = files.filter((f) => f.explicit && !serviceRoots.some((r) => isInside(r, path.resolve(f.path)))).map((f) => path.resolve(f.path));
    if (named.length) mergeServiceFindings(reports, serviceFindingsOfFiles(named, io.cwd, serviceOptions), io.cwd);
    // Helm charts: rendered with helm when there is one, findings in the chart's own files.
    const charts = chartsOf(files.map((f) => path.resolve(f.path)));
    const lintCharts = () =>
      charts.flatMap((chartDir) => {
        const config = resolver.forFile(path.join(chartDir, CHART_FILE));
        if (isIgnoredByConfig(path.join(chartDir, CHART_FILE), config)) return [];
        return lintChartSync(chartDir, { config, only, helmPath: findHelm(config.helm?.path) });
      });
    let chartFindings = lintCharts();
    // --fix: a chart's fixes edit its values files; render again until nothing changes.
    // Safe fixes only, unless --unsafe-fixes (a fix keeps the safety of the rule's fix it was moved from).
    const applicable = (f: Finding) => !!f.fix && isApplicable(f.fix, fixOptions);
    for (let pass = 0; values.fix && pass < MAX_SERVICE_FIX_PASSES && chartFindings.some(applicable); pass++) {
      if (applyServiceFixes(chartFindings.filter(applicable).map((f) => ({ file: f.file, fix: f.fix! }))) === 0) break;
      chartFindings = lintCharts();
    }
    if (chartFindings.length) mergeServiceFindings(reports, chartFindings, io.cwd);
  }

  if (values['write-baseline'] !== undefined) {
    const file = path.resolve(io.cwd, values['write-baseline']);
    const entries = baselineEntries(reports, file, io.cwd, textOf);
    try {
      fs.writeFileSync(file, formatBaseline(entries));
    } catch (e) {
      io.stderr(`go-container-standard: the baseline could not be written: ${(e as Error).message}\n`);
      return 2;
    }
    io.stderr(`go-container-standard: wrote ${entries.length} finding${entries.length === 1 ? '' : 's'} to the baseline ${path.relative(io.cwd, file) || file}\n`);
    // What was just recorded is known from now on.
    explicitBaseline = { path: file, entries };
  }
  const baselines = new Map<string, Baseline | undefined>();
  const configBaseline = (config: ResolvedConfig): Baseline | undefined => {
    if (!config.baseline) return undefined;
    if (!baselines.has(config.baseline)) {
      const read = readBaseline(config.baseline);
      if ('problem' in read) io.stderr(`go-container-standard: ${read.problem}; the configuration ${config.path} names it in 'baseline:'\n`);
      baselines.set(config.baseline, 'problem' in read ? undefined : read);
    }
    return baselines.get(config.baseline);
  };
  const { hidden, unmatched } = applyBaselines(
    reports,
    (abs) => explicitBaseline ?? configBaseline(values.stdin ? resolver.forFile(path.resolve(io.cwd, values['stdin-filename'] ?? 'Dockerfile')) : resolver.forFile(abs)),
    io.cwd,
    textOf,
  );
  if ((hidden > 0 || unmatched > 0) && values['write-baseline'] === undefined) {
    io.stderr(
      `go-container-standard: ${hidden} known finding${hidden === 1 ? '' : 's'} hidden by the baseline` +
        (unmatched > 0 ? `; ${unmatched} baseline entr${unmatched === 1 ? 'y matches' : 'ies match'} nothing any more (rewrite it with --write-baseline)` : '') +
        '\n',
    );
  }

  const output =
    format === 'json'
      ? formatJson(reports) + '\n'
      : format === 'sarif'
        ? formatSarif(reports, io.version, io.cwd) + '\n'
        : format === 'github'
          ? formatGithub(reports, io.cwd)
          : format === 'gitlab'
            ? formatGitlab(reports, io.cwd, textOf) + '\n'
            : format === 'junit'
              ? formatJunit(reports)
              : formatStylish(reports, io.color && !values['output-file'], { fixed: values.fix, unsafeFixes: values['unsafe-fixes'] });
  if (values['output-file']) fs.writeFileSync(path.resolve(io.cwd, values['output-file']), output);
  else io.stdout(output);
  if (values['exit-zero']) return 0;
  const t = totals(reports);
  return t.errors > 0 || (maxWarnings >= 0 && t.warnings > maxWarnings) ? 1 : 0;
}

function lintFile(
  absPath: string,
  display: string,
  explicit: boolean,
  config: ResolvedConfig,
  only: ReadonlySet<string> | undefined,
  fix: FixOptions | undefined,
): FileReport | undefined {
  const read = readBounded(absPath, MAX_FILE_BYTES);
  if (!('bytes' in read)) {
    if (read.problem === 'too-large') return { file: display, findings: [engineFinding('file-skipped', display, `File skipped: ${read.message}.`)] };
    return { file: display, findings: [engineFinding('file-unreadable', display, `File cannot be read: ${read.message}.`)] };
  }
  const { text, bom, exact } = decodeUtf8(read.bytes);
  let languageId: string | undefined;
  if (!fileKindOf(absPath)) {
    if (!explicit) return undefined;
    languageId = sniffLanguage(text);
    if (!languageId) return { file: display, findings: [] };
  }
  const lint = (t: string): Finding[] => lintText({ filePath: display, absolutePath: absPath, text: t, config, only, languageId }).findings;
  if (fix) {
    const result = fixAll(text, lint, fix);
    if (result.text !== text && !exact) {
      return { file: display, findings: [engineFinding('fix-not-written', display, 'Fixes were not applied: the file is not valid UTF-8 text, and writing it would change bytes the fixes do not touch.'), ...lint(text)] };
    }
    if (result.text !== text) {
      try {
        fs.writeFileSync(absPath, (bom ? '\ufeff' : '') + result.text);
      } catch (e) {
        return { file: display, findings: [engineFinding('fix-not-written', display, `Fixed text could not be written: ${(e as Error).message}.`), ...lint(text)] };
      }
    }
    return { file: display, findings: lint(result.text) };
  }
  return { file: display, findings: lint(text) };
}

/** The charts the files belong to, outermost only: a subchart under `charts/` is rendered with its parent. */
function chartsOf(files: string[]): string[] {
  const roots = new Set<string>();
  for (const file of files) {
    const root = chartRootOf(file);
    if (root) roots.add(root);
  }
  const sorted = [...roots].sort((a, b) => a.length - b.length);
  return sorted.filter((root) => !sorted.some((outer) => outer !== root && root.startsWith(outer + path.sep + 'charts' + path.sep)));
}

/** A file named on the command line with a name we do not know: a Dockerfile if it has a FROM line, YAML otherwise if it looks like YAML. */
function sniffLanguage(text: string): string | undefined {
  if (/^\s*from\s+\S/im.test(text)) return 'dockerfile';
  if (/^\s*[\w.-]+\s*:/m.test(text)) return 'yaml';
  return undefined;
}
