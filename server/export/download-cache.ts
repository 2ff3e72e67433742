// The whole-file downloads of GET /api/v1/downloads, built on demand and kept on disk in a cache
// directory beside the database (the database itself is read-only): one folder per release import
// (its label and import time), so a re-imported release never serves an old file. Each file is built
// in a worker thread into a temporary name and renamed, so no reader sees half a file; requests for
// a file already being built wait for that build instead of starting another.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DownThreshold } from '../../common/constants.ts';
import type { Release } from '../store/releases.ts';
import type { DownloadJob } from './download-worker.ts';
import { DOWNLOAD_KINDS, downloadName, type DownloadKind } from './downloads.ts';

/** The cache directory: the configured one, else `<database>.downloads` beside the database. */
export function downloadsDirFor(db: string, configured: string | undefined): string {
  return resolve(configured || join(dirname(db), `${basename(db)}.downloads`));
}

export interface DownloadEntry {
  kind: DownloadKind;
  name: string;
  release: Release;
  down: DownThreshold;
  /** Where the file lies (or will) in the cache. */
  path: string;
}

/** How a request got its file: found on disk, built for it, or built for an earlier request it waited for. */
export type CacheOutcome = 'hit' | 'miss' | 'shared';

/** A download cannot be built here (e.g. the cache directory is not writable). */
export class DownloadUnavailable extends Error {}

export interface DownloadCache {
  dir: string;
  /** The downloads of a release at a threshold. */
  entries(release: Release, down: DownThreshold): DownloadEntry[];
  /** Size of a built file; null while it is not built. */
  bytes(entry: DownloadEntry): number | null;
  /** The built file, building it first when needed. */
  ensure(entry: DownloadEntry): Promise<CacheOutcome>;
}

function folderOf(release: Release): string {
  const stamp = createHash('sha1').update(`${release.id}\n${release.label}\n${release.imported_at}`).digest('hex').slice(0, 12);
  return `${release.label.replace(/[^\w.-]+/g, '_')}-${stamp}`;
}

function build(job: DownloadJob): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(new URL('./download-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', (m: { done?: true; failed?: string }) => {
      if (m.done) resolvePromise();
      else reject(new Error(`building ${basename(job.file)} failed: ${m.failed}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the download worker exited with ${code}`)));
  });
}

/** `credits`: the credits each file carries, asked when a file is built. */
export function createDownloadCache(db: string, dir: string, credits: () => string[]): DownloadCache {
  const building = new Map<string, Promise<void>>();
  let tmpCounter = 0;

  async function buildInto(entry: DownloadEntry): Promise<void> {
    try {
      mkdirSync(dirname(entry.path), { recursive: true });
      accessSync(dirname(entry.path), constants.W_OK);
    } catch (err) {
      throw new DownloadUnavailable(`The downloads cache directory ${dir} is not writable (${(err as Error).message}); set downloadsDir.`);
    }
    const tmp = `${entry.path}.${process.pid}.${++tmpCounter}.tmp`;
    try {
      await build({ db, kind: entry.kind, file: tmp, release: entry.release.label, down: entry.down, attribution: credits() });
      renameSync(tmp, entry.path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  return {
    dir,
    entries: (release, down) =>
      DOWNLOAD_KINDS.map((kind) => {
        const name = downloadName({ release, threshold: { down, up: null, fixed_only: false }, attribution: [] }, kind);
        return { kind, name, release, down, path: join(dir, folderOf(release), name) };
      }),
    bytes: (entry) => (existsSync(entry.path) ? statSync(entry.path).size : null),
    async ensure(entry) {
      const pending = building.get(entry.path);
      if (pending) {
        await pending;
        return 'shared';
      }
      if (existsSync(entry.path)) return 'hit';
      const job = buildInto(entry).finally(() => building.delete(entry.path));
      building.set(entry.path, job);
      await job;
      return 'miss';
    },
  };
}
