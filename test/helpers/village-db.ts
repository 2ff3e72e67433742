// Builds SQLite databases of synthetic addresses straight into the schema, seeded, for the
// clustering tests and benchmark (the import pipeline has its own tests).
import type Database from 'better-sqlite3';
import { DOWN_THRESHOLDS, UP_THRESHOLDS, speedClass } from '../../common/constants.ts';
import { openWritable } from '../../common/schema.ts';
import { seededRandom } from './random.ts';

export interface TestAddress {
  lon: number;
  lat: number;
  down: number;
  technology: string;
  area: string;
}

/** Writes one release of addresses; returns its id. */
export function insertRelease(db: Database.Database, label: string, addresses: Iterable<TestAddress>): number {
  const release = db
    .prepare(
      `INSERT INTO releases (label, rows_read, rows_accepted, rows_rejected, addresses, covered, uncovered, imported_at)
       VALUES (?, 0, 0, 0, 0, 0, 0, '2024-12-31T00:00:00Z')`,
    )
    .run(label).lastInsertRowid as number;
  const insert = db.prepare(
    `INSERT INTO address_rows (release_id, address_id, area_code, lon, lat, best_down, best_up, best_technology,
       down_class, up_class, offers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')`,
  );
  db.transaction(() => {
    let n = 0;
    for (const a of addresses) {
      const up = a.down / 10;
      insert.run(
        release,
        `A${++n}`,
        a.area,
        a.lon,
        a.lat,
        a.down,
        up,
        a.technology,
        speedClass(a.down, DOWN_THRESHOLDS),
        speedClass(up, UP_THRESHOLDS),
      );
    }
  })();
  return release;
}

const OFFERS: [number, string][] = [
  [8, 'ADSL'],
  [50, 'VDSL'],
  [200, 'DOCSIS3.0'],
  [0, 'NONE'],
];

/**
 * Addresses around villages in a lon/lat box: most covered (1000 Mbit/s FTTH), and in a share of
 * the villages a patch of uncovered ones at lower speeds, as in the countryside. Two municipalities
 * split the box at its middle longitude.
 */
export function* villageAddresses(
  seed: number,
  count: number,
  box: [number, number, number, number],
  uncoveredShare = 0.1,
): Generator<TestAddress> {
  const random = seededRandom(seed);
  const [w, s, e, n] = box;
  const villages = Array.from({ length: Math.max(1, Math.round(count / 200)) }, () => ({
    lon: w + random() * (e - w),
    lat: s + random() * (n - s),
    unserved: random() < uncoveredShare * 4,
  }));
  for (let i = 0; i < count; i++) {
    const v = villages[Math.floor(random() * villages.length)];
    const lon = v.lon + (random() - 0.5) * 0.03;
    const lat = v.lat + (random() - 0.5) * 0.02;
    const uncovered = v.unserved && random() < 0.3;
    const [down, technology] = uncovered ? OFFERS[Math.floor(random() * OFFERS.length)] : [1000, 'FTTH'];
    yield { lon, lat, down, technology, area: lon < (w + e) / 2 ? 'GM0001' : 'GM0002' };
  }
}

/** Two municipalities split at the box's middle longitude and their province, as the import would load them. */
function insertAreas(db: Database.Database, [w, s, e, n]: [number, number, number, number]): void {
  const insert = db.prepare(
    `INSERT INTO areas (code, level, name, parent_code, min_lon, min_lat, max_lon, max_lat, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const box = (x0: number, x1: number) =>
    JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [x0, s],
          [x1, s],
          [x1, n],
          [x0, n],
          [x0, s],
        ],
      ],
    });
  const m = (w + e) / 2;
  insert.run('PV01', 'province', 'Testland', null, w, s, e, n, box(w, e));
  insert.run('GM0001', 'municipality', 'Westdorp', 'PV01', w, s, m, n, box(w, m));
  insert.run('GM0002', 'municipality', 'Oostdorp', 'PV01', m, s, e, n, box(m, e));
}

const VILLAGE_BOX: [number, number, number, number] = [5.0, 52.0, 5.6, 52.4];

export function createVillageDb(path: string, seed: number, count: number): { db: Database.Database; releaseId: number } {
  const db = openWritable(path);
  insertAreas(db, VILLAGE_BOX);
  const releaseId = insertRelease(db, 'test', villageAddresses(seed, count, VILLAGE_BOX));
  return { db, releaseId };
}
