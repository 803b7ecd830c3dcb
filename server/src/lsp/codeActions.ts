import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type CreateFile,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, detectEol, normalizeEol, type LineIndex } from '../engine/text';
import { suppressionEdit, suppressionLine, type SuppressionTarget } from '../engine/suppress';
import { KNOWN_RULE_IDS } from '../engine/lint';
import type { Finding, FindingAction, Fix, Range } from '../engine/types';
import { planScaffold } from '../scaffold';
import { inspectService, resolveFacts } from '../scaffold/workspace';
import { FIX_ALL_KIND, SCAFFOLD_COMMANDS } from '../protocol';
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
    const suppressions = suppressionTarget(input);
    const collapsedLines = collapsedIgnoreLines(suppressions, ignorable);
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
      const action = diagnosticData(diagnostic)?.action;
      const command = action && commandForAction(action);
      if (action && command && input.clientCommands.has(command.command)) {
        fixActions.push({ title: action.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command });
      } else if (action) {
        // Other editors cannot run the VS Code client's commands: the same files as a workspace edit.
        const created = actionAsFix(action);
        const edit = created && fixWorkspaceEdit(input, created);
        if (edit) fixActions.push({ title: action.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
      }
      if (!KNOWN_RULE_IDS.has(ruleId)) continue;
      const findingLine = diagnostic.range.start.line;
      const line = suppressionLine(suppressions, findingLine);
      const collapsed = collapsedLines.get(line);
      if (collapsed) {
        if (!seenIgnore.has(`lines:${line}`)) {
          seenIgnore.add(`lines:${line}`);
          ignoreActions.push({
            title: `Ignore these ${collapsed.rules.length} rules on this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: collapsed.diagnostics,
            edit: versionedEdit(document, [suppressionEdit(suppressions, findingLine, collapsed.rules.join(','), 'line')]),
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
          edit: versionedEdit(document, [suppressionEdit(suppressions, findingLine, ruleId, 'line')]),
        });
      }
      if (!seenIgnore.has(`file:${ruleId}`)) {
        seenIgnore.add(`file:${ruleId}`);
        ignoreActions.push({
          title: `Ignore ${ruleId} in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: versionedEdit(document, [suppressionEdit(suppressions, findingLine, ruleId, 'file')]),
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

/** The client's command for an engine action, from the table in protocol.ts; its argument is what the VS Code client's scaffolding reads. */
export function commandForAction(action: FindingAction): Command | undefined {
  const id = SCAFFOLD_COMMANDS.find((c) => c.target === action.target)?.id;
  return id === undefined ? undefined : { title: action.title, command: id, arguments: [{ serviceRoot: action.serviceRoot }] };
}

/** An action's effect as a fix that creates files: "Add /health and /ready handlers" writes what `scaffold health` writes. */
export function actionAsFix(action: FindingAction): Fix | undefined {
  const { serviceRoot } = action;
  const inspection = inspectService(serviceRoot);
  if (!inspection.goMod) return undefined;
  // With several main packages the VS Code command asks which one; a workspace edit cannot ask.
  const resolution = resolveFacts(inspection);
  if (!resolution.ok) return undefined;
  const files = planScaffold(action.target, resolution.facts).files.filter((f) => !fs.existsSync(path.resolve(serviceRoot, f.path)));
  if (files.length === 0) return undefined;
  // New Go files join packages the user may already have: unsafe, offered, never applied by fix-all.
  return { title: action.title, safety: 'unsafe', edits: [], createFiles: files.map((f) => ({ path: path.resolve(serviceRoot, f.path), content: f.content })) };
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
function collapsedIgnoreLines(target: SuppressionTarget, diagnostics: Diagnostic[]): Map<number, { rules: string[]; diagnostics: Diagnostic[] }> {
  const byLine = new Map<number, { rules: string[]; diagnostics: Diagnostic[] }>();
  for (const d of diagnostics) {
    const line = suppressionLine(target, d.range.start.line);
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

/** Where and how suppression comments go in this document (the syntax is the engine's). */
function suppressionTarget(input: CodeActionInputs): SuppressionTarget {
  return input.isDockerfile ? { kind: 'dockerfile', index: input.index, dockerfile: input.dockerfile } : { kind: 'yaml', index: input.index };
}
