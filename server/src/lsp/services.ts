import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkService, discoverServices, nearestService, prepareServiceChecks, readTextFile, type ServiceWorkspace } from '../engine/service';
import type { ResolvedConfig } from '../engine/config';
import type { Finding } from '../engine/types';

/** Fewer files than the CLI walks: discovery runs in the editor's process. */
const EDITOR_MAX_FILES = 20_000;

export interface ServiceCheckHost {
  /** Workspace folders (absolute paths). */
  folders: () => string[];
  /** The text of an open document, by absolute path. */
  openText: (absPath: string) => string | undefined;
  configFor: (absPath: string) => ResolvedConfig;
  /** Called before a round of checks (e.g. to fetch the settings `configFor` uses). */
  beforeChecks: () => Promise<void>;
  /** The service findings of these files changed (absolute paths). */
  changed: (files: Set<string>) => void;
  log: (message: string) => void;
}

/**
 * Cross-file (service-level) rules in the editor. The services of a workspace folder are found
 * once (again when files come or go); a service is checked when one of its documents opens or is
 * saved, when one of its files changes on disk, or when settings change. Work runs one folder
 * walk or one service check per turn of the event loop and never on keystrokes, so editing stays
 * on the fast per-file path.
 */
export class ServiceChecks {
  private readonly workspaces = new Map<string, ServiceWorkspace>();
  /** go.mod path → the findings of its service. */
  private readonly findings = new Map<string, Finding[]>();
  /** What the checks read of each file, to tell whether a finding's fix still fits the open text. */
  private readonly textsRead = new Map<string, string>();
  /** Files whose services are to be checked. */
  private readonly pendingFiles = new Set<string>();
  private readonly pendingGoMods = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private disposed = false;
  private prepared: Promise<void> | undefined;
  /** Bumped whenever any service finding changes. */
  stamp = 0;

  constructor(private readonly host: ServiceCheckHost) {}

  /** Checks the services a file concerns (its own service; for YAML outside services, those it names), after `delayMs`. */
  scheduleFor(filePath: string, delayMs: number): void {
    if (!this.folderOf(filePath)) return;
    this.pendingFiles.add(filePath);
    this.arm(delayMs);
  }

  /** Files changed on disk: rediscover when files came or went, then recheck the services they concern. */
  filesChanged(changes: { path: string; created: boolean; deleted: boolean }[], delayMs: number): void {
    for (const change of changes) {
      const folder = this.folderOf(change.path);
      if (!folder) continue;
      if (change.created || change.deleted || path.basename(change.path) === 'go.mod') this.workspaces.delete(folder);
      this.pendingFiles.add(change.path);
    }
    // A service whose go.mod went away must drop its findings.
    if (changes.some((c) => c.deleted || path.basename(c.path) === 'go.mod')) for (const goMod of this.findings.keys()) this.pendingGoMods.add(goMod);
    this.arm(delayMs);
  }

  /** Settings or config files changed: recheck every service with findings. */
  recheckAll(delayMs: number): void {
    for (const goMod of this.findings.keys()) this.pendingGoMods.add(goMod);
    this.arm(delayMs);
  }

  /** Service findings attached to a file. */
  findingsFor(filePath: string): Finding[] {
    const out: Finding[] = [];
    for (const list of this.findings.values()) for (const f of list) if (f.file === filePath) out.push(f);
    return out;
  }

  /** True when this file's findings (and their fixes) were computed on exactly this text. */
  fixesFit(filePath: string, text: string): boolean {
    return this.textsRead.get(filePath) === text;
  }

  /** True while checks are scheduled or running. */
  get busy(): boolean {
    return this.running || this.timer !== undefined || this.pendingFiles.size > 0 || this.pendingGoMods.size > 0;
  }

  /** Resolves once no check is scheduled or running (at once when idle). */
  idle(): Promise<void> {
    if (!this.busy || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private arm(delayMs: number): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain().catch((e) => this.host.log(`Service checks failed: ${(e as Error)?.stack ?? e}`));
    }, delayMs);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    try {
      await this.host.beforeChecks();
      while (!this.disposed && (this.pendingFiles.size > 0 || this.pendingGoMods.size > 0)) {
        const file = first(this.pendingFiles);
        if (file !== undefined) {
          this.pendingFiles.delete(file);
          const walked = !this.workspaces.has(this.folderOf(file) ?? '');
          for (const goMod of this.goModsConcerning(file)) this.pendingGoMods.add(goMod);
          if (walked && this.workspaces.has(this.folderOf(file) ?? '')) await turn();
          continue;
        }
        const goMod = first(this.pendingGoMods)!;
        this.pendingGoMods.delete(goMod);
        // The Go parser (WebAssembly, tens of MB) is loaded once a workspace turns out to have a service.
        this.prepared ??= prepareServiceChecks();
        await this.prepared;
        this.checkOne(goMod);
        await turn();
      }
    } finally {
      this.running = false;
    }
    // Work that arrived during the last turn.
    if (!this.disposed && (this.pendingFiles.size > 0 || this.pendingGoMods.size > 0)) this.arm(0);
    else if (!this.busy) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private goModsConcerning(filePath: string): string[] {
    const folder = this.folderOf(filePath);
    if (!folder) return [];
    // Walking the folder only pays off when a service is there: look for a go.mod above the file first.
    if (goModAbove(filePath, folder)) {
      if (!this.workspaces.get(folder)?.files.has(filePath) && fs.existsSync(filePath)) this.workspaces.delete(folder);
      const service = nearestService(this.workspaceOf(filePath)?.services ?? [], filePath);
      return service ? [service.goMod] : [];
    }
    let ws = this.workspaces.get(folder);
    if (!ws || !/\.ya?ml$/i.test(filePath)) return [];
    // A file the last walk did not see (created since): walk again so the checks read it.
    if (!ws.files.has(filePath) && fs.existsSync(filePath)) {
      this.workspaces.delete(folder);
      ws = this.workspaceOf(filePath)!;
    }
    // A manifest or compose file outside the service folders: the services whose folder name it mentions.
    const text = this.host.openText(filePath) ?? readTextFile(filePath) ?? '';
    return ws.services.filter((s) => text.includes(s.name)).map((s) => s.goMod);
  }

  private checkOne(goMod: string): void {
    const before = this.findings.get(goMod) ?? [];
    let after: Finding[] = [];
    const ws = this.workspaceOf(goMod);
    if (ws && ws.services.some((s) => s.goMod === goMod)) {
      const read = (absPath: string) => {
        const text = this.host.openText(absPath) ?? readTextFile(absPath);
        if (text !== undefined) this.textsRead.set(absPath, text);
        return text;
      };
      try {
        after = checkService(ws, goMod, { readFile: read, configFor: this.host.configFor });
      } catch (e) {
        this.host.log(`Service checks of ${path.dirname(goMod)} failed: ${(e as Error).message}`);
      }
    }
    if (after.length) this.findings.set(goMod, after);
    else this.findings.delete(goMod);
    if (sameFindings(before, after)) return;
    this.stamp++;
    this.host.changed(new Set([...before, ...after].map((f) => f.file)));
  }

  private folderOf(filePath: string): string | undefined {
    return this.host
      .folders()
      .filter((f) => filePath === f || filePath.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }

  private workspaceOf(filePath: string): ServiceWorkspace | undefined {
    const folder = this.folderOf(filePath);
    if (!folder) return undefined;
    let ws = this.workspaces.get(folder);
    if (!ws) {
      ws = discoverServices([folder], { maxFiles: EDITOR_MAX_FILES });
      if (ws.truncated) this.host.log(`Service discovery in ${folder} stopped after ${EDITOR_MAX_FILES} files; cross-file checks may miss services.`);
      this.workspaces.set(folder, ws);
    }
    return ws;
  }
}

function goModAbove(filePath: string, stopAt: string): string | undefined {
  if (path.basename(filePath) === 'go.mod') return filePath;
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'go.mod');
    if (fs.existsSync(candidate)) return candidate;
    if (dir === stopAt || path.dirname(dir) === dir || !dir.startsWith(stopAt)) return undefined;
  }
}

function first<T>(set: Set<T>): T | undefined {
  for (const v of set) return v;
  return undefined;
}

function sameFindings(a: Finding[], b: Finding[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
