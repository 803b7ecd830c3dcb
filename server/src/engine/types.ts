// Plain data shapes shared by the engine, the CLI and the LSP adapter.
// Positions are zero-based lines and UTF-16 columns, as in LSP.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * Ruff's fix applicability. `safe`: cannot stop a build or workload that works today from working,
 * judging only from what the files show; applied by `--fix` and fix-all on save. `unsafe`: replaces
 * what the author wrote or invents a value the files do not show; applied only on request.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** `safe` fixes are applied by `--fix` and fix-all and are the editor's preferred quick fix; `unsafe` ones only on request. */
  safety: FixSafety;
  /** Edits to files other than the finding's (service-level rules); paths as in `Finding.file`. */
  otherFiles?: FileEdits[];
  /** Files to create; written only when absent (never overwritten). */
  createFiles?: FileCreation[];
}

export interface FileEdits {
  file: string;
  edits: TextEdit[];
}

export interface FileCreation {
  path: string;
  content: string;
}

/**
 * What can be done about a finding when no text edit can: scaffold code into the service. A domain
 * action, not an editor command; the LSP layer maps it to the client's command or a workspace edit.
 */
export interface ScaffoldAction {
  kind: 'scaffold';
  /** `health`: /health and /ready handlers and draining on SIGTERM, as `scaffold health` writes them. */
  target: 'health';
  /** The service folder (with go.mod), absolute. */
  serviceRoot: string;
  /** What the action is called where it is offered ("Add /health and /ready handlers"). */
  title: string;
}

export type FindingAction = ScaffoldAction;

/** A finding as the engine reports it, after severity resolution and suppression. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fix?: Fix;
  /** Absolute or workspace-relative path of the file the finding is attached to. */
  file: string;
  /** An action the editor can offer beyond the fix (service-level rules). */
  action?: FindingAction;
  /** Other places that explain the finding (a Helm template line behind a values.yaml key); paths as in `file`. */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export type Target = 'dockerfile' | 'k8s' | 'compose' | 'service';

/** Names of this rule's counterparts in other linters; also drive their suppression pragmas. */
export interface Equivalents {
  hadolint?: string[];
  buildkit?: string[];
  trivy?: string[];
  checkov?: string[];
  kubeLinter?: string[];
  polaris?: string[];
}

export interface RuleMeta {
  /** One line: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  /** [go] rules apply only to Go Dockerfiles. */
  scope?: 'go' | 'all';
  fixable: boolean;
  /** Required for fixable rules (meta test): which of its fixes are safe and which unsafe, and why (the "Fix safety" line of docs/rules.md). */
  fixSafety?: string;
  /** Why it matters, in one or two sentences (markdown); the hover shows the first. */
  why: string;
  /** How to fix it by hand (markdown). */
  remediation: string;
  /** What else to know: how the rule decides, what its quick fix does, its options, which rule reports a case instead. */
  notes?: string;
  /** A file the rule reports and the same file put right; docs/rules.md shows them and a test lints them. */
  examples: FileExamples | WorkspaceExamples;
  equivalents?: Equivalents;
  /** Where the standard conflicts with a popular peer rule, say why. */
  conflicts?: string;
}

/** Examples of a rule that judges one file. */
export interface FileExamples {
  bad: string;
  good: string;
  /** The file name they are linted under, when not the target's usual one (`Dockerfile`, `deployment.yaml`, `compose.yaml`). */
  filePath?: string;
}

/** Examples of a service rule, which judges several files together: each is a small workspace (relative path → content). */
export interface WorkspaceExamples {
  bad: Record<string, string>;
  good: Record<string, string>;
}

export interface Report {
  range: Range;
  message: string;
  /** Context-dependent default (e.g. error in distroless); the user's configured severity still wins. */
  severity?: Severity;
  fix?: Fix;
}

export interface ResourceValues {
  cpu: string;
  memory: string;
}

export interface ResolvedConfig {
  /** Explicit per-rule settings; rules not named here use their default severity. */
  rules: Record<string, SeveritySetting>;
  allowedRuntimeImages: string[];
  minGoVersion: string;
  imageTagPattern: string;
  /**
   * Glob patterns of the service's own images (`ownImages:`), held to `imageTagPattern`. Unset in
   * the file: `ConfigResolver` fills in the images the repository's Makefiles and workflows push.
   */
  ownImages?: string[];
  defaultResources: { requests: ResourceValues; limits: ResourceValues };
  /** Absolute glob patterns of files not to lint. */
  ignore: string[];
  /** Rendering Helm charts: the helm binary (absolute path or a name on PATH) and extra value files (relative to each chart). */
  helm?: { path?: string; valueFiles?: string[] };
  /** Absolute path of a baseline file of known findings that the CLI leaves out (`baseline:`). */
  baseline?: string;
  /** The file this came from, when one was found. */
  path?: string;
  problems: ConfigProblem[];
}

export interface ConfigProblem {
  file: string;
  message: string;
  range: Range;
}

export interface LintRequest {
  filePath: string;
  /** Where the file is on disk, when `filePath` is relative to another folder than the process's (the CLI's `cwd`). */
  absolutePath?: string;
  text: string;
  config: ResolvedConfig;
  /** The editor's language id, when known (a YAML file opened as `dockercompose`, an untitled Dockerfile). */
  languageId?: string;
  /** Only these rules (CLI `--rule`); engine diagnostics are always reported. */
  only?: ReadonlySet<string>;
  /** Rules still waiting when this many milliseconds have passed are not run (default 3000). */
  budgetMs?: number;
  /**
   * Lint the documents of a multi-document YAML file one by one, reusing the findings of
   * unchanged ones: `auto` (default) for large files, `never` for the whole file at once.
   */
  splitDocuments?: 'auto' | 'always' | 'never';
  /**
   * Set when linting one document of a file: whether the whole file is a manifest or compose file
   * (`looksLikeManifestOrCompose`), which decides whether a syntax error is reported.
   */
  checkedYaml?: boolean;
}

export interface RuleContext<M> {
  readonly model: M;
  readonly text: string;
  readonly filePath: string;
  readonly config: ResolvedConfig;
  report(report: Report): void;
}

export interface Rule<M = unknown> {
  id: string;
  target: Target;
  meta: RuleMeta;
  check(ctx: RuleContext<M>): void;
}

/** A service-level finding names the file it attaches to (Dockerfile, manifest, go.mod, main.go). */
export interface ServiceReport extends Report {
  /** Absolute path. */
  file: string;
  action?: FindingAction;
}

export interface ServiceRuleContext<M> {
  readonly model: M;
  readonly config: ResolvedConfig;
  report(report: ServiceReport): void;
}

/** A rule over a whole service (target 'service'); assignable to `Rule` so the registry stays one list. */
export interface ServiceRule<M = unknown> {
  id: string;
  target: 'service';
  meta: RuleMeta;
  check(ctx: ServiceRuleContext<M>): void;
}

export const SOURCE = 'go-container-standard';
export const DOCS_BASE = 'https://github.com/go-container-standard/go-container-standard/blob/main/docs/rules.md';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}#${ruleId}`;
}

/** The rule's whole explanation as one paragraph (why, remediation, notes), for a reader without docs/rules.md (SARIF help). */
export function ruleExplanation(meta: RuleMeta): string {
  return [meta.why, meta.remediation, meta.notes].filter(Boolean).join(' ');
}
