// What the VS Code client and the language server agree on. The client imports only this file
// from the server side, so it must stay free of runtime dependencies on the engine or LSP libraries.
import type { FindingAction, Fix, SeveritySetting } from './engine/types';
import type { ScaffoldTarget } from './scaffold/types';

/** Settings section, language client id and the prefix of every command id. */
export const EXTENSION_NAME = 'goContainerStandard';
export const SETTINGS_SECTION = 'goContainerStandard';
export const LANGUAGE_CLIENT_ID = 'goContainerStandard';
export const LANGUAGE_CLIENT_NAME = 'Go Container Standard';

/** `source` of our diagnostics (equal to the engine's SOURCE, checked by a test). */
export const DIAGNOSTIC_SOURCE = 'go-container-standard';
/** `source` of generic Dockerfile syntax diagnostics from dockerfile-language-service. */
export const SYNTAX_DIAGNOSTIC_SOURCE = 'dockerfile-utils';

/** Code action kind for "fix all", usable in `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.goContainerStandard';

export const Commands = {
  restartServer: 'goContainerStandard.restartServer',
  showOutput: 'goContainerStandard.showOutput',
} as const;

export interface ScaffoldCommand {
  id: string;
  title: string;
  target: ScaffoldTarget;
}

/** The palette commands of the scaffolding, one per target; ids are public (keybindings, quick-fix commands). */
export const SCAFFOLD_COMMANDS: readonly ScaffoldCommand[] = [
  { id: 'goContainerStandard.addHealthEndpoints', title: 'Go Container Standard: Add Health Endpoints', target: 'health' },
  { id: 'goContainerStandard.createDockerfile', title: 'Go Container Standard: Create Dockerfile', target: 'dockerfile' },
  { id: 'goContainerStandard.createKubernetesManifests', title: 'Go Container Standard: Create Kubernetes Manifests', target: 'k8s' },
  { id: 'goContainerStandard.createComposeFile', title: 'Go Container Standard: Create Compose File', target: 'compose' },
  { id: 'goContainerStandard.createMakefile', title: 'Go Container Standard: Create Makefile', target: 'makefile' },
  { id: 'goContainerStandard.createEnvExample', title: 'Go Container Standard: Create .env.example', target: 'env-example' },
  { id: 'goContainerStandard.createContainerWorkflow', title: 'Go Container Standard: Create Container Workflow', target: 'workflow' },
  { id: 'goContainerStandard.scaffoldService', title: 'Go Container Standard: Scaffold Service', target: 'all' },
];

/** Files the service-level (cross-file) rules and Helm charts read (`*.tpl`: a chart's helpers); watched so that changes on disk are rechecked. */
export const SERVICE_FILES_GLOB = '**/{go.mod,*.go,.dockerignore,Makefile,makefile,GNUmakefile,.env.example,*Dockerfile*,*Containerfile*,*.yaml,*.yml,*.tpl}';
export const CONFIG_FILES_GLOB = '**/.container-standard.{yaml,yml}';

/** Extensions that already report generic Dockerfile syntax problems (`syntaxDiagnostics: auto`); Container Tools (vscode-containers) now carries Microsoft's Dockerfile language server. */
export const DOCKER_EXTENSION_IDS = ['docker.docker', 'ms-azuretools.vscode-docker', 'ms-azuretools.vscode-containers'];

/** Client → server: the user trusted the workspace (Helm charts may now be rendered). */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'goContainerStandard/workspaceTrusted';

export type SyntaxDiagnosticsSetting = 'auto' | 'on' | 'off';
export type TraceSetting = 'off' | 'messages' | 'verbose';

/** `goContainerStandard.*` settings, per resource. */
export interface Settings {
  enable: boolean;
  /** Rule id → severity; overrides the repository's config file. */
  rules: Record<string, SeveritySetting>;
  syntaxDiagnostics: SyntaxDiagnosticsSetting;
  /** Config file to use instead of the nearest `.container-standard.yaml`; relative to the workspace folder. */
  configFile: string;
  trace: { server: TraceSetting };
  /** The helm binary for rendering Helm charts ('' = the config file's helm.path, else helm on PATH). */
  helm: { path: string };
  /** `fixAll.unsafeFixes`: `source.fixAll.goContainerStandard` applies unsafe fixes too (default: safe fixes only). */
  fixAll: { unsafeFixes: boolean };
  /** Not a user setting: added by the VS Code client when a Docker extension is active. */
  dockerExtensionActive?: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  syntaxDiagnostics: 'auto',
  configFile: '',
  trace: { server: 'off' },
  helm: { path: '' },
  fixAll: { unsafeFixes: false },
};

/** `initializationOptions` the VS Code client sends; other editors may send `settings` here. */
export interface InitializationOptions {
  dockerExtensionActive?: boolean;
  /**
   * The workspace is trusted (VS Code's workspace trust): Helm charts may be rendered with helm.
   * Absent or false, nothing is run; `WORKSPACE_TRUSTED_NOTIFICATION` says when trust is granted later.
   */
  workspaceTrusted?: boolean;
  /** The client watches `.container-standard.y(a)ml` itself: the server need not register a watcher. */
  watchesConfigFiles?: boolean;
  settings?: Partial<Settings>;
  /**
   * Commands the client runs itself (the VS Code client's scaffolding commands). A code action
   * for any other command reaches the client as a workspace edit instead, or not at all.
   */
  clientCommands?: string[];
}

/** `Diagnostic.data` of our diagnostics: everything the code-action handler needs, so it keeps no state. */
export interface DiagnosticData {
  ruleId: string;
  /** Document version the fixes were computed for. */
  version: number;
  /**
   * The finding's fixes. Left out when a document has more than INLINE_FIXES_LIMIT diagnostics,
   * to keep each publish small: the server then finds them by version, rule id and range.
   */
  fixes?: Fix[];
  /** What the editor can do about the finding beyond text edits (service-level rules: scaffold health endpoints); the server maps it to a command or a workspace edit. */
  action?: FindingAction;
}

export const INLINE_FIXES_LIMIT = 500;

/** Threads Node gives V8 for background work (concurrent compilation, parallel and concurrent GC) when not told otherwise. */
export const V8_DEFAULT_POOL_SIZE = 4;

/**
 * Node options for the language server the VS Code client starts, on a machine with `cores`
 * logical processors: V8's background threads leave a core to the main thread that answers the
 * editor. From five cores up Node's default stands.
 */
export function serverExecArgv(cores: number): string[] {
  const pool = Math.max(1, Math.min(V8_DEFAULT_POOL_SIZE, Math.floor(cores) - 1));
  return pool < V8_DEFAULT_POOL_SIZE ? [`--v8-pool-size=${pool}`] : [];
}
