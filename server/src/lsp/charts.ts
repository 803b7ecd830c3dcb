import * as fs from 'node:fs';
import * as path from 'node:path';
import { chartRootOf, CHART_FILE, findHelm, lintChart } from '../engine/helm';
import type { ResolvedConfig } from '../engine/config';
import type { Finding } from '../engine/types';

export interface ChartCheckHost {
  configFor: (absPath: string) => ResolvedConfig;
  /** The `goContainerStandard.helm.path` setting for a file ('' when unset). */
  helmPathSetting: (absPath: string) => Promise<string>;
  /** Rendering runs helm: only in a trusted workspace. */
  trusted: () => boolean;
  /** The chart findings of these files changed (absolute paths). */
  changed: (files: Set<string>) => void;
  log: (message: string) => void;
}

/**
 * Helm charts in the editor: a chart is rendered (helm template) when a file of it is opened or
 * saved, never on keystrokes, one chart at a time; in a restricted workspace nothing runs and the
 * chart gets the not-rendered notice instead.
 */
export class ChartChecks {
  /** Chart folder → the findings of its last render. */
  private readonly findings = new Map<string, Finding[]>();
  private readonly pending = new Set<string>();
  /** The disk text of the files whose findings carry fixes, as it was when the chart was rendered. */
  private readonly textsRead = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** The chart being rendered now: a recheck must include it, its render may have read the old settings. */
  private checking: string | undefined;
  private disposed = false;
  stamp = 0;

  constructor(private readonly host: ChartCheckHost) {}

  /** Renders the chart this file belongs to (if any) after `delayMs`. */
  scheduleFor(filePath: string, delayMs: number): void {
    const root = chartRootOf(filePath);
    if (!root) return;
    this.pending.add(root);
    this.arm(delayMs);
  }

  /** Trust or settings changed: render every chart seen again. */
  recheckAll(delayMs: number): void {
    for (const root of this.findings.keys()) this.pending.add(root);
    if (this.checking) this.pending.add(this.checking);
    this.arm(delayMs);
  }

  /** True when this file's chart findings (and their fixes) were computed on exactly this text. */
  fixesFit(filePath: string, text: string): boolean {
    return this.textsRead.get(filePath) === text;
  }

  findingsFor(filePath: string): Finding[] {
    const out: Finding[] = [];
    for (const list of this.findings.values()) for (const f of list) if (f.file === filePath) out.push(f);
    return out;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private arm(delayMs: number): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain().catch((e) => this.host.log(`Helm chart checks failed: ${(e as Error)?.stack ?? e}`));
    }, delayMs);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.disposed && this.pending.size > 0) {
        const root = this.pending.values().next().value as string;
        this.pending.delete(root);
        this.checking = root;
        try {
          await this.checkOne(root);
        } finally {
          this.checking = undefined;
        }
      }
    } finally {
      this.running = false;
    }
    if (!this.disposed && this.pending.size > 0) this.arm(0);
  }

  private async checkOne(root: string): Promise<void> {
    const before = this.findings.get(root) ?? [];
    const chartFile = path.join(root, CHART_FILE);
    const config = this.host.configFor(chartFile);
    let after: Finding[];
    if (!this.host.trusted()) {
      after = await lintChart(root, { config, helmPath: undefined, notRenderedReason: 'this workspace is in Restricted Mode, where nothing is run (trust the workspace to render it with helm)' });
    } else {
      const setting = await this.host.helmPathSetting(chartFile);
      const helmPath = findHelm(setting || config.helm?.path);
      const reason = setting ? `the goContainerStandard.helm.path setting '${setting}' is not an executable file` : undefined;
      after = await lintChart(root, { config, helmPath, notRenderedReason: reason });
    }
    this.findings.set(root, after);
    for (const f of after) {
      if (!f.fix) continue;
      try {
        this.textsRead.set(f.file, fs.readFileSync(f.file, 'utf8').replace(/^\ufeff/, ''));
      } catch {
        this.textsRead.delete(f.file);
      }
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    this.stamp++;
    this.host.changed(new Set([...before, ...after].map((f) => f.file)));
  }
}
