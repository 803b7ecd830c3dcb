// The built CLI, as CI runs it, over every corpus file and 300 seeded mutants: valid SARIF, no
// stack traces, every region inside its file; then --fix over a copy of the corpus.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { CLI, ROOT, ensureBuilt } from '../../lsp/harness';
import { CORPUS, commentLines, mutate, seeded, yamlParses } from './corpus';
import { DEFAULT_IMAGE_TAG_PATTERN } from '../../../server/src/engine/config';
import { hasNestedRepeat } from '../../../server/src/engine/config-schema';

const CORPUS_FOLDERS = ['dockerfiles', 'k8s', 'k8s-helm', 'compose'];
const MUTANTS = 300;
const MUTANT_SEED = 20261125;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], cwd: string, input?: string | Buffer): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    // A hang fails the test instead of blocking the suite.
    timeout: 5 * 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 0 or 1 (findings), and nothing on stderr that looks like a crash. */
function assertCleanRun(r: CliRun, what: string): void {
  assert.ok(r.code === 0 || r.code === 1, `${what}: exit code ${r.code}\n${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /^\s+at .+/m, `${what}: stack trace on stderr`);
  assert.doesNotMatch(r.stderr, /internal error/i, `${what}: internal error on stderr`);
}

function copyCorpus(to: string): void {
  for (const folder of CORPUS_FOLDERS) fs.cpSync(path.join(CORPUS, folder), path.join(to, folder), { recursive: true });
}

/** Every file under a folder, relative path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Text as the CLI reads it (UTF-8, a BOM dropped). */
function readAsCli(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/** Line lengths with the given line breaks (by default as LSP and the engine count them: \r\n, \n or a lone \r). */
function lineLengths(text: string, newlineSequences = ['\r\n', '\n', '\r']): number[] {
  const breaks = new RegExp([...newlineSequences].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  return text.split(breaks).map((l) => l.length);
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Why a SARIF region (1-based, UTF-16 columns, endColumn at most one past the line's end) does not fit the text. */
function regionProblem(region: SarifRegion, lines: number[]): string | undefined {
  const { startLine, startColumn, endLine, endColumn } = region;
  if (startLine < 1 || startLine > lines.length) return `startLine ${startLine} outside 1..${lines.length}`;
  if (endLine < startLine || endLine > lines.length) return `endLine ${endLine} outside ${startLine}..${lines.length}`;
  if (startColumn < 1 || startColumn > lines[startLine - 1] + 1) return `startColumn ${startColumn} outside 1..${lines[startLine - 1] + 1} on line ${startLine}`;
  if (endColumn < 1 || endColumn > lines[endLine - 1] + 1) return `endColumn ${endColumn} outside 1..${lines[endLine - 1] + 1} on line ${endLine}`;
  if (endLine === startLine && endColumn < startColumn) return `ends (${endColumn}) before it starts (${startColumn})`;
  return undefined;
}

// No package here ships the SARIF 2.1.0 JSON schema (@types/sarif has types only, and there is no
// network to fetch it), so this is a hand-written subset of it covering every object the CLI emits,
// with the official schema's required properties, enums and minimums, and its
// `additionalProperties: false` so a misspelt property fails. URIs are checked separately below
// (ajv without ajv-formats does not know `format: uri`).
const message = { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string' } } };
const level = { enum: ['none', 'note', 'warning', 'error'] };
const region = {
  type: 'object',
  required: ['startLine', 'startColumn', 'endLine', 'endColumn'],
  additionalProperties: false,
  properties: {
    startLine: { type: 'integer', minimum: 1 },
    startColumn: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
};
const artifactLocation = {
  type: 'object',
  required: ['uri'],
  additionalProperties: false,
  properties: { uri: { type: 'string', minLength: 1 }, uriBaseId: { type: 'string' } },
};
const SARIF_SUBSET_SCHEMA = {
  type: 'object',
  required: ['version', 'runs'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        additionalProperties: false,
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            additionalProperties: false,
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string', minLength: 1 },
                  version: { type: 'string' },
                  semanticVersion: { type: 'string' },
                  informationUri: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id'],
                      additionalProperties: false,
                      properties: {
                        id: { type: 'string', minLength: 1 },
                        shortDescription: message,
                        fullDescription: message,
                        help: message,
                        helpUri: { type: 'string' },
                        defaultConfiguration: { type: 'object', additionalProperties: false, properties: { level } },
                        properties: {
                          type: 'object',
                          properties: { tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          originalUriBaseIds: { type: 'object', additionalProperties: artifactLocation },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          newlineSequences: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'ruleIndex', 'level', 'message', 'locations'],
              additionalProperties: false,
              properties: {
                ruleId: { type: 'string', minLength: 1 },
                ruleIndex: { type: 'integer', minimum: 0 },
                level,
                message,
                locations: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['physicalLocation'],
                    additionalProperties: false,
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation', 'region'],
                        additionalProperties: false,
                        properties: { artifactLocation, region },
                      },
                    },
                  },
                },
                fixes: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['artifactChanges'],
                    additionalProperties: false,
                    properties: {
                      description: message,
                      // A SARIF property bag (every SARIF object may carry one): the fix's safety, as `--fix` reads it.
                      properties: { type: 'object', required: ['safety'], additionalProperties: false, properties: { safety: { enum: ['safe', 'unsafe'] } } },
                      artifactChanges: {
                        type: 'array',
                        minItems: 1,
                        items: {
                          type: 'object',
                          required: ['artifactLocation', 'replacements'],
                          additionalProperties: false,
                          properties: {
                            artifactLocation,
                            replacements: {
                              type: 'array',
                              minItems: 1,
                              items: {
                                type: 'object',
                                required: ['deletedRegion'],
                                additionalProperties: false,
                                properties: { deletedRegion: region, insertedContent: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string' } } } },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
}
interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    newlineSequences?: string[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: SarifLocation[];
      fixes?: { artifactChanges: { artifactLocation: { uri: string; uriBaseId?: string }; replacements: { deletedRegion: SarifRegion }[] }[] }[];
    }[];
  }[];
}

interface JsonFileReport {
  filePath: string;
  messages: { ruleId: string; line: number; fix?: unknown }[];
}

/** `file<TAB>rule` for every finding of a JSON report. */
function pairs(report: JsonFileReport[]): Set<string> {
  return new Set(report.flatMap((f) => f.messages.map((m) => `${f.filePath}\t${m.ruleId}`)));
}

function lintJson(dir: string, cwd: string): JsonFileReport[] {
  const r = runCli(['lint', dir, '--format', 'json'], cwd);
  assertCleanRun(r, `lint ${dir} --format json`);
  return JSON.parse(r.stdout) as JsonFileReport[];
}

/** Leaf paths of a YAML document's value (`a.b[0].c` → value), anchors and aliases resolved. */
function leaves(value: unknown, prefix: string[] = [], out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [k, v] of entries) leaves(v, [...prefix, k], out);
  } else out.set(prefix.join('\u0000'), JSON.stringify(value));
  return out;
}

function documentsOf(text: string): unknown[] {
  return parseAllDocuments(text).flatMap((d) => ('toJS' in d ? [d.toJS({ maxAliasCount: -1 })] : []));
}

// Keys the fixable Kubernetes and compose rules edit (see the rule tables in the README): a value
// that changed or went missing under one of these is the fix at work; anywhere else it is damage.
const FIXED_KEYS = new Set([
  'securityContext',
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'env',
  'terminationGracePeriodSeconds',
  'read_only',
  'security_opt',
  'cap_drop',
  'deploy',
  'environment',
  'healthcheck',
]);

describe('CLI over the corpus and seeded mutants (built bundle, child process)', { timeout: 15 * 60_000 }, () => {
  let work: string;
  before(() => {
    ensureBuilt();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-cli-corpus-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('lints every corpus file and 300 mutants: valid SARIF 2.1.0, no stack traces, every region inside its file', () => {
    const dir = path.join(work, 'all');
    copyCorpus(dir);
    const sources = CORPUS_FOLDERS.flatMap((folder) => fs.readdirSync(path.join(CORPUS, folder)).sort().map((name) => ({ folder, name })));
    assert.equal(sources.length, 271, 'the corpus has 271 files');
    fs.mkdirSync(path.join(dir, 'mutants'));
    for (let k = 0; k < MUTANTS; k++) {
      const rng = seeded(MUTANT_SEED + k);
      const source = sources[rng.nextInt(0, sources.length - 1)];
      let text = fs.readFileSync(path.join(CORPUS, source.folder, source.name), 'utf8');
      for (let round = rng.nextInt(1, 3); round > 0; round--) text = mutate(text, rng);
      // The prefix keeps the name's ending, so the CLI sees the kind (Dockerfile / YAML) of the original.
      fs.writeFileSync(path.join(dir, 'mutants', `m${String(k).padStart(3, '0')}__${source.name}`), text);
    }
    // Garbage the CLI must skip with one message: NUL bytes, and more than the 5 MB limit.
    fs.mkdirSync(path.join(dir, 'garbage'));
    fs.writeFileSync(path.join(dir, 'garbage', 'binary__Dockerfile'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    fs.writeFileSync(path.join(dir, 'garbage', 'huge.yaml'), 'apiVersion: v1\nkind: Pod\n' + '# padding\n'.repeat(650_000));
    // Old Mac line endings: lone CRs end lines for the engine, and the SARIF run must say so.
    fs.writeFileSync(path.join(dir, 'garbage', 'cr-only__Dockerfile'), 'FROM golang:1.24-bookworm\rRUN go build -o /app .\r');
    fs.writeFileSync(path.join(dir, 'garbage', 'cr-in-comment.yaml'), '# a comment\rwith a lone CR\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {a: "\u0014"}\n');
    // A folder name that must be escaped in a URI.
    fs.mkdirSync(path.join(dir, 'odd name #1'));
    fs.writeFileSync(path.join(dir, 'odd name #1', 'Dockerfile'), 'FROM golang\nRUN go build -o /app .\n');

    const r = runCli(['lint', 'all', '--format', 'sarif'], work);
    assertCleanRun(r, 'lint --format sarif');
    const log = JSON.parse(r.stdout) as SarifLog;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(SARIF_SUBSET_SCHEMA, log);
    assert.ok(valid, `SARIF does not match the schema: ${ajv.errorsText(ajv.errors?.slice(0, 10), { separator: '\n' })}`);

    const run = log.runs[0];
    const ruleIds = run.tool.driver.rules.map((rule) => rule.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids in tool.driver.rules are unique');
    const base = run.originalUriBaseIds?.['%SRCROOT%']?.uri;
    assert.ok(base && new URL(base).protocol === 'file:' && base.endsWith('/'), `%SRCROOT% is an absolute file URI ending in a slash: ${base}`);
    const fileOf = (location: { uri: string; uriBaseId?: string }): string => {
      assert.ok(!/[\s#?%]/.test(location.uri.replace(/%[0-9A-F]{2}/gi, '')), `artifact URI is not escaped: ${location.uri}`);
      const url = location.uriBaseId ? new URL(location.uri, run.originalUriBaseIds![location.uriBaseId].uri) : new URL(location.uri);
      return fileURLToPath(url);
    };
    // A consumer counts lines with the run's newline sequences (SARIF's default is CRLF and LF only).
    assert.deepEqual(run.newlineSequences, ['\r\n', '\n', '\r'], 'the run says that a lone CR ends a line, as the engine counts');
    const lineCache = new Map<string, number[] | null>();
    const linesOf = (file: string) => {
      if (!lineCache.has(file)) lineCache.set(file, fs.existsSync(file) ? lineLengths(readAsCli(file), run.newlineSequences) : null);
      return lineCache.get(file);
    };

    const problems: string[] = [];
    const filesWithResults = new Set<string>();
    for (const result of run.results) {
      if (!ruleIds.includes(result.ruleId)) problems.push(`ruleId ${result.ruleId} is not in tool.driver.rules`);
      else if (ruleIds[result.ruleIndex] !== result.ruleId) problems.push(`ruleIndex ${result.ruleIndex} does not point at ${result.ruleId}`);
      if (!['error', 'warning', 'note'].includes(result.level)) problems.push(`level ${result.level}`);
      if (/^\s+at .+/m.test(result.message.text)) problems.push(`stack trace in a message: ${result.message.text}`);
      for (const location of result.locations) {
        const file = fileOf(location.physicalLocation.artifactLocation);
        filesWithResults.add(file);
        const lines = linesOf(file);
        if (!lines) problems.push(`${result.ruleId}: result for a file that does not exist: ${file}`);
        else {
          const p = regionProblem(location.physicalLocation.region, lines);
          if (p) problems.push(`${path.relative(dir, file)}: ${result.ruleId}: ${p}`);
        }
      }
      for (const change of (result.fixes ?? []).flatMap((f) => f.artifactChanges)) {
        const file = fileOf(change.artifactLocation);
        // A fix may create a file: then it inserts at 1:1 of an empty text.
        const lines = linesOf(file) ?? [0];
        for (const replacement of change.replacements) {
          const p = regionProblem(replacement.deletedRegion, lines);
          if (p) problems.push(`${path.relative(dir, file)}: fix of ${result.ruleId}: ${p}`);
        }
      }
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
    const internal = run.results.filter((x) => x.ruleId === 'internal-error').map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}: ${x.message.text}`);
    assert.deepEqual(internal, [], 'no rule failed on any file');

    const resultsFor = (rel: string) => run.results.filter((x) => fileOf(x.locations[0].physicalLocation.artifactLocation) === path.join(dir, rel));
    for (const rel of ['garbage/binary__Dockerfile', 'garbage/huge.yaml']) {
      assert.deepEqual(resultsFor(rel).map((x) => [x.ruleId, x.level]), [['file-skipped', 'note']], `${rel}: one informational file-skipped result`);
    }
    assert.match(resultsFor('garbage/binary__Dockerfile')[0].message.text, /binary/);
    assert.match(resultsFor('garbage/huge.yaml')[0].message.text, /larger than 5 MB/);
    assert.ok(resultsFor('garbage/cr-only__Dockerfile').some((x) => x.ruleId === 'cgo-disabled' && x.locations[0].physicalLocation.region.startLine === 2), 'the go build on the second CR-separated line');
    assert.deepEqual(
      resultsFor('garbage/cr-in-comment.yaml').map((x) => [x.ruleId, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn]),
      [['parse-error', 7, 16]],
      'YAML positions count the lone CR as a line break too',
    );
    assert.ok(resultsFor('odd name #1/Dockerfile').some((x) => x.ruleId === 'multi-stage-build'), 'the file in the folder with an odd name is found again from its URI');
    // The CLI linted the corpus and the mutants, not only a few of them.
    assert.ok(filesWithResults.size > 250, `results for ${filesWithResults.size} files`);
  });

  describe('--fix over a copy of the corpus', () => {
    let dir: string;
    let before: JsonFileReport[];
    let originals: Map<string, Buffer>;
    let fixed: Map<string, Buffer>;
    let after: JsonFileReport[];

    it('runs without crashing and changes files', () => {
      dir = path.join(work, 'fix');
      copyCorpus(dir);
      originals = snapshot(dir);
      before = lintJson('fix', work);
      assert.ok(before.some((f) => f.messages.some((m) => m.fix)), 'the corpus has fixable findings');
      const r = runCli(['lint', 'fix', '--fix', '--unsafe-fixes', '--format', 'json'], work);
      assertCleanRun(r, 'lint --fix');
      fixed = snapshot(dir);
      assert.deepEqual([...fixed.keys()].sort(), [...originals.keys()].sort(), '--fix neither created nor deleted files');
      assert.ok([...fixed].some(([rel, bytes]) => !bytes.equals(originals.get(rel)!)), '--fix changed some file');
      after = lintJson('fix', work);
    });

    it('leaves no fixable finding', () => {
      const left = after.flatMap((f) => f.messages.filter((m) => m.fix).map((m) => `${f.filePath}:${m.line} ${m.ruleId}`));
      assert.deepEqual(left, []);
    });

    it('adds no (file, rule) pair that was not there before', () => {
      const had = pairs(before);
      assert.deepEqual([...pairs(after)].filter((p) => !had.has(p)), []);
    });

    it('keeps every YAML file that parsed parsing, meaning the same apart from the fixed keys', () => {
      const broken: string[] = [];
      const changedElsewhere: string[] = [];
      for (const [rel, original] of originals) {
        if (!/\.ya?ml$/.test(rel)) continue;
        const was = original.toString('utf8');
        const now = fixed.get(rel)!.toString('utf8');
        if (!yamlParses(was) || was === now) continue;
        if (!yamlParses(now)) {
          broken.push(rel);
          continue;
        }
        const docsWas = documentsOf(was);
        const docsNow = documentsOf(now);
        if (docsWas.length !== docsNow.length) {
          changedElsewhere.push(`${rel}: ${docsWas.length} documents became ${docsNow.length}`);
          continue;
        }
        docsWas.forEach((doc, i) => {
          const nowLeaves = leaves(docsNow[i]);
          for (const [key, value] of leaves(doc)) {
            if (nowLeaves.get(key) === value || key.split('\u0000').some((k) => FIXED_KEYS.has(k))) continue;
            changedElsewhere.push(`${rel} document ${i + 1}: ${key.split('\u0000').join('.')} was ${value}, now ${nowLeaves.get(key) ?? 'missing'}`);
          }
        });
      }
      assert.deepEqual(broken, [], 'YAML files that parsed before --fix and do not after');
      assert.deepEqual(changedElsewhere, [], 'values changed outside the keys the fixes own');
    });

    it('keeps comments and line endings', () => {
      const problems: string[] = [];
      for (const [rel, original] of originals) {
        const was = original.toString('utf8');
        const now = fixed.get(rel)!.toString('utf8');
        if (was === now) continue;
        const kept = new Set(commentLines(now));
        const lost = commentLines(was).filter((c) => !kept.has(c));
        if (lost.length) problems.push(`${rel}: lost comments ${JSON.stringify(lost)}`);
        if (was.includes('\r\n') ? /[^\r]\n/.test(now) : now.includes('\r\n')) problems.push(`${rel}: line endings changed`);
        if (was.startsWith('\ufeff') !== now.startsWith('\ufeff')) problems.push(`${rel}: byte order mark changed`);
      }
      assert.deepEqual(problems, []);
    });

    it('a second --fix changes no byte', () => {
      const r = runCli(['lint', 'fix', '--fix', '--unsafe-fixes', '--format', 'json'], work);
      assertCleanRun(r, 'second lint --fix');
      const again = snapshot(dir);
      assert.deepEqual([...again.keys()].sort(), [...fixed.keys()].sort());
      const changed = [...again].filter(([rel, bytes]) => !bytes.equals(fixed.get(rel)!)).map(([rel]) => rel);
      assert.deepEqual(changed, []);
    });
  });

  describe('pathological inputs through --stdin', () => {
    const depth = 10_000;
    const cases: [string, string, string][] = [
      ['YAML flow sequences nested 10,000 deep', 'pod.yaml', 'apiVersion: v1\nkind: Pod\nspec: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n'],
      ['YAML flow mappings nested 10,000 deep, unclosed', 'compose.yaml', 'services:\n  app: ' + '{a: '.repeat(depth) + '\n'],
      [
        'an alias bomb',
        'pod.yaml',
        ['apiVersion: v1', 'kind: Pod', 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 15 }, (_, i) => `x${i + 1}: &x${i + 1} [${Array(10).fill(`*x${i}`).join(', ')}]`), 'spec:', '  containers:', '    - name: app', '      args: *x15', '      env: *x15', ''].join('\n'),
      ],
      ['a RUN of 20,000 continuation lines', 'Dockerfile', 'FROM golang:1.24-bookworm AS build\nRUN go build -o /app . \\\n' + '  && echo step \\\n'.repeat(20_000) + '  && true\nFROM ubuntu\nCOPY --from=build /app /app\n'],
    ];
    for (const [what, name, text] of cases) {
      it(`lints ${what} without an internal error, ranges inside the text`, () => {
        const r = runCli(['lint', '--stdin', '--stdin-filename', name, '--format', 'sarif'], ROOT, text);
        assertCleanRun(r, what);
        const results = (JSON.parse(r.stdout) as SarifLog).runs[0].results;
        assert.deepEqual(results.filter((x) => x.ruleId === 'internal-error').map((x) => x.message.text), []);
        const lines = lineLengths(text);
        const problems = results.flatMap((x) => x.locations.map((l) => regionProblem(l.physicalLocation.region, lines)).filter(Boolean));
        assert.deepEqual(problems, []);
        assert.ok(results.length > 0, 'something was reported (findings, a parse error or a skipped-rules note)');
      });
    }
  });

  it('service rules survive Dockerfile names with regular-expression characters (ARG GO(=1.22)', () => {
    const dir = fs.mkdtempSync(path.join(work, 'svc-'));
    // go 1.25, above the minimum 1.24: go-version-consistency owns the FROM (below it builder-go-version would, one finding per problem).
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/x\n\ngo 1.25\n');
    fs.mkdirSync(path.join(dir, 'cmd', 'app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'cmd', 'app', 'main.go'), 'package main\n\nfunc main() {}\n');
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'ARG GO(=1.22\nARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}-bookworm AS build\nRUN CGO_ENABLED=0 go build -o /app ./cmd/app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    );
    const r = runCli(['lint', '.', '--format', 'json'], dir);
    assertCleanRun(r, 'lint of a service');
    const messages = (JSON.parse(r.stdout) as JsonFileReport[]).flatMap((f) => f.messages.map((m) => ({ file: f.filePath, ...m }) as { file: string; ruleId: string; message?: string }));
    assert.deepEqual(messages.filter((m) => m.ruleId === 'internal-error').map((m) => m.message), []);
    assert.ok(messages.some((m) => m.ruleId === 'go-version-consistency' && m.file === 'Dockerfile'), 'Go 1.22 in the builder is older than go.mod’s 1.25');
  });

  it('refuses a workspace imageTagPattern that backtracks catastrophically instead of hanging on a tag', () => {
    const dir = fs.mkdtempSync(path.join(work, 'redos-'));
    // ownImages: the tag scheme applies to the service's own images only.
    fs.writeFileSync(path.join(dir, '.container-standard.yaml'), "imageTagPattern: '^(a+)+$'\nownImages: ['registry.example.com/*']\n");
    // With that pattern this tag takes hours of backtracking.
    const tag = 'a'.repeat(40) + '!';
    fs.writeFileSync(path.join(dir, 'pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:${tag}\n`);
    const r = runCli(['lint', '.', '--format', 'json', '--rule', 'k8s-image-tag'], dir);
    assertCleanRun(r, 'lint with a catastrophic imageTagPattern');
    const report = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    const config = report.find((f) => f.filePath === '.container-standard.yaml');
    assert.ok(config?.messages.some((m) => m.ruleId === 'config-invalid' && /imageTagPattern.*exponential/.test(m.message)), JSON.stringify(config));
    const pod = report.find((f) => f.filePath === 'pod.yaml');
    assert.ok(pod?.messages.some((m) => m.ruleId === 'k8s-image-tag' && m.message.includes(tag)), 'the tag is judged with the default pattern');
  });

  it('tells catastrophic tag patterns from safe ones (the heuristic behind the previous test)', () => {
    const catastrophic = ['^(a+)+$', '(\\w+\\s?)*', '(a*b*)*', '(a{2,})*', '(?:a+)+', '(?<n>a+)+', '((a+)?)+', '(a|b+)*', '(a+?)+', '(a+){2,}'];
    const safe = [DEFAULT_IMAGE_TAG_PATTERN, '^v\\d+\\.\\d+$', '^([a-z0-9]+-)*v\\d+$', '(x+y)+', '((ab)*c)+', '(a+){1,3}', '\\(a+\\)+', '[(]a+[)]+', '(a|b)+'];
    assert.deepEqual(catastrophic.filter((p) => !hasNestedRepeat(p)), [], 'missed');
    assert.deepEqual(safe.filter((p) => hasNestedRepeat(p)), [], 'refused although safe');
  });

  it('never reads a device planted as a symlink (config, .gitignore, kustomization) and says so', () => {
    const dir = fs.mkdtempSync(path.join(work, 'devices-'));
    for (const name of ['.container-standard.yaml', '.gitignore', 'kustomization.yaml']) fs.symlinkSync('/dev/zero', path.join(dir, name));
    fs.symlinkSync('/dev/zero', path.join(dir, 'linked.Dockerfile'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang\nRUN go build -o /app .\n');
    fs.writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: app\n      image: app:latest\n');
    const r = runCli(['lint', '.', '--format', 'json'], dir);
    assertCleanRun(r, 'lint beside symlinks to /dev/zero');
    const report = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    const config = report.find((f) => f.filePath === '.container-standard.yaml');
    assert.ok(config?.messages.some((m) => m.ruleId === 'config-invalid' && /not read: it is not a regular file/.test(m.message)), JSON.stringify(config));
    assert.ok(report.find((f) => f.filePath === 'Dockerfile')?.messages.some((m) => m.ruleId === 'no-latest-tag'), 'the Dockerfile is linted with the defaults');
    assert.ok(report.find((f) => f.filePath === 'pod.yaml')?.messages.some((m) => m.ruleId === 'k8s-image-tag'), 'the manifest is linted');
    assert.equal(report.find((f) => f.filePath === 'linked.Dockerfile'), undefined, 'a symlink found in a folder is not followed');
    // Named on the command line, a device is refused, not read.
    const explicit = runCli(['lint', '/dev/zero', '--format', 'json'], dir);
    assertCleanRun(explicit, 'lint /dev/zero');
    assert.match(explicit.stdout, /File cannot be read: it is not a regular file/);
  });

  it('skips a file above 5 MB named on the command line without linting it', () => {
    const dir = fs.mkdtempSync(path.join(work, 'big-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang\n' + 'RUN go build -o /app .\n'.repeat(300_000));
    const r = runCli(['lint', 'Dockerfile', '--format', 'json', '--fix', '--unsafe-fixes'], dir);
    assertCleanRun(r, 'lint --fix of a 6.9 MB Dockerfile');
    assert.equal(r.code, 0);
    const messages = (JSON.parse(r.stdout) as JsonFileReport[]).flatMap((f) => f.messages as { ruleId: string; message?: string }[]);
    assert.deepEqual(messages.map((m) => [m.ruleId, m.message]), [['file-skipped', 'File skipped: it is larger than 5 MB.']]);
  });

  describe('encodings under --fix', () => {
    const dockerfile = (comment: Buffer) => Buffer.concat([Buffer.from('FROM golang\n# '), comment, Buffer.from('\nRUN go build -o /app .\n')]);

    it('leaves a file that is not UTF-8 byte for byte as it was, and says why', () => {
      const dir = fs.mkdtempSync(path.join(work, 'latin1-'));
      const original = dockerfile(Buffer.from('caf\xe9 au lait', 'latin1'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), original);
      const r = runCli(['lint', '.', '--fix', '--unsafe-fixes', '--format', 'json'], dir);
      assertCleanRun(r, 'lint --fix of a Latin-1 Dockerfile');
      assert.ok(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(original), 'the file was rewritten');
      const messages = (JSON.parse(r.stdout) as JsonFileReport[]).flatMap((f) => f.messages as { ruleId: string; message?: string; fix?: unknown }[]);
      assert.ok(messages.some((m) => /Fixes were not applied: the file is not valid UTF-8/.test(m.message ?? '')), 'a message says why');
      assert.ok(messages.some((m) => m.fix), 'the findings it could not fix are still reported');
    });

    it('fixes a UTF-8 file with a byte order mark, keeping the mark and every other character', () => {
      const dir = fs.mkdtempSync(path.join(work, 'bom-'));
      const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), dockerfile(Buffer.from('café ☕ 𝄞', 'utf8'))]);
      fs.writeFileSync(path.join(dir, 'Dockerfile'), original);
      assertCleanRun(runCli(['lint', '.', '--fix', '--unsafe-fixes'], dir), 'lint --fix of a UTF-8 Dockerfile with a BOM');
      const now = fs.readFileSync(path.join(dir, 'Dockerfile'));
      assert.ok(!now.equals(original), 'the fixes were applied');
      assert.deepEqual([...now.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.ok(now.toString('utf8').includes('# café ☕ 𝄞\n'));
      const viaStdin = runCli(['lint', '--stdin', '--fix', '--unsafe-fixes'], ROOT, original);
      assert.equal(viaStdin.code, 0);
      assert.ok(Buffer.from(viaStdin.stdout, 'utf8').equals(now), '--stdin --fix gives the same bytes as --fix in place');
    });
  });

  describe('--fix over 300 seeded mutants', () => {
    let dir: string;
    let before: JsonFileReport[];
    let originals: Map<string, Buffer>;
    let fixed: Map<string, Buffer>;

    it('runs without crashing', () => {
      dir = path.join(work, 'fix-mutants');
      fs.mkdirSync(dir);
      const sources = CORPUS_FOLDERS.flatMap((folder) => fs.readdirSync(path.join(CORPUS, folder)).sort().map((name) => path.join(CORPUS, folder, name)));
      for (let k = 0; k < MUTANTS; k++) {
        const rng = seeded(MUTANT_SEED * 3 + k);
        const source = sources[rng.nextInt(0, sources.length - 1)];
        let text = fs.readFileSync(source, 'utf8');
        for (let round = rng.nextInt(1, 2); round > 0; round--) text = mutate(text, rng);
        fs.writeFileSync(path.join(dir, `m${String(k).padStart(3, '0')}__${path.basename(source)}`), text);
      }
      originals = snapshot(dir);
      before = lintJson('fix-mutants', work);
      assertCleanRun(runCli(['lint', 'fix-mutants', '--fix', '--unsafe-fixes'], work), 'lint --fix over mutants');
      fixed = snapshot(dir);
      assert.ok([...fixed].some(([rel, bytes]) => !bytes.equals(originals.get(rel)!)), '--fix changed some mutant');
    });

    it('leaves no fixable finding, adds no (file, rule) pair, keeps parsing YAML parsing, and a second --fix changes nothing', () => {
      const after = lintJson('fix-mutants', work);
      assert.deepEqual(after.flatMap((f) => f.messages.filter((m) => m.fix).map((m) => `${f.filePath}:${m.line} ${m.ruleId}`)), [], 'fixable findings left');
      const had = pairs(before);
      assert.deepEqual([...pairs(after)].filter((p) => !had.has(p)), [], 'new (file, rule) pairs');
      const broken = [...originals].filter(([rel, bytes]) => /\.ya?ml$/.test(rel) && yamlParses(bytes.toString('utf8')) && !yamlParses(fixed.get(rel)!.toString('utf8')));
      assert.deepEqual(broken.map(([rel]) => rel), [], 'YAML that parsed no longer parses');
      assertCleanRun(runCli(['lint', 'fix-mutants', '--fix', '--unsafe-fixes'], work), 'second lint --fix over mutants');
      const again = snapshot(dir);
      assert.deepEqual([...again].filter(([rel, bytes]) => !bytes.equals(fixed.get(rel)!)).map(([rel]) => rel), [], 'changed by a second --fix');
    });

    // Cases the mutants found, kept as plain regressions.
    const converges: [string, string][] = [
      // The shell parser rejects `${X_[Y}`; the fallback tokenizer must still see the -ldflags="-s -w" the fix inserts.
      ['a script the shell parser rejects', 'FROM golang:1.24-bookworm AS build\nRUN go build -gcflags="${X_[Y}" -o /app .\nFROM scratch\nCOPY --from=build /app /app\n'],
      // A runtime stage appended after an unclosed heredoc would be part of the heredoc.
      ['a last RUN whose heredoc never closes', 'FROM golang:1.24-bookworm\nRUN go build -o /app .\nRUN <<EOT\n  echo hi\n'],
    ];
    for (const [what, text] of converges) {
      it(`--fix converges on ${what}`, () => {
        const once = runCli(['lint', '--stdin', '--fix', '--unsafe-fixes'], ROOT, text);
        assertCleanRun(once, what);
        const twice = runCli(['lint', '--stdin', '--fix', '--unsafe-fixes'], ROOT, once.stdout);
        assert.equal(twice.stdout, once.stdout, 'a second --fix changed the text');
        const left = JSON.parse(runCli(['lint', '--stdin', '--format', 'json'], ROOT, once.stdout).stdout) as JsonFileReport[];
        assert.deepEqual(left.flatMap((f) => f.messages.filter((m) => m.fix).map((m) => m.ruleId)), []);
      });
    }
  });

  describe('--stdin with garbage', () => {
    const skipped = (r: CliRun, what: string): string => {
      assertCleanRun(r, what);
      assert.equal(r.code, 0, `${what}: a skipped file is not an error`);
      const report = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[];
      assert.deepEqual(report.flatMap((f) => f.messages.map((m) => [m.ruleId, m.line])), [['file-skipped', 1]], what);
      return report[0].messages[0].message;
    };
    const junk = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 2654435761) % 256));

    it('skips binary junk as a Dockerfile and as YAML with a clear message', () => {
      for (const name of ['Dockerfile', 'deploy.yaml']) {
        const message = skipped(runCli(['lint', '--stdin', '--stdin-filename', name, '--format', 'json'], ROOT, junk), `binary ${name}`);
        assert.match(message, /File skipped: .*binary/);
      }
    });

    it('skips a 6 MB file with a clear message', () => {
      const big = 'FROM golang:1.24-bookworm AS build\n' + 'RUN go build -o /app ./cmd/app \\\n  && true\n'.repeat(150_000);
      assert.ok(big.length > 6 * 1024 * 1024);
      const message = skipped(runCli(['lint', '--stdin', '--format', 'json'], ROOT, big), '6 MB Dockerfile');
      assert.match(message, /File skipped: .*larger than 5 MB/);
    });

    it('--fix of input that is not UTF-8 prints nothing rather than re-encoded bytes', () => {
      const r = runCli(['lint', '--stdin', '--fix', '--unsafe-fixes'], ROOT, junk);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /not valid UTF-8/);
      assert.doesNotMatch(r.stderr, /^\s+at .+/m);
    });

    it('--fix on skipped input prints it back unchanged', () => {
      const big = 'kind: Pod\n' + 'x: y\n'.repeat(1_300_000);
      const r = runCli(['lint', '--stdin', '--stdin-filename', 'pod.yaml', '--fix', '--unsafe-fixes'], ROOT, big);
      assertCleanRun(r, '--stdin --fix of a 6 MB file');
      assert.equal(r.stdout, big);
    });
  });
});
