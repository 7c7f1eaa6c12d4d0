/** Types of scripts/build-cli.mjs (the CLI build), for the tests that build the CLI before running it. */
export declare const ROOT: string;
export declare const CLI_OUT: string;
export declare const CLI_MAIN: string;
/** Why the built CLI is missing or older than its sources, or null when it is up to date. */
export declare function cliStaleReason(): string | null;
/** Builds out/cli; rejects with a one-line message when the build fails. */
export declare function buildCli(): Promise<{ ms: number; files: number }>;
/** Builds when stale; resolves to true when it built. */
export declare function buildCliIfStale(): Promise<boolean>;
