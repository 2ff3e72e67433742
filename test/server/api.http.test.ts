// Every figure of the JSON API against a brute-force count over the fixture's addresses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS, UP_THRESHOLDS } from '../../common/constants.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { openBrute, type Brute } from '../helpers/brute-force-counts.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let server: TestServer;
let brute: Brute;
let newest: string;
let oldest: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-api-'));
  const db = await buildFixtureDb(dir);
  brute = openBrute(db);
  const labels = brute.labels();
  oldest = labels[0];
  newest = labels.at(-1)!;
  server = await startTestServer(db);
});

afterAll(async () => {
  await server?.stop();
  brute?.close();
  rmSync(dir, { recursive: true, force: true });
});

const pct = (covered: number, addresses: number) => (addresses ? Math.round((covered / addresses) * 10000) / 100 : 0);

describe('releases and summary', () => {
  it('lists every release, oldest first, with its counts at the default threshold', async () => {
    const { releases } = await server.json('/api/v1/releases');
    expect(releases.map((r: { label: string }) => r.label)).toEqual(brute.labels());
    for (const r of releases) {
      const { addresses, covered, uncovered } = brute.national(r.label, 1000);
      expect({ addresses: r.addresses, covered: r.covered, uncovered: r.uncovered }).toEqual({ addresses, covered, uncovered });
      expect(typeof r.synthetic).toBe('boolean');
    }
  });

  it('answers the summary of the newest release by default and echoes release and threshold', async () => {
    const body = await server.json('/api/v1/summary');
    expect(body.release).toBe(newest);
    expect(body.threshold).toEqual({ down: 1000, up: null, fixed_only: false });
  });

  for (const down of DOWN_THRESHOLDS) {
    it(`counts the national figures at ${down} Mbit/s like a scan of the addresses`, async () => {
      for (const label of [oldest, newest]) {
        const body = await server.json(`/api/v1/summary?release=${label}&down=${down}`);
        const want = brute.national(label, down);
        expect(body).toMatchObject({ ...want, covered_pct: pct(want.covered, want.addresses), release: label });
        const techSum = body.by_technology.reduce((s: number, t: { addresses: number }) => s + t.addresses, 0);
        expect(techSum).toBe(want.addresses);
      }
    });
  }

  it('applies the optional upload threshold on top of the download threshold', async () => {
    for (const up of UP_THRESHOLDS) {
      const body = await server.json(`/api/v1/summary?down=100&up=${up}`);
      expect(body.threshold).toEqual({ down: 100, up, fixed_only: false });
      expect(body.covered).toBe(brute.national(newest, 100, up).covered);
    }
  });
});

describe('areas', () => {
  for (const level of ['municipality', 'province'] as const) {
    it(`lists every ${level} with figures equal to a scan of its addresses`, async () => {
      const body = await server.json(`/api/v1/areas?level=${level}&down=100&release=${oldest}`);
      expect(body.areas.map((a: { code: string }) => a.code).sort()).toEqual(brute.areaCodes(level));
      for (const a of body.areas) {
        const want = brute.area(oldest, a.code, 100);
        expect(a, a.code).toMatchObject({ ...want, level, covered_pct: pct(want.covered, want.addresses) });
      }
    });
  }

  it('sorts by a figure in either order and filters by name', async () => {
    const desc = (await server.json('/api/v1/areas?sort=uncovered&order=desc')).areas as { uncovered: number; name: string }[];
    expect(desc.map((a) => a.uncovered)).toEqual(desc.map((a) => a.uncovered).sort((x, y) => y - x));
    const needle = desc[0].name.slice(1, 4);
    const filtered = (await server.json(`/api/v1/areas?q=${encodeURIComponent(needle.toUpperCase())}`)).areas as { name: string }[];
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((a) => a.name.toLowerCase().includes(needle.toLowerCase()))).toBe(true);
  });

  it('details an area: figures, bbox, technologies, providers, speed classes and a trend over every release', async () => {
    for (const code of [...brute.areaCodes('municipality').slice(0, 2), brute.areaCodes('province')[0]]) {
      const body = await server.json(`/api/v1/areas/${code}`);
      const want = brute.area(newest, code, 1000);
      expect(body).toMatchObject({ code, release: newest, ...want });
      expect(body.bbox).toHaveLength(4);
      for (const t of body.by_technology) expect(t, t.technology).toMatchObject(brute.technology(newest, code, t.technology, 1000));
      const classSum = body.speed_classes.reduce((s: number, c: { addresses: number }) => s + c.addresses, 0);
      expect(classSum).toBe(want.addresses);
      expect(body.speed_classes.at(-1).addresses).toBe(brute.area(newest, code, 1000).covered);
      expect(body.by_provider.length).toBeGreaterThan(0);
      expect(body.trend.map((t: { release: string }) => t.release)).toEqual(brute.labels());
      for (const t of body.trend) expect(t).toMatchObject(brute.area(t.release, code, 1000));
    }
  });
});

describe('addresses', () => {
  it('finds an address by postcode written with spaces and lower case, with every offer', async () => {
    const row = brute.db
      .prepare(
        'SELECT address_id, postcode, house_number, offers, down_class FROM addresses WHERE release_id = ? AND postcode IS NOT NULL LIMIT 1',
      )
      .get(brute.releaseId(newest)) as { address_id: string; postcode: string; house_number: number; offers: string; down_class: number };
    const loose = `${row.postcode.slice(0, 4)} ${row.postcode.slice(4).toLowerCase()}`;
    const body = await server.json(`/api/v1/addresses?postcode=${encodeURIComponent(loose)}&house_number=${row.house_number}`);
    const found = body.addresses.find((a: { address_id: string }) => a.address_id === row.address_id);
    expect(found.offers).toHaveLength(JSON.parse(row.offers).length);
    expect(found.covered).toBe(row.down_class === DOWN_THRESHOLDS.length);
    expect(found.area.code).toBeTruthy();
    const byId = await server.json(`/api/v1/addresses/${encodeURIComponent(row.address_id)}?down=30`);
    expect(byId.address.address_id).toBe(row.address_id);
    expect(byId.address.covered).toBe(row.down_class >= 1);
  });
});

describe('uncovered addresses', () => {
  it('pages through every uncovered address of an area with the cursor, in a stable order', async () => {
    const code = brute.areaCodes('province')[0];
    const want = brute.uncoveredIds(newest, code, 1000);
    const got: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { features: { properties: { address_id: string } }[]; next_cursor: string | null; type: string } = await server.json(
        `/api/v1/uncovered?area=${code}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.type).toBe('FeatureCollection');
      expect(page.features.length).toBeLessThanOrEqual(7);
      got.push(...page.features.map((f) => f.properties.address_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(got).toEqual(want);
  });

  it('streams the same addresses as CSV', async () => {
    const code = brute.areaCodes('municipality')[0];
    const res = await server.get(`/api/v1/uncovered.csv?area=${code}&down=100`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0].split(',')[0]).toBe('address_id');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(brute.uncoveredIds(newest, code, 100));
  });

  it('limits a bbox search to addresses inside the box', async () => {
    const [w, s, e, n] = (await server.json('/api/v1/meta')).bounds as number[];
    const box = [w, s, (w + e) / 2, (s + n) / 2].map((v) => v.toFixed(5));
    const page = await server.json(`/api/v1/uncovered?bbox=${box.join(',')}&limit=5000&down=1000`);
    const want = brute.db
      .prepare(
        'SELECT COUNT(*) AS n FROM addresses WHERE release_id = ? AND down_class < 3 AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?',
      )
      .get(brute.releaseId(newest), +box[0], +box[2], +box[1], +box[3]) as { n: number };
    expect(page.features.length).toBe(want.n);
  });
});

describe('meta', () => {
  it('tells the client bounds, levels, thresholds, the goal and the tile layers', async () => {
    const meta = await server.json('/api/v1/meta');
    expect(meta.bounds).toHaveLength(4);
    expect(meta.levels.sort()).toEqual(['municipality', 'province']);
    expect(meta.thresholds.down).toEqual([...DOWN_THRESHOLDS]);
    expect(meta.tile_layers).toEqual(expect.arrayContaining(['areas', 'hexes', 'uncovered', 'clusters', 'changes']));
    // Every listed layer has its TileJSON (changes: the newest release against the one before it).
    for (const layer of meta.tile_layers) {
      const tj = await server.json(`/tiles/${layer}.json`);
      expect(tj.vector_layers[0].id, layer).toBe(layer);
    }
    expect(meta.basemap_style_url).toBeNull();
    expect(meta.release).toBe(newest);
    expect(meta.goal).toEqual({ year: 2030, covered_pct: 100 });
  });
});
