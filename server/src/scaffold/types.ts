// Plain data shapes of the scaffolding: what was detected about a service, and what to write.

export const SCAFFOLD_TARGETS = ['health', 'dockerfile', 'k8s', 'compose', 'makefile', 'env-example', 'workflow', 'all'] as const;
export type ScaffoldTarget = (typeof SCAFFOLD_TARGETS)[number];

/** What the templates need to know about one Go service (a folder with go.mod). */
export interface ServiceFacts {
  /** `module` line of go.mod. */
  modulePath: string;
  /** `go` line of go.mod, as written (`1.22`, `1.24.3`). */
  goVersion: string;
  /** DNS-label service name: Kubernetes object, container, compose service and binary name. */
  service: string;
  /** Folder of the main package, relative to the service folder, POSIX, `.` for the root (`cmd/api`). */
  mainPackage: string;
  /** The main package folder already holds Go code of package main (its main.go is never replaced). */
  mainExists: boolean;
  /** The main package already imports the generated health package (nothing to suggest). */
  mainWired: boolean;
  /** go.sum exists (a module without dependencies has none, and `COPY go.sum` would fail). */
  hasGoSum: boolean;
  /** Image repository without tag, e.g. `ghcr.io/acme/orders`. */
  image: string;
  /** Path from the repository root (where `.github/` lives) to the service folder, POSIX, `.` when they are the same. */
  serviceDirFromRepoRoot: string;
  /** Environment variables the service's own Go code reads (os.Getenv / os.LookupEnv), sorted. */
  envVars?: string[];
  /** The main package already serves GET /health and GET /ready: keep those handlers, write no health package. */
  existingHandlers?: boolean;
  /**
   * Set when go.mod replaces modules with folders outside the service folder (`=> ../../lib`): the
   * image is then built from a folder that holds them all (the repository root when it does).
   * Paths are POSIX.
   */
  buildContext?: {
    /** The context seen from the service folder (`../..`). */
    fromService: string;
    /** The service folder seen from the context (`services/orders`). */
    serviceFromContext: string;
    /** The replaced modules' folders seen from the context (`lib`), sorted. */
    modulesFromContext: string[];
    /** The context seen from the repository root (`.`), for the workflow. */
    fromRepoRoot: string;
  };
}

export interface PlannedFile {
  /** Relative to the service folder, POSIX (the workflow may start with `../` in a monorepo). */
  path: string;
  content: string;
}

export interface ScaffoldPlan {
  files: PlannedFile[];
  /** For an existing main package: the wiring to review and paste, never written by itself. */
  wiringSuggestion?: { path: string; text: string };
  /** The main package's own /health and /ready handlers are kept (no health package written). */
  reusedHandlers?: boolean;
}
