// Unserved clusters as built at import (pipeline/clusters/): lists by area or bbox, one cluster with
// its addresses, and every cluster of a release and threshold for tiles and report maps.
import type { Polygon } from 'geojson';
import type { DownThreshold } from '../../common/constants.ts';
import { ADDRESS_COLUMNS, type AddressRow } from './addresses.ts';
import type { DB } from './db.ts';

export const CLUSTER_SORTS = ['size', 'distance'] as const;
export type ClusterSort = (typeof CLUSTER_SORTS)[number];

/** any: at least one of the technologies is present; only: every technology present is one of them. */
export const TECHNOLOGY_MATCHES = ['any', 'only'] as const;
export type TechnologyMatch = (typeof TECHNOLOGY_MATCHES)[number];

export interface ClusterQuery {
  release: number;
  down: DownThreshold;
  /** The goal's upload for the clusters of the goal's pair; absent or null: the download threshold's. */
  up?: number | null;
  /** Municipality codes; only their addresses count in `addresses_in_area`. Absent: everywhere. */
  areaCodes?: string[];
  /** The area `areaCodes` came from (any level): the clusters are numbered in it. */
  area?: string;
  bbox?: readonly [number, number, number, number];
  minAddresses: number;
  sort: ClusterSort;
  /** Best technologies a cluster must hold (`any`) or may only hold (`only`); absent: no condition. */
  technologies?: { codes: string[]; match: TechnologyMatch };
}

export interface Cluster {
  id: number;
  release_id: number;
  down: DownThreshold;
  /** The upload of the goal's pair it was built for; null for a download threshold's cluster. */
  up: number | null;
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
  /**
   * Its number (#1 = largest) among the clusters of an area, as the area's PDF report numbers them
   * (numberingOrder): of the requested areas, or without them of its main municipality (`area_codes[0]`).
   */
  number: number | null;
  /** The area of `number`. */
  number_area: string | null;
}

interface ClusterRow {
  id: number;
  release_id: number;
  down: DownThreshold;
  up: number | null;
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
  number: number | null;
  number_area: string | null;
}

function toCluster(row: ClusterRow): Cluster {
  return {
    id: row.id,
    release_id: row.release_id,
    down: row.down,
    up: row.up,
    distance_m: row.distance_m,
    addresses: row.addresses,
    addresses_in_area: row.in_area,
    area_codes: JSON.parse(row.area_codes) as string[],
    technologies: JSON.parse(row.technologies) as string[],
    centroid: [row.lon, row.lat],
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
    nearest_covered_m: row.nearest_covered_m,
    geometry: JSON.parse(row.geometry) as Polygon,
    number: row.number,
    number_area: row.number_area,
  };
}

/**
 * The one numbering rule of clusters (#1..#n in an area): largest first, ties by id. The PDF report
 * lists an area's clusters in this order (sort `size`) and the API numbers them by it.
 */
export const numberingOrder = (table = ''): string => `${table}addresses DESC, ${table}id`;

// Largest first; or nearest to the network first (cheapest to reach), clusters with no covered address last.
const ORDER: Record<ClusterSort, string> = {
  size: `ORDER BY ${numberingOrder()}`,
  distance: 'ORDER BY nearest_covered_m IS NULL, nearest_covered_m, addresses DESC, id',
};

export function createClusterStore(db: DB) {
  const bboxFilter = 'max_lon >= @w AND min_lon <= @e AND max_lat >= @s AND min_lat <= @n';
  const technologyFilter = `(@tech IS NULL
    OR (@match = 'any' AND EXISTS (SELECT 1 FROM json_each(technologies) t WHERE t.value IN (SELECT value FROM json_each(@tech))))
    OR (@match = 'only' AND NOT EXISTS (SELECT 1 FROM json_each(technologies) t WHERE t.value NOT IN (SELECT value FROM json_each(@tech)))))`;
  const filters = `addresses >= @min AND ${bboxFilter} AND ${technologyFilter}`;
  const everywhere = `SELECT c.*, c.addresses AS in_area, NULL AS number, NULL AS number_area FROM clusters c
      WHERE release_id = @release AND down = @down AND up IS @up AND ${filters}`;
  // Numbered among every cluster of the areas before the filters apply, so a cluster keeps its number.
  const inAreas = `SELECT * FROM (
        SELECT c.*, SUM(a.addresses) AS in_area, ROW_NUMBER() OVER (ORDER BY ${numberingOrder('c.')}) AS number, @area AS number_area
          FROM cluster_areas a JOIN clusters c ON c.id = a.cluster_id
         WHERE a.area_code IN (SELECT value FROM json_each(@codes)) AND c.release_id = @release AND c.down = @down AND c.up IS @up
         GROUP BY c.id)
      WHERE ${filters}`;
  const statements = (from: string) => ({
    page: Object.fromEntries(CLUSTER_SORTS.map((s) => [s, db.prepare(`SELECT * FROM (${from}) ${ORDER[s]} LIMIT @limit OFFSET @offset`)])),
    totals: db.prepare(`SELECT COUNT(*) AS clusters, COALESCE(SUM(in_area), 0) AS addresses FROM (${from})`),
  });
  const byScope = { everywhere: statements(everywhere), inAreas: statements(inAreas) };
  // Numbers in single municipalities: the rank of each of their clusters. CROSS JOIN keeps SQLite on one
  // range of cluster_areas per municipality instead of visiting every cluster of the release.
  const ranksIn = db.prepare<
    { codes: string; release: number; down: number; up: number | null },
    { area_code: string; cluster_id: number; number: number }
  >(
    `SELECT a.area_code, a.cluster_id,
            ROW_NUMBER() OVER (PARTITION BY a.area_code ORDER BY ${numberingOrder('c.')}) AS number
       FROM json_each(@codes) j CROSS JOIN cluster_areas a ON a.area_code = j.value CROSS JOIN clusters c ON c.id = a.cluster_id
      WHERE c.release_id = @release AND c.down = @down AND c.up IS @up`,
  );
  const byId = db.prepare<[number], ClusterRow>(
    'SELECT *, addresses AS in_area, NULL AS number, NULL AS number_area FROM clusters WHERE id = ?',
  );
  const members = db.prepare<[number], AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE id IN (SELECT address_rowid FROM cluster_addresses WHERE cluster_id = ?) ORDER BY id`,
  );
  // A page of a cluster's addresses after an address rowid: one range of cluster_addresses' key.
  const memberPage = db.prepare<{ id: number; after: number; limit: number }, AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE id IN (
       SELECT address_rowid FROM cluster_addresses WHERE cluster_id = @id AND address_rowid > @after ORDER BY address_rowid LIMIT @limit)
      ORDER BY id`,
  );

  /** Fills the numbers of clusters listed without an area: each in its main municipality. */
  function numberInMainArea(rows: ClusterRow[], q: ClusterQuery): ClusterRow[] {
    if (rows.length === 0) return rows;
    const main = (r: ClusterRow) => (JSON.parse(r.area_codes) as string[])[0];
    const codes = [...new Set(rows.map(main))];
    const numbers = new Map<string, number>();
    for (const r of ranksIn.all({ codes: JSON.stringify(codes), release: q.release, down: q.down, up: q.up ?? null })) {
      numbers.set(`${r.area_code} ${r.cluster_id}`, r.number);
    }
    return rows.map((r) => ({ ...r, number: numbers.get(`${main(r)} ${r.id}`) ?? null, number_area: main(r) }));
  }

  function bind(q: ClusterQuery) {
    const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
    const tech = q.technologies ? JSON.stringify(q.technologies.codes) : null;
    const match = q.technologies?.match ?? 'any';
    return {
      release: q.release,
      down: q.down,
      up: q.up ?? null,
      min: q.minAddresses,
      codes: JSON.stringify(q.areaCodes ?? []),
      area: q.area ?? null,
      w,
      s,
      e,
      n,
      tech,
      match,
    };
  }
  const scope = (q: ClusterQuery) => (q.areaCodes ? byScope.inAreas : byScope.everywhere);

  return {
    /** One page of the matching clusters, in the requested order. */
    list(q: ClusterQuery, limit: number, offset = 0): Cluster[] {
      return (scope(q).page[q.sort].all({ ...bind(q), limit, offset }) as ClusterRow[]).map(toCluster);
    },
    /** The same, numbered: without areas each cluster in its main municipality (list() leaves those null). */
    numbered(q: ClusterQuery, limit: number, offset = 0): Cluster[] {
      const rows = scope(q).page[q.sort].all({ ...bind(q), limit, offset }) as ClusterRow[];
      return (q.areaCodes ? rows : numberInMainArea(rows, q)).map(toCluster);
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
    /** Up to `limit` addresses of a cluster after the address rowid `after`, in rowid order. */
    addressPage(id: number, after: number, limit: number): AddressRow[] {
      return memberPage.all({ id, after, limit });
    },
    /** Every address of a cluster, read a page at a time (exports). */
    *addressStream(id: number): Generator<AddressRow> {
      for (let after = 0; ; ) {
        const rows = memberPage.all({ id, after, limit: 1000 });
        yield* rows;
        if (rows.length < 1000) return;
        after = rows[rows.length - 1].id;
      }
    },
  };
}
export type ClusterStore = ReturnType<typeof createClusterStore>;
