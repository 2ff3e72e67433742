// Types of bundle-cache.js (plain JavaScript, so that bin/atlas.js can use it without tsx).
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

/** A file a bundle was built from, as it was then. */
export type Input = [path: string, size: number, mtimeMs: number];

/** What a build found: the files it read, and whether its bundle is used. */
export interface BuildRecord {
  inputs: Input[];
  usable: boolean;
}

export declare const NODE_BUNDLE: BuildOptions & { metafile: true; write: false };
export declare const OWN_LOCATION: RegExp;
export declare const SETTLED_MS: number;
export declare function readRecord(path: string): (BuildRecord & Record<string, unknown>) | null;
export declare function unchanged(inputs: readonly Input[]): boolean;
export declare function inputsOf(metafile: Metafile, root: string, extra?: string[]): Input[];
export declare function settled(inputs: readonly Input[], started: number): boolean;
export declare function writeWhole(path: string, data: string | Uint8Array): void;
export declare const ownLocation: Plugin;
