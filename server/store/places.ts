// Places (the `city` of the addresses: woonplaatsen in the Netherlands) with their address count
// and mean position (place_stats, counted at import), ranked largest first: offline place names
// for the map, from the data alone.
import type { Place } from '../../common/api.ts';
import type { DB } from './db.ts';

export function createPlaceStore(db: DB) {
  // place_stats: counted at import, a few thousand rows per release (never a scan of the addresses).
  const list = db.prepare<{ release: number }, Omit<Place, 'rank'>>(
    `SELECT name, area_code, addresses, sum_lon / addresses AS lon, sum_lat / addresses AS lat
       FROM place_stats WHERE release_id = @release ORDER BY addresses DESC, name, area_code`,
  );
  // Every place of a release, ranked, shared by the map labels and the search box's name index,
  // kept until the data changes.
  const byRelease = new Map<number, Place[]>();
  const inAreas = db.prepare<{ release: number; codes: string; limit: number }, Omit<Place, 'rank'>>(
    `SELECT name, area_code, addresses, sum_lon / addresses AS lon, sum_lat / addresses AS lat
       FROM place_stats WHERE release_id = @release AND area_code IN (SELECT value FROM json_each(@codes))
      ORDER BY addresses DESC, name LIMIT @limit`,
  );
  const rank = (rows: Omit<Place, 'rank'>[]): Place[] =>
    rows.map((p, i) => ({
      rank: i + 1,
      ...p,
      lon: Math.round(p.lon * 1e5) / 1e5,
      lat: Math.round(p.lat * 1e5) / 1e5,
    }));
  return {
    /** The `limit` largest places of a release; a name in two municipalities is two places. */
    ranked(release: number, limit: number): Place[] {
      let all = byRelease.get(release);
      if (!all) byRelease.set(release, (all = rank(list.all({ release }))));
      return all.slice(0, limit);
    },
    /** Forgets the rankings (the data changed). */
    reset(): void {
      byRelease.clear();
    },
    /** The same, for the addresses of some areas only (an area report's map). */
    rankedIn(release: number, areaCodes: string[], limit: number): Place[] {
      return rank(inAreas.all({ release, codes: JSON.stringify(areaCodes), limit }));
    },
  };
}
