// Drives the VS Code workbench in Chromium the way a person does: keyboard shortcuts, the command
// palette, the Problems panel, hovers. Selectors and pitfalls come from E2E.md.
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const EDITOR = '.editor-group-container.active .editor-instance .monaco-editor';
export const WAIT = 30_000;

export interface ProblemRow {
  text: string;
  ariaLabel: string;
}

export class Workbench {
  private screenshotIndex = 0;
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
  }

  static async launch(options: { chromium: string; url: string; folder: string; screenshotDir: string }): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: options.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    mkdirSync(options.screenshotDir, { recursive: true });
    const workbench = new Workbench(browser, page, options.screenshotDir);
    await page.goto(`${options.url}/?folder=${encodeURIComponent(options.folder)}`);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
    return workbench;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** A numbered PNG of the whole window in the test output; returns its path. */
  async screenshot(name: string): Promise<string> {
    this.screenshotIndex++;
    const file = join(this.screenshotDir, `${String(this.screenshotIndex).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** A crop of the editor area and the panel below it (no side bar), for the README. */
  async readmeScreenshot(name: string): Promise<string> {
    const boxes = [];
    for (const part of ['.part.editor', '.part.panel']) {
      const locator = this.page.locator(part).first();
      if (await locator.isVisible()) boxes.push(await locator.boundingBox());
    }
    const visible = boxes.filter((b): b is NonNullable<typeof b> => b !== null);
    if (visible.length === 0) throw new Error('no editor area to capture');
    const x = Math.min(...visible.map((b) => b.x));
    const y = Math.min(...visible.map((b) => b.y));
    const clip = { x, y, width: Math.max(...visible.map((b) => b.x + b.width)) - x, height: Math.max(...visible.map((b) => b.y + b.height)) - y };
    const file = join(this.screenshotDir, '..', 'readme', `${name}.png`);
    mkdirSync(join(this.screenshotDir, '..', 'readme'), { recursive: true });
    await this.page.screenshot({ path: file, clip });
    return file;
  }

  get editor(): Locator {
    return this.page.locator(EDITOR).first();
  }

  /** Opens a workspace file with Quick Open (Ctrl+P), retrying when the tab does not become active. */
  async openFile(relativePath: string): Promise<void> {
    const name = basename(relativePath);
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: WAIT });
      await input.fill(relativePath);
      // The row of this file, not another file of the same name (deployment.yaml) that the
      // search index already knew before this one was written: its description is the folder.
      const folder = dirname(relativePath);
      let rows = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name });
      if (folder !== '.') rows = rows.filter({ hasText: folder });
      const row = rows.first();
      await row.waitFor({ timeout: WAIT });
      await row.click();
      try {
        await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
        await this.editor.locator('.view-lines').waitFor({ timeout: WAIT });
        await this.focusEditor();
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  async focusEditor(): Promise<void> {
    await this.editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press('Escape');
  }

  /** The text of the active editor as rendered (every line is visible for the small files under test). */
  async editorText(): Promise<string> {
    return this.editor.evaluate((editor) => {
      const lines = [...editor.querySelectorAll('.view-lines .view-line')] as unknown as Array<{ style: { top: string }; textContent: string | null }>;
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
    });
  }

  /** Ctrl+G to a 1-based line; the cursor lands at its first column. */
  async goToLine(line: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: WAIT });
  }

  squiggles(severity: 'error' | 'warning' | 'info' | 'any' = 'any'): Locator {
    const selector = severity === 'any' ? '.squiggly-error, .squiggly-warning, .squiggly-info' : `.squiggly-${severity}`;
    return this.editor.locator(selector);
  }

  /** Squiggle decorations whose vertical position matches the given 1-based line. */
  async squigglesOnLine(line: number): Promise<number> {
    const lineBox = await this.lineBox(line);
    const boxes = await this.squiggles().evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })));
    return boxes.filter((b) => b.top < lineBox.bottom && b.bottom > lineBox.top).length;
  }

  /** The on-screen box of a 1-based line, found by its line number in the gutter. */
  async lineBox(line: number): Promise<{ top: number; bottom: number }> {
    const number = this.editor.locator('.line-numbers', { hasText: new RegExp(`^${line}$`) }).first();
    const box = await number.boundingBox();
    if (!box) throw new Error(`line ${line} is not rendered`);
    return { top: box.y, bottom: box.y + box.height };
  }

  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: WAIT });
  }

  /** Rows of the Problems panel (files and their problems), as rendered. */
  async problemRows(): Promise<ProblemRow[]> {
    await this.showProblems();
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({ text: (row.textContent ?? '').replace(/\u00a0/g, ' '), ariaLabel: row.getAttribute('aria-label') ?? '' })),
    );
  }

  /** Waits until the Problems panel lists a row mentioning `ruleId` (present) or none does (absent). */
  async waitForProblem(ruleId: string, state: 'present' | 'absent', timeout = WAIT): Promise<ProblemRow[]> {
    await this.showProblems();
    const deadline = Date.now() + timeout;
    for (;;) {
      const rows = await this.problemRows();
      const found = rows.some((r) => r.text.includes(ruleId));
      if (found === (state === 'present')) return rows;
      if (Date.now() > deadline) {
        throw new Error(`Problems panel: expected ${ruleId} ${state}; rows were:\n${rows.map((r) => r.text).join('\n')}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  /** Runs a command from the palette (F1) by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: WAIT });
    await this.page.keyboard.press('Enter');
  }

  /** The open quick pick (if any): its title/placeholder and its rows. */
  async quickPick(timeout = WAIT): Promise<{ prompt: string; rows: string[] }> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout });
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout }).catch(() => undefined);
    const prompt = [
      await widget.locator('.quick-input-title').textContent().catch(() => ''),
      await widget.locator('input').getAttribute('placeholder').catch(() => ''),
    ].join(' ');
    const rows = await widget.locator('.quick-input-list .monaco-list-row').allTextContents();
    return { prompt: prompt.trim(), rows };
  }

  /** Ctrl+. at the cursor, then picks the action whose title matches. Returns every title offered. */
  async applyQuickFix(title: RegExp): Promise<string[]> {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: WAIT });
    const titles = await rows.allTextContents();
    const choice = rows.filter({ hasText: title }).first();
    if ((await choice.count()) === 0) {
      await this.page.keyboard.press('Escape');
      throw new Error(`no quick fix matching ${title}; offered: ${titles.join(' | ')}`);
    }
    await choice.click();
    return titles;
  }

  /** Moves the mouse over the first squiggle of a line and returns the hover's text. */
  async hoverSquiggleOnLine(line: number): Promise<Locator> {
    const lineBox = await this.lineBox(line);
    const squiggles = this.squiggles();
    const count = await squiggles.count();
    for (let i = 0; i < count; i++) {
      const box = await squiggles.nth(i).boundingBox();
      if (box && box.y < lineBox.bottom && box.y + box.height > lineBox.top) {
        await this.page.mouse.move(box.x + Math.min(20, box.width / 2), (lineBox.top + lineBox.bottom) / 2);
        const hover = this.page.locator('.monaco-hover:not(.hidden)').last();
        await hover.waitFor({ state: 'visible', timeout: WAIT });
        return hover;
      }
    }
    throw new Error(`no squiggle on line ${line}`);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  /** Notifications currently shown (toasts), as text. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** A modal dialog (VS Code's custom dialog in the browser). */
  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }
}
