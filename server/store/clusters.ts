// Unserved clusters as built at import (pipeline/clusters/): lists by area or bbox, one cluster with
// its addresses, and every cluster of a release and threshold for tiles and report maps.
import type { Polygon } from 'geojson';
import type { DownThreshold } from '../../common/constants.ts';
import { ADDRESS_COLUMNS, type AddressRow } from './addresses.ts';
import type { DB } from './db.ts';

export const CLUSTER_SORTS = ['size', 'distance'] as const;
export type ClusterSort = (typeof CLUSTER_SORTS)[number];

export interface ClusterQuery {
  release: number;
  down: DownThreshold;
  /** Municipality codes; only their addresses count in `addresses_in_area`. Absent: everywhere. */
  areaCodes?: string[];
  bbox?: readonly [number, number, number, number];
  minAddresses: number;
  sort: ClusterSort;
}

export interface Cluster {
  id: number;
  release_id: number;
  down: DownThreshold;
  distance_m: number;
  addresses: number;
  /** Addresses in the requested areas (equals `addresses` without an area selection). */
  addresses_in_area: number;
  area_codes: string[];
  technologies: string[];
  centroid: [number, number];
  bbox: [number, number, number, number];
  nearest_covered_m: number | null;
  geometry: Polygon;
}

interface ClusterRow {
  id: number;
  release_id: number;
  down: DownThreshold;
  distance_m: number;
  addresses: number;
  in_area: number;
  area_codes: string;
  technologies: string;
  lon: number;
  lat: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  nearest_covered_m: number | null;
  geometry: string;
}

function toCluster(row: ClusterRow): Cluster {
  return {
    id: row.id,
    release_id: row.release_id,
    down: row.down,
    distance_m: row.distance_m,
    addresses: row.addresses,
    addresses_in_area: row.in_area,
    area_codes: JSON.parse(row.area_codes) as string[],
    technologies: JSON.parse(row.technologies) as string[],
    centroid: [row.lon, row.lat],
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
    nearest_covered_m: row.nearest_covered_m,
    geometry: JSON.parse(row.geometry) as Polygon,
  };
}

// Largest first; or nearest to the network first (cheapest to reach), clusters with no covered address last.
const ORDER: Record<ClusterSort, string> = {
  size: 'ORDER BY addresses DESC, id',
  distance: 'ORDER BY nearest_covered_m IS NULL, nearest_covered_m, addresses DESC, id',
};

export function createClusterStore(db: DB) {
  const bboxFilter = 'max_lon >= @w AND min_lon <= @e AND max_lat >= @s AND min_lat <= @n';
  const everywhere = `SELECT c.*, c.addresses AS in_area FROM clusters c
      WHERE release_id = @release AND down = @down AND addresses >= @min AND ${bboxFilter}`;
  const inAreas = `SELECT c.*, SUM(a.addresses) AS in_area FROM cluster_areas a JOIN clusters c ON c.id = a.cluster_id
      WHERE a.area_code IN (SELECT value FROM json_each(@codes)) AND c.release_id = @release AND c.down = @down
        AND c.addresses >= @min AND ${bboxFilter}
      GROUP BY c.id`;
  const statements = (from: string) => ({
    page: Object.fromEntries(CLUSTER_SORTS.map((s) => [s, db.prepare(`SELECT * FROM (${from}) ${ORDER[s]} LIMIT @limit OFFSET @offset`)])),
    totals: db.prepare(`SELECT COUNT(*) AS clusters, COALESCE(SUM(in_area), 0) AS addresses FROM (${from})`),
  });
  const byScope = { everywhere: statements(everywhere), inAreas: statements(inAreas) };
  const byId = db.prepare<[number], ClusterRow>('SELECT *, addresses AS in_area FROM clusters WHERE id = ?');
  const members = db.prepare<[number], AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE id IN (SELECT address_rowid FROM cluster_addresses WHERE cluster_id = ?) ORDER BY id`,
  );

  function bind(q: ClusterQuery) {
    const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
    return { release: q.release, down: q.down, min: q.minAddresses, codes: JSON.stringify(q.areaCodes ?? []), w, s, e, n };
  }
  const scope = (q: ClusterQuery) => (q.areaCodes ? byScope.inAreas : byScope.everywhere);

  return {
    /** One page of the matching clusters, in the requested order. */
    list(q: ClusterQuery, limit: number, offset = 0): Cluster[] {
      return (scope(q).page[q.sort].all({ ...bind(q), limit, offset }) as ClusterRow[]).map(toCluster);
    },
    /** How many clusters match and how many (in-area) addresses they hold. */
    totals(q: ClusterQuery): { clusters: number; addresses: number } {
      return scope(q).totals.get(bind(q)) as { clusters: number; addresses: number };
    },
    /** Every matching cluster, in the requested order (tiles, CSV, report maps). */
    all(q: ClusterQuery): Cluster[] {
      return this.list(q, -1);
    },
    get(id: number): Cluster | undefined {
      const row = byId.get(id);
      return row && toCluster(row);
    },
    addresses(id: number): AddressRow[] {
      return members.all(id);
    },
  };
}
export type ClusterStore = ReturnType<typeof createClusterStore>;
