// Types of serve-relay.js (plain JavaScript, so that `atlas serve`'s relay loads no TypeScript tooling).
export declare const DEFAULT_MAX_HEAP_MB: number;
export declare const SEMI_SPACE_MB: number;
export declare function relayServe(entry: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number | null>;
