import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CreateFile,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, detectEol, normalizeEol, type LineIndex } from '../engine/text';
import { KNOWN_RULE_IDS } from '../engine/lint';
import type { CommandRef, Finding, Fix, Range } from '../engine/types';
import { ADD_HEALTH_ENDPOINTS_COMMAND } from '../engine/service/rule-support';
import { planScaffold } from '../scaffold';
import { inspectService, resolveFacts } from '../scaffold/workspace';
import { FIX_ALL_KIND, SUPPRESSION_PREFIX } from '../protocol';
import { diagnosticData, isOurDiagnostic } from './diagnostics';
import { minimalEdit } from './textDiff';
import type { DockerfileModel } from '../engine/dockerfile/model';
import type { ScopeFixResult } from '../engine/scopeFix';

/** Ends the title of an unsafe fix's quick fix: it replaces what the author wrote or invents a value. */
export const UNSAFE_FIX_SUFFIX = ' (review: may change behaviour)';

export interface CodeActionInputs {
  params: CodeActionParams;
  document: TextDocument;
  text: string;
  index: LineIndex;
  isDockerfile: boolean;
  /** Lazily parsed Dockerfile, to find the instruction a diagnostic belongs to. */
  dockerfile: () => DockerfileModel | undefined;
  /** Findings that are valid for the document's current version, when known (for clients that drop `data`). */
  currentFindings: () => Finding[] | undefined;
  /** The open version of another document, or null when it is not open. */
  openVersion: (uri: string) => number | null;
  /** The client applies file creations in workspace edits (service-level fixes create files). */
  canCreateFiles: boolean;
  /** The fixed text for fix-all (safe fixes, unsafe ones too with `goContainerStandard.fixAll.unsafeFixes`), or undefined when nothing changes; only called when asked for. */
  fixAll: () => string | undefined;
  /** Commands the client runs itself (InitializationOptions.clientCommands). */
  clientCommands: ReadonlySet<string>;
  /** The safe fixes of the container (or compose service) under the cursor, when computed. */
  scopeFix?: ScopeFixResult;
}

/** Above this many rules under the cursor, one "Ignore these … rules on this line" replaces the per-rule entries. */
export const IGNORE_ENTRIES_LIMIT = 2;

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Our diagnostics under the cursor (the request's range): clients send those of the whole line
 * (Neovim) or of a whole container; all of them when none is under it.
 */
function diagnosticsUnderCursor(params: CodeActionParams): Diagnostic[] {
  const ours = params.context.diagnostics.filter(isOurDiagnostic);
  const here = ours.filter((d) => intersects(d.range, params.range));
  return here.length ? here : ours;
}

/** True when a requested kind (`only`) asks for actions of `kind`. */
export function kindRequested(only: string[] | undefined, kind: string): boolean {
  if (!only) return true;
  return only.some((o) => o === '' || kind === o || kind.startsWith(`${o}.`));
}

export function computeCodeActions(input: CodeActionInputs): CodeAction[] {
  const { params, document } = input;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (kindRequested(only, CodeActionKind.QuickFix)) {
    const fixActions: CodeAction[] = [];
    const ignoreActions: CodeAction[] = [];
    const seenIgnore = new Set<string>();
    const underCursor = diagnosticsUnderCursor(params);
    const ignorable = underCursor.filter((d) => KNOWN_RULE_IDS.has(String(d.code)));
    const collapsedLines = collapsedIgnoreLines(input, ignorable);
    for (const diagnostic of underCursor) {
      const ruleId = String(diagnostic.code);
      for (const fix of fixesFor(diagnostic, ruleId, input)) {
        const edit = fixWorkspaceEdit(input, fix);
        if (!edit) continue;
        const safe = fix.safety === 'safe';
        fixActions.push({
          title: safe ? fix.title : fix.title + UNSAFE_FIX_SUFFIX,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          // Only a safe fix is preferred: editors apply the preferred fix with one keystroke (auto-fix).
          ...(safe ? { isPreferred: true } : {}),
          edit,
        });
      }
      const command = diagnosticData(diagnostic)?.command;
      if (command && input.clientCommands.has(command.id)) {
        fixActions.push({
          title: command.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: command.title, command: command.id, ...(command.arguments ? { arguments: command.arguments } : {}) },
        });
      } else if (command) {
        // Other editors cannot run the VS Code client's commands: the same files as a workspace edit.
        const created = commandAsFix(command);
        const edit = created && fixWorkspaceEdit(input, created);
        if (edit) fixActions.push({ title: command.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
      }
      if (!KNOWN_RULE_IDS.has(ruleId)) continue;
      const line = suppressionLine(input, diagnostic.range);
      const collapsed = collapsedLines.get(line);
      if (collapsed) {
        if (!seenIgnore.has(`lines:${line}`)) {
          seenIgnore.add(`lines:${line}`);
          ignoreActions.push({
            title: `Ignore these ${collapsed.rules.length} rules on this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: collapsed.diagnostics,
            edit: versionedEdit(document, [ignoreLineEdit(input, line, collapsed.rules.join(','))]),
          });
        }
        continue;
      }
      if (!seenIgnore.has(`line:${ruleId}:${line}`)) {
        seenIgnore.add(`line:${ruleId}:${line}`);
        ignoreActions.push({
          title: `Ignore ${ruleId} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: versionedEdit(document, [ignoreLineEdit(input, line, ruleId)]),
        });
      }
      if (!seenIgnore.has(`file:${ruleId}`)) {
        seenIgnore.add(`file:${ruleId}`);
        ignoreActions.push({
          title: `Ignore ${ruleId} in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: versionedEdit(document, [ignoreFileEdit(input, ruleId)]),
        });
      }
    }
    // Safe (preferred) fixes lead, then unsafe fixes and commands (a stable sort keeps diagnostic order otherwise).
    const rank = (a: CodeAction) => (a.isPreferred ? 0 : 1);
    fixActions.sort((a, b) => rank(a) - rank(b));
    const scope = scopeFixAction(input, underCursor);
    actions.push(...(scope ? [scope] : []), ...fixActions, ...ignoreActions);
  }
  // Computing fix-all lints the document several times: only when explicitly asked (on save, Source Action…).
  if (only && kindRequested(only, FIX_ALL_KIND)) {
    const fixed = input.fixAll();
    const edit = fixed === undefined ? undefined : minimalEdit(input.text, fixed);
    if (edit) {
      actions.push({ title: 'Fix all Go Container Standard problems', kind: FIX_ALL_KIND, edit: versionedEdit(document, [edit]) });
    }
  }
  return actions;
}

/** A command's effect as a fix that creates files: "Add /health and /ready handlers" writes what `scaffold health` writes. */
export function commandAsFix(command: CommandRef): Fix | undefined {
  if (command.id !== ADD_HEALTH_ENDPOINTS_COMMAND) return undefined;
  const serviceRoot = (command.arguments?.[0] as { serviceRoot?: unknown } | undefined)?.serviceRoot;
  if (typeof serviceRoot !== 'string') return undefined;
  const inspection = inspectService(serviceRoot);
  if (!inspection.goMod) return undefined;
  // With several main packages the VS Code command asks which one; a workspace edit cannot ask.
  const resolution = resolveFacts(inspection);
  if (!resolution.ok) return undefined;
  const files = planScaffold('health', resolution.facts).files.filter((f) => !fs.existsSync(path.resolve(serviceRoot, f.path)));
  if (files.length === 0) return undefined;
  // New Go files join packages the user may already have: unsafe, offered, never applied by fix-all.
  return { title: command.title, safety: 'unsafe', edits: [], createFiles: files.map((f) => ({ path: path.resolve(serviceRoot, f.path), content: f.content })) };
}

/** "Fix all problems of this container": the container's safe fixes, in one edit. */
function scopeFixAction(input: CodeActionInputs, underCursor: Diagnostic[]): CodeAction | undefined {
  const result = input.scopeFix;
  if (!result) return undefined;
  const edit = minimalEdit(input.text, result.text);
  if (!edit) return undefined;
  const { scope } = result;
  const inScope = underCursor.filter((d) => d.range.start.line >= scope.fromLine && d.range.start.line <= scope.toLine);
  // Where one finding is under the cursor its own fix is the entry; a container with several gets one for all.
  if (inScope.length < 2) return undefined;
  return {
    title: `Fix all problems of this ${scope.kind}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: inScope,
    isPreferred: true,
    edit: versionedEdit(input.document, [edit]),
  };
}

/** Suppression lines with more than IGNORE_ENTRIES_LIMIT rules under the cursor: those get one entry. */
function collapsedIgnoreLines(input: CodeActionInputs, diagnostics: Diagnostic[]): Map<number, { rules: string[]; diagnostics: Diagnostic[] }> {
  const byLine = new Map<number, { rules: string[]; diagnostics: Diagnostic[] }>();
  for (const d of diagnostics) {
    const line = suppressionLine(input, d.range);
    const group = byLine.get(line) ?? { rules: [], diagnostics: [] };
    if (!group.rules.includes(String(d.code))) group.rules.push(String(d.code));
    group.diagnostics.push(d);
    byLine.set(line, group);
  }
  for (const [line, group] of byLine) if (group.rules.length <= IGNORE_ENTRIES_LIMIT) byLine.delete(line);
  return byLine;
}

/** The fixes a diagnostic carries, when they were computed for this version; else the current findings' fix for it. */
function fixesFor(diagnostic: Diagnostic, ruleId: string, input: CodeActionInputs): Fix[] {
  const data = diagnosticData(diagnostic);
  if (data?.fixes && data.version === input.document.version) return data.fixes;
  const match = input.currentFindings()?.find((f: Finding) => f.ruleId === ruleId && sameRange(f.range, diagnostic.range));
  return match?.fix ? [match.fix] : [];
}

/**
 * A fix as a versioned workspace edit: this document's edits, edits to other files (service-level
 * rules), and files to create; undefined when the client cannot apply it.
 */
function fixWorkspaceEdit(input: CodeActionInputs, fix: Fix): WorkspaceEdit | undefined {
  const own = fix.edits.length ? fixEdits(input.text, fix) : [];
  const others = (fix.otherFiles ?? []).map((o) => ({ uri: pathToFileURL(o.file).toString(), edits: o.edits }));
  // Files are created only when absent, never overwritten.
  const creations = (fix.createFiles ?? []).filter((c) => !fs.existsSync(c.path));
  if (own.length === 0 && others.length === 0 && creations.length === 0) return undefined;
  if (others.length === 0 && creations.length === 0) return versionedEdit(input.document, own);
  if (creations.length > 0 && !input.canCreateFiles) return undefined;
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  const changes: Record<string, TextEdit[]> = {};
  if (own.length) {
    documentChanges.push({ textDocument: { uri: input.document.uri, version: input.document.version }, edits: own });
    changes[input.document.uri] = own;
  }
  for (const other of others) {
    documentChanges.push({ textDocument: { uri: other.uri, version: input.openVersion(other.uri) }, edits: other.edits });
    changes[other.uri] = other.edits;
  }
  for (const creation of creations) {
    const uri = pathToFileURL(creation.path).toString();
    const start = { line: 0, character: 0 };
    documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: creation.content }] });
  }
  return creations.length > 0 ? { documentChanges } : { documentChanges, changes };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The fix's edits with the document's line endings; overlapping edits collapse into one minimal edit. */
function fixEdits(text: string, fix: Fix): TextEdit[] {
  const eol = detectEol(text);
  const { text: fixed, skipped } = applyEdits(text, fix.edits);
  if (skipped.length > 0) {
    const edit = minimalEdit(text, fixed);
    return edit ? [edit] : [];
  }
  return fix.edits.map((e) => ({ range: e.range, newText: normalizeEol(e.newText, eol) }));
}

/**
 * Versioned edits (`documentChanges`) with the same edits in `changes` for clients that cannot
 * apply versioned edits; clients that can prefer `documentChanges`.
 */
export function versionedEdit(document: TextDocument, edits: TextEdit[]): WorkspaceEdit {
  return {
    documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }],
    changes: { [document.uri]: edits },
  };
}

/** The line above which `# container-standard ignore=` goes: the instruction's first line, or the YAML node's line. */
function suppressionLine(input: CodeActionInputs, range: Range): number {
  const line = range.start.line;
  if (input.isDockerfile) {
    const model = input.dockerfile();
    const instruction = model?.ast.getInstructions().find((i) => {
      const r = i.getRange();
      return r.start.line <= line && line <= r.end.line;
    });
    return instruction ? instruction.getRange().start.line : line;
  }
  return yamlNodeLine(input.index, line);
}

/** Lines inside a block scalar (`run: |`) cannot take a comment: use the line of the key that owns the scalar. */
function yamlNodeLine(index: LineIndex, line: number): number {
  const indentOf = (t: string) => t.length - t.trimStart().length;
  const target = index.lineText(line);
  let minIndent = target.trim() === '' ? Infinity : indentOf(target);
  if (/^\s*(-\s+)?[^\s#][^:#]*:(\s|$)/.test(target)) return line;
  for (let l = line - 1; l >= 0; l--) {
    const t = index.lineText(l);
    if (t.trim() === '') continue;
    const ind = indentOf(t);
    if (ind >= minIndent) continue;
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(t) || /^\s*-\s*[|>][-+0-9]*\s*(#.*)?$/.test(t)) return l;
    if (/^\s*(-\s+)?[^\s#][^:#]*:(\s|$)/.test(t) || /^\s*-(\s|$)/.test(t)) return line;
    minIndent = ind;
  }
  return line;
}

const OWN_IGNORE = /^(\s*)#\s*container-standard\s+ignore\s*=\s*([^\s#]+(?:\s*,\s*[^\s#]+)*)/;
const OWN_IGNORE_FILE = /^(\s*)#\s*container-standard\s+ignore-file\s*=\s*([^\s#]+(?:\s*,\s*[^\s#]+)*)/;

function ignoreLineEdit(input: CodeActionInputs, line: number, ruleId: string): TextEdit {
  const { index, text } = input;
  if (line > 0) {
    const existing = OWN_IGNORE.exec(index.lineText(line - 1));
    if (existing) return appendToList(line - 1, existing, ruleId);
  }
  const indentation = /^\s*/.exec(index.lineText(line))![0];
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indentation}${SUPPRESSION_PREFIX} ignore=${ruleId}${detectEol(text)}`,
  };
}

function ignoreFileEdit(input: CodeActionInputs, ruleId: string): TextEdit {
  const { index, text } = input;
  let line = 0;
  // Parser directives (`# syntax=`, `# escape=`) must stay first in a Dockerfile.
  if (input.isDockerfile) while (line < index.lineCount && /^\s*#\s*(syntax|escape|check)\s*=/i.test(index.lineText(line))) line++;
  if (line < index.lineCount) {
    const existing = OWN_IGNORE_FILE.exec(index.lineText(line));
    if (existing) return appendToList(line, existing, ruleId);
  }
  const eol = detectEol(text);
  if (line >= index.lineCount) {
    // Only directives: the comment goes after the last one, which may lack a line break.
    const last = index.lineCount - 1;
    const end = index.lineText(last).length;
    return { range: { start: { line: last, character: end }, end: { line: last, character: end } }, newText: `${eol}${SUPPRESSION_PREFIX} ignore-file=${ruleId}` };
  }
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${SUPPRESSION_PREFIX} ignore-file=${ruleId}${eol}` };
}

function appendToList(line: number, match: RegExpExecArray, ruleId: string): TextEdit {
  const end = match.index + match[0].length;
  return { range: { start: { line, character: end }, end: { line, character: end } }, newText: `,${ruleId}` };
}
