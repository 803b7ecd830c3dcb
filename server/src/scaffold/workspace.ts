// Reads what the templates need from a service folder: go.mod, main packages, repository root.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceFacts } from './types';
import { defaultImage, serviceNameFromModule, toServiceName } from './index';
import { HEALTH_PACKAGE } from './templates/goHealth';

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
  return { dir, goMod, hasGoSum: fs.existsSync(path.join(dir, 'go.sum')), mainPackages, dirFromRepoRoot: relativeToRepoRoot(dir) };
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
