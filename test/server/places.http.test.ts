// GET /api/v1/places: the addresses' cities with their counts and mean positions, largest first,
// checked against a GROUP BY of the fixture database.
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceList } from '../../common/api.ts';
import { MIGRATIONS } from '../../common/schema.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectError, serveInTempDir, type TestServer } from '../helpers/server.ts';

let db: string;
let server: TestServer;
let done: () => Promise<void>;

beforeAll(async () => {
  ({ server, done } = await serveInTempDir('atlas-places-', async (d) => (db = await buildFixtureDb(d))));
});
afterAll(() => done?.());

describe('GET /api/v1/places', () => {
  it('lists every city of the release with its address count and mean position, largest first', async () => {
    const raw = new Database(db, { readonly: true });
    const expected = raw
      .prepare(`SELECT city AS name, area_code, COUNT(*) AS addresses, AVG(lon) AS lon, AVG(lat) AS lat FROM addresses
      WHERE release_id = (SELECT id FROM releases WHERE label = '2023-12') AND city IS NOT NULL AND city <> '' GROUP BY city, area_code`)
      .all() as { name: string; area_code: string; addresses: number; lon: number; lat: number }[];
    raw.close();
    const list = await server.json<PlaceList>('/api/v1/places?release=2023-12');
    expect(list.release).toBe('2023-12');
    expect(list.places.length).toBe(expected.length);
    expect(list.places.map((p) => p.rank)).toEqual(list.places.map((_, i) => i + 1));
    for (let i = 1; i < list.places.length; i++) expect(list.places[i - 1].addresses).toBeGreaterThanOrEqual(list.places[i].addresses);
    for (const e of expected) {
      const p = list.places.find((q) => q.name === e.name && q.area_code === e.area_code)!;
      expect(p, e.name).toBeDefined();
      expect(p.addresses).toBe(e.addresses);
      expect(Math.abs(p.lon - e.lon)).toBeLessThan(1e-5);
      expect(Math.abs(p.lat - e.lat)).toBeLessThan(1e-5);
    }
  });

  it('keeps only the largest with limit, and refuses a bad limit or an unknown release', async () => {
    const all = await server.json<PlaceList>('/api/v1/places');
    const two = await server.json<PlaceList>('/api/v1/places?limit=2');
    expect(two.places).toEqual(all.places.slice(0, 2));
    await expectError(await server.get('/api/v1/places?limit=0'), 400, 'limit');
    await expectError(await server.get('/api/v1/places?release=nope'), 404, 'release');
  });
});

describe('place_stats', () => {
  const byGroup = (path: string, sql: string) => {
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare(sql).all();
    raw.close();
    return rows;
  };
  const counted = `SELECT release_id, area_code, name, addresses, round(sum_lon, 6) AS lon, round(sum_lat, 6) AS lat
    FROM place_stats ORDER BY release_id, area_code, name`;
  const scanned = `SELECT release_id, area_code, city AS name, COUNT(*) AS addresses, round(SUM(lon), 6) AS lon, round(SUM(lat), 6) AS lat
    FROM addresses WHERE city IS NOT NULL AND city <> '' GROUP BY release_id, area_code, city ORDER BY release_id, area_code, city`;

  it('are counted at import exactly as a scan of the addresses would count them', () => {
    const rows = byGroup(db, counted);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(byGroup(db, scanned));
  });

  it('are filled by their migration for a database imported before them', () => {
    const old = `${db}.old.sqlite`;
    copyFileSync(db, old);
    const raw = new Database(old);
    raw.exec('DROP TABLE place_stats');
    raw.exec(MIGRATIONS.find((m): m is string => typeof m === 'string' && m.includes('CREATE TABLE place_stats'))!);
    raw.close();
    expect(byGroup(old, counted)).toEqual(byGroup(db, scanned));
  });
});
