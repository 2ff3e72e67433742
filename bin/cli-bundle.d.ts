// Types of cli-bundle.js (plain JavaScript, so that bin/atlas.js can use it without tsx).
export interface BundledCliOptions {
  /** The project's root directory (with a trailing separator); the default is this checkout. */
  root?: string;
  /** Where the bundles and their record are kept (with a trailing separator). */
  cache?: string;
  /** false: only answer whether a current bundle exists. */
  build?: boolean;
  /** Hears why no bundle is used. */
  reason?: (why: string) => void;
}
export declare function bundledCli(options?: BundledCliOptions): Promise<URL | null>;
