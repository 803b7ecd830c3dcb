// Reads what the templates need from a service folder: go.mod, main packages, repository root.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceFacts } from './types';
import { defaultImage, serviceNameFromModule, toServiceName } from './index';
import { HEALTH_PACKAGE } from './templates/goHealth';
import type { PlannedFile, ScaffoldPlan } from './types';

export interface GoMod {
  modulePath: string;
  /** Undefined when go.mod has no `go` line (Go then assumes 1.16). */
  goVersion?: string;
}

export function parseGoMod(text: string): GoMod | undefined {
  const withoutComments = text.replace(/\/\/.*$/gm, '');
  const module = /^\s*module\s+(?:"([^"]+)"|`([^`]+)`|(\S+))\s*$/m.exec(withoutComments);
  if (!module) return undefined;
  const go = /^\s*go\s+(\S+)\s*$/m.exec(withoutComments);
  return { modulePath: module[1] ?? module[2] ?? module[3], goVersion: go?.[1] };
}

/** What a folder holds, before any question is asked. */
export interface ServiceInspection {
  dir: string;
  goMod?: GoMod;
  hasGoSum: boolean;
  /** Folders with a non-test `package main` file: `.` and `cmd/<name>`, POSIX, sorted. */
  mainPackages: string[];
  /** The service folder relative to the enclosing git repository's root, `.` when it is the root or there is none. */
  dirFromRepoRoot: string;
  /** Environment variables the module's Go code reads (os.Getenv / os.LookupEnv with a literal name), sorted. */
  envVars: string[];
  /** go.mod `replace` directives whose local target lies outside the service folder (the build context). */
  replacesOutside: { module: string; target: string }[];
}

export function inspectService(dir: string): ServiceInspection {
  let goMod: GoMod | undefined;
  try {
    goMod = parseGoMod(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'));
  } catch {
    goMod = undefined;
  }
  const mainPackages: string[] = [];
  if (isMainPackage(dir)) mainPackages.push('.');
  for (const entry of readDir(path.join(dir, 'cmd'))) {
    if (entry.isDirectory() && isMainPackage(path.join(dir, 'cmd', entry.name))) mainPackages.push(`cmd/${entry.name}`);
  }
  mainPackages.sort();
  let goModText = '';
  try {
    goModText = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
  } catch {
    goModText = '';
  }
  return {
    dir,
    goMod,
    hasGoSum: fs.existsSync(path.join(dir, 'go.sum')),
    mainPackages,
    dirFromRepoRoot: relativeToRepoRoot(dir),
    envVars: envVarsRead(dir),
    replacesOutside: localReplaces(goModText).filter((r) => !isWithin(dir, path.resolve(dir, r.target))),
  };
}

/** `replace a => ../lib` and `replace ( a v1 => ./x )` lines with a local (relative) target. */
export function localReplaces(goModText: string): { module: string; target: string }[] {
  const out: { module: string; target: string }[] = [];
  const text = goModText.replace(/\/\/.*$/gm, '');
  const line = /^\s*(?:replace\s+)?(\S+)(?:\s+\S+)?\s*=>\s*(\.{1,2}[\\/]\S*|\.{1,2})\s*$/;
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*replace\s*\(\s*$/.test(raw)) {
      inBlock = true;
      continue;
    }
    if (inBlock && /^\s*\)\s*$/.test(raw)) {
      inBlock = false;
      continue;
    }
    if (!inBlock && !/^\s*replace\s/.test(raw)) continue;
    const m = line.exec(raw);
    if (m) out.push({ module: m[1], target: m[2] });
  }
  return out;
}

const posix = (p: string): string => p.split(path.sep).join('/') || '.';

/**
 * Where to build the image from when go.mod replaces modules outside the service folder: the
 * repository root when it holds them all, else the nearest folder that does.
 */
function buildContextFor(inspection: ServiceInspection): ServiceFacts['buildContext'] {
  if (inspection.replacesOutside.length === 0) return undefined;
  const service = path.resolve(inspection.dir);
  const targets = inspection.replacesOutside.map((r) => path.resolve(service, r.target));
  const repoRoot = path.resolve(service, ...inspection.dirFromRepoRoot.split('/').filter((e) => e !== '.').map(() => '..'));
  let context = repoRoot;
  if (!targets.every((t) => isWithin(repoRoot, t)) || !isWithin(repoRoot, service)) {
    context = service;
    while (!targets.every((t) => isWithin(context, t)) && path.dirname(context) !== context) context = path.dirname(context);
  }
  return {
    fromService: posix(path.relative(service, context)),
    serviceFromContext: posix(path.relative(context, service)),
    modulesFromContext: [...new Set(targets.map((t) => posix(path.relative(context, t))))].sort(),
    fromRepoRoot: isWithin(repoRoot, context) ? posix(path.relative(repoRoot, context)) : '.',
  };
}

function isWithin(dir: string, target: string): boolean {
  const rel = path.relative(path.resolve(dir), target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const SKIPPED_DIRS = new Set(['vendor', 'testdata', 'node_modules']);
const MAX_GO_FILES = 5000;

/** Non-test Go files of the module (not vendor, testdata, hidden folders or nested modules), bounded. */
function moduleGoFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string, top: boolean): void => {
    if (!top && fs.existsSync(path.join(d, 'go.mod'))) return;
    for (const e of readDir(d)) {
      if (files.length >= MAX_GO_FILES) return;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !e.name.startsWith('_') && !SKIPPED_DIRS.has(e.name)) walk(path.join(d, e.name), false);
      } else if (e.isFile() && e.name.endsWith('.go') && !e.name.endsWith('_test.go')) files.push(path.join(d, e.name));
    }
  };
  walk(dir, true);
  return files;
}

function envVarsRead(dir: string): string[] {
  const names = new Set<string>();
  for (const f of moduleGoFiles(dir)) {
    for (const m of readText(f).matchAll(/\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** The main package serves both GET /health and GET /ready itself (net/http, chi, gin, echo patterns). */
export function servesHealthEndpoints(mainDir: string): boolean {
  const text = goSources(mainDir).map(readText).join('\n');
  const serves = (p: string) => new RegExp(`["\`](?:(?:GET|HEAD)\\s+)?${p}["\`]`).test(text);
  return serves('/health') && serves('/ready');
}

export interface PackageConflict {
  /** The package folder, relative to the service folder (POSIX). */
  dir: string;
  /** Existing files of the folder that would clash with the generated ones, relative to the service folder. */
  files: string[];
  reason: string;
}

/**
 * Folders the plan adds Go files to that already hold other Go files of the same package which
 * declare the same top-level names, or of another package: adding the generated files would stop
 * the package compiling.
 */
export function packageConflicts(serviceDir: string, planned: PlannedFile[], kept: ReadonlySet<string> = new Set()): PackageConflict[] {
  const byDir = new Map<string, PlannedFile[]>();
  for (const f of planned) {
    if (!f.path.endsWith('.go') || f.path.startsWith('../')) continue;
    const dir = path.posix.dirname(f.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const conflicts: PackageConflict[] = [];
  for (const [dir, files] of byDir) {
    const ours = new Set(files.map((f) => path.posix.basename(f.path)));
    const ourPackage = files.map((f) => packageOf(f.content)).find((p) => p && !p.endsWith('_test'));
    const ourNames = new Set(files.flatMap((f) => topLevelNames(f.content)));
    const clashing: string[] = [];
    const reasons = new Set<string>();
    // A generated file that exists with other content and stays: the others depend on what it declares.
    for (const f of files.filter((f) => kept.has(f.path))) {
      clashing.push(f.path);
      reasons.add(`${f.path} exists with other content and is kept, and the other generated files depend on it`);
    }
    for (const e of readDir(path.join(serviceDir, dir))) {
      if (!e.isFile() || !e.name.endsWith('.go') || ours.has(e.name)) continue;
      const text = readText(path.join(serviceDir, dir, e.name));
      const pkg = packageOf(text);
      if (!pkg || pkg.endsWith('_test')) continue;
      const rel = dir === '.' ? e.name : `${dir}/${e.name}`;
      if (ourPackage && pkg !== ourPackage) {
        clashing.push(rel);
        reasons.add(`it is package ${pkg}, the generated files are package ${ourPackage}`);
        continue;
      }
      const same = topLevelNames(text).filter((n) => ourNames.has(n));
      if (same.length > 0) {
        clashing.push(rel);
        reasons.add(`${rel} already declares ${same.slice(0, 4).join(', ')}${same.length > 4 ? ', ...' : ''}`);
      }
    }
    if (clashing.length > 0) conflicts.push({ dir, files: clashing, reason: [...reasons].join('; ') });
  }
  return conflicts;
}

function packageOf(text: string): string | undefined {
  return /^\s*package\s+(\w+)/m.exec(stripComments(text))?.[1];
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

/** Top-level declared names (funcs, types, vars, consts; methods as Type.Method), from gofmt-shaped source. */
export function topLevelNames(text: string): string[] {
  const names: string[] = [];
  let group: string | undefined;
  for (const line of stripComments(text).split(/\r?\n/)) {
    if (group) {
      if (/^\)/.test(line)) group = undefined;
      else {
        const m = /^\t(\w+(?:\s*,\s*\w+)*)/.exec(line);
        if (m) names.push(...(group === 'type' ? [m[1].split(',')[0]] : m[1].split(',')).map((n) => n.trim()));
      }
      continue;
    }
    const grouped = /^(type|var|const)\s*\(\s*$/.exec(line);
    if (grouped) {
      group = grouped[1];
      continue;
    }
    const method = /^func\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)(?:\[[^\]]*\])?\s*\)\s*(\w+)/.exec(line);
    if (method) {
      names.push(`${method[1]}.${method[2]}`);
      continue;
    }
    const decl = /^(?:func|type|var|const)\s+(\w+)/.exec(line);
    if (decl && decl[1] !== 'init' && decl[1] !== '_') names.push(decl[1]);
  }
  return names.filter((n) => n !== '_');
}

export interface ResolveOptions {
  service?: string;
  /** The chosen main package folder (`cmd/api`), when there are several or a new one is wanted. */
  main?: string;
  /** The target does not build or wire the main package: several of them are no problem. */
  mainIrrelevant?: boolean;
  /** Image repository without tag (default: `ghcr.io/<GitHub owner or example>/<service>`). */
  image?: string;
}

export type Resolution =
  | { ok: true; facts: ServiceFacts }
  | { ok: false; reason: 'ambiguous-main'; message: string; candidates: string[] }
  | { ok: false; reason: 'bad-main'; message: string };

/**
 * Facts for the templates. Several main packages and no choice is an error listing them; no main
 * package means a new `cmd/<service>`.
 */
export function resolveFacts(inspection: ServiceInspection, options: ResolveOptions = {}): Resolution {
  const folderName = path.basename(path.resolve(inspection.dir));
  const modulePath = inspection.goMod?.modulePath ?? `example.com/${toServiceName(folderName)}`;
  const service = toServiceName(options.service ?? serviceNameFromModule(modulePath) ?? folderName);
  let mainPackage: string;
  if (options.main !== undefined) {
    const normalized = normalizeMainOption(options.main);
    if (normalized === undefined) return { ok: false, reason: 'bad-main', message: `--main '${options.main}' must be a folder inside the service (such as cmd/${service}).` };
    mainPackage = normalized;
  } else if (inspection.mainPackages.length > 1 && !options.mainIrrelevant) {
    return {
      ok: false,
      reason: 'ambiguous-main',
      message: `Several main packages: ${inspection.mainPackages.join(', ')}. Choose one with --main.`,
      candidates: inspection.mainPackages,
    };
  } else {
    mainPackage = inspection.mainPackages[0] ?? `cmd/${service}`;
  }
  const mainDir = path.join(inspection.dir, mainPackage);
  const mainExists = isMainPackage(mainDir);
  return {
    ok: true,
    facts: {
      modulePath,
      goVersion: inspection.goMod?.goVersion ?? '1.16',
      service,
      mainPackage,
      mainExists,
      mainWired: mainExists && importsHealth(mainDir, modulePath),
      hasGoSum: inspection.hasGoSum,
      image: options.image ?? defaultImage(modulePath, service),
      serviceDirFromRepoRoot: inspection.dirFromRepoRoot,
      envVars: inspection.envVars,
      existingHandlers: mainExists && !importsHealth(mainDir, modulePath) && servesHealthEndpoints(mainDir),
      buildContext: buildContextFor(inspection),
    },
  };
}

function normalizeMainOption(option: string): string | undefined {
  const posix = option.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (posix === '' || posix === '.') return '.';
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || posix.split('/').includes('..')) return undefined;
  return path.posix.normalize(posix);
}

function readDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function goSources(dir: string): string[] {
  return readDir(dir)
    .filter((e) => e.isFile() && e.name.endsWith('.go') && !e.name.endsWith('_test.go'))
    .map((e) => path.join(dir, e.name));
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isMainPackage(dir: string): boolean {
  return goSources(dir).some((f) => /^package\s+main\b/m.test(readText(f)));
}

function importsHealth(dir: string, modulePath: string): boolean {
  const wanted = `"${modulePath}/${HEALTH_PACKAGE}"`;
  return goSources(dir).some((f) => readText(f).includes(wanted));
}

function relativeToRepoRoot(dir: string): string {
  const start = path.resolve(dir);
  for (let d = start; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return path.relative(d, start).split(path.sep).join('/') || '.';
    if (path.dirname(d) === d) return '.';
  }
}

/**
 * The plan without its Go files when adding them would break a package of the module (they
 * depend on each other: the server package is no use without the health package, nor the
 * generated main without both), and the conflicts that decided it. `kept`: planned paths that
 * exist with other content and will not be overwritten.
 */
export function withoutConflictingPackages(
  serviceDir: string,
  plan: ScaffoldPlan,
  kept: ReadonlySet<string> = new Set(),
): { plan: ScaffoldPlan; conflicts: PackageConflict[]; refused: PlannedFile[] } {
  const conflicts = packageConflicts(serviceDir, plan.files, kept);
  if (conflicts.length === 0) return { plan, conflicts, refused: [] };
  const isGo = (f: PlannedFile) => f.path.endsWith('.go') && !f.path.startsWith('../');
  return { plan: { files: plan.files.filter((f) => !isGo(f)) }, conflicts, refused: plan.files.filter(isGo) };
}
