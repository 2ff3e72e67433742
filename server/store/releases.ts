// Releases: listing them and resolving a requested label (newest by default).
import type { ReleaseInfo } from '../../common/types.ts';
import { releaseOrder } from '../../common/changes.ts';
import { NotFound } from './errors.ts';
import type { DB } from './db.ts';

export interface Release extends Omit<ReleaseInfo, 'location_precision'> {
  id: number;
  /** The address register the release was joined to (atlas import --register), or null. */
  register: string | null;
  /** 'h3r8' when its positions are H3 resolution-8 cell centres (FCC BDC); null when as the source gave them. */
  location_precision: string | null;
}

interface ReleaseRow {
  id: number;
  label: string;
  as_of: string | null;
  addresses: number;
  covered: number;
  uncovered: number;
  synthetic: number;
  imported_at: string;
  register: string | null;
  location_precision: string | null;
}

function toRelease(row: ReleaseRow): Release {
  return { ...row, synthetic: row.synthetic === 1 };
}

export function createReleaseStore(db: DB) {
  // Oldest first: the order of a trend. Releases without a date sort by import order.
  const all = db.prepare<[], ReleaseRow>(
    `SELECT r.id, r.label, r.as_of, r.addresses, r.covered, r.uncovered, r.synthetic, r.imported_at, g.label AS register,
            r.location_precision
       FROM releases r LEFT JOIN registers g ON g.id = r.register_id ORDER BY ${releaseOrder('r')}`,
  );
  // Announced and not yet committed (a build in progress): in build order.
  const pendingLabels = db
    .prepare<[], string>('SELECT label FROM pending_releases WHERE label NOT IN (SELECT label FROM releases) ORDER BY position')
    .pluck();
  let cached: Release[] | null = null;
  let cachedPending: string[] | null = null;

  function list(): Release[] {
    cached ??= all.all().map(toRelease);
    return cached;
  }

  return {
    /** All releases, oldest first. */
    list,
    newest(): Release | undefined {
      return list().at(-1);
    },
    /** The release with this label, or the newest; NotFound when there is none. */
    resolve(label?: string): Release {
      const releases = list();
      const found = label === undefined ? releases.at(-1) : releases.find((r) => r.label === label);
      if (found) return found;
      if (label === undefined) {
        throw new NotFound('no_release', 'The database holds no release yet. Import one with `atlas import` or `atlas demo`.');
      }
      const known = releases.map((r) => r.label).join(', ') || 'none';
      throw new NotFound('unknown_release', `Unknown release '${label}'; known releases: ${known}.`, 'release');
    },
    /** Labels of releases a build has announced and not yet committed. */
    pending(): string[] {
      cachedPending ??= pendingLabels.all();
      return cachedPending;
    },
    /** Forget the cached list (the database changed). */
    reset(): void {
      cached = null;
      cachedPending = null;
    },
  };
}
export type ReleaseStore = ReturnType<typeof createReleaseStore>;
