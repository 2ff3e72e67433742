// The planner's cluster list and the search box's suggestions over the fixture database, through a
// real server: every filter, page and number checked against the clusters read straight from SQLite
// and ranked the slow way; a cluster's address pages and exports against its rows; suggestions
// against a scan of every name and postcode.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAddressCollection, ClusterList, SuggestionList } from '../../common/api.ts';
import { DOWN_THRESHOLDS } from '../../common/constants.ts';
import { normaliseName } from '../../server/store/suggest.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectError, serveInTempDir, type TestServer } from '../helpers/server.ts';
import { parseCsv } from '../report/csv-parse.ts';
import { readPdf } from '../report/pdf-reader.ts';

/** Header and rows of a CSV export. */
function readCsv(text: string, delimiter = ','): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(text, delimiter);
  return { header, rows };
}

interface RawCluster {
  id: number;
  release: string;
  down: number;
  addresses: number;
  area_codes: string[];
  technologies: string[];
  nearest_covered_m: number | null;
  /** Addresses per municipality. */
  per_area: Map<string, number>;
}

let db: string;
let server: TestServer;
let done: () => Promise<void>;
let clusters: RawCluster[];
let children: Map<string, string[]>;

beforeAll(async () => {
  ({ server, done } = await serveInTempDir('atlas-planner-', async (d) => (db = await buildFixtureDb(d))));
  const raw = new Database(db, { readonly: true });
  const rows = raw
    .prepare(`SELECT c.id, r.label AS release, c.down, c.addresses, c.area_codes, c.technologies, c.nearest_covered_m
      FROM clusters c JOIN releases r ON r.id = c.release_id`)
    .all() as (Omit<RawCluster, 'area_codes' | 'technologies' | 'per_area'> & { area_codes: string; technologies: string })[];
  const perArea = raw.prepare('SELECT area_code, cluster_id, addresses FROM cluster_areas').all() as {
    area_code: string;
    cluster_id: number;
    addresses: number;
  }[];
  clusters = rows.map((r) => ({
    ...r,
    area_codes: JSON.parse(r.area_codes),
    technologies: JSON.parse(r.technologies),
    per_area: new Map(perArea.filter((a) => a.cluster_id === r.id).map((a) => [a.area_code, a.addresses])),
  }));
  children = new Map();
  for (const a of raw.prepare('SELECT code, parent_code FROM areas WHERE parent_code IS NOT NULL').all() as {
    code: string;
    parent_code: string;
  }[]) {
    children.set(a.parent_code, [...(children.get(a.parent_code) ?? []), a.code]);
  }
  raw.close();
});
afterAll(() => done?.());

const bySize = (a: RawCluster, b: RawCluster) => b.addresses - a.addresses || a.id - b.id;
const codesOf = (area: string) => children.get(area) ?? [area];
const touches = (c: RawCluster, codes: string[]) => codes.some((code) => c.per_area.has(code));

/** #k: the rank by size among the clusters of the area (or of the cluster's main municipality), filters ignored. */
function numberOf(c: RawCluster, area: string | null): number {
  const codes = area ? codesOf(area) : [c.area_codes[0]];
  return (
    clusters
      .filter((o) => o.release === c.release && o.down === c.down && touches(o, codes))
      .sort(bySize)
      .indexOf(c) + 1
  );
}

interface Filter {
  area: string | null;
  min: number;
  technology?: string[];
  match?: 'any' | 'only';
}

function expected(release: string, down: number, f: Filter): RawCluster[] {
  return clusters
    .filter((c) => c.release === release && c.down === down && c.addresses >= f.min)
    .filter((c) => !f.area || touches(c, codesOf(f.area)))
    .filter((c) => {
      if (!f.technology) return true;
      if (f.match === 'only') return c.technologies.every((t) => f.technology!.includes(t));
      return c.technologies.some((t) => f.technology!.includes(t));
    })
    .sort(bySize);
}

function queryOf(release: string, down: number, f: Filter): string {
  const q = new URLSearchParams({ release, down: String(down), min_addresses: String(f.min) });
  if (f.area) q.set('area', f.area);
  if (f.technology) q.set('technology', f.technology.join(','));
  if (f.match) q.set('technology_match', f.match);
  return q.toString();
}

const FILTERS: Filter[] = [
  { area: null, min: 1 },
  { area: null, min: 2 },
  { area: null, min: 1, technology: ['ADSL', 'VDSL'], match: 'only' },
  { area: null, min: 1, technology: ['ADSL', 'VDSL'], match: 'any' },
  { area: null, min: 1, technology: ['NONE', 'VDSL', 'ADSL'], match: 'only' },
  { area: 'GM0331', min: 1 },
  { area: 'GM0331', min: 3, technology: ['FTTB'] },
  { area: 'PV26', min: 1, technology: ['VDSL', 'ADSL', 'NONE'], match: 'only' },
  { area: 'PV26', min: 2 },
];

describe('GET /api/v1/clusters: filters, pages and numbers', () => {
  it('lists exactly the matching clusters, largest first, numbered as the PDF numbers its area, for every filter', async () => {
    let compared = 0;
    for (const release of ['2023-12', '2024-12'])
      for (const down of DOWN_THRESHOLDS)
        for (const f of FILTERS) {
          const want = expected(release, down, f);
          const body = await server.json<ClusterList>(`/api/v1/clusters?${queryOf(release, down, f)}&limit=1000`);
          const label = `${release} ${down} ${JSON.stringify(f)}`;
          expect(
            body.clusters.map((c) => c.id),
            label,
          ).toEqual(want.map((c) => c.id));
          expect(body.total, label).toBe(want.length);
          const inArea = (c: RawCluster) =>
            f.area ? codesOf(f.area).reduce((s, code) => s + (c.per_area.get(code) ?? 0), 0) : c.addresses;
          expect(body.total_addresses, label).toBe(want.reduce((s, c) => s + inArea(c), 0));
          for (const [i, c] of body.clusters.entries()) {
            expect(c.number, `${label} #${c.id}`).toBe(numberOf(want[i], f.area));
            expect(c.number_area).toBe(f.area ?? want[i].area_codes[0]);
          }
          compared += want.length;
        }
    // The fixture must hold enough clusters for the comparison to mean something.
    expect(compared).toBeGreaterThan(50);
    const copperOnly = expected('2024-12', 1000, FILTERS[2]);
    expect(copperOnly.length).toBeGreaterThan(0);
    expect(copperOnly.length).toBeLessThan(expected('2024-12', 1000, FILTERS[3]).length);
  });

  it('keeps a cluster’s number when sorted by distance', async () => {
    const bySizeList = await server.json<ClusterList>('/api/v1/clusters?area=PV26&limit=1000');
    const byDistance = await server.json<ClusterList>('/api/v1/clusters?area=PV26&limit=1000&sort=distance');
    const numbers = new Map(bySizeList.clusters.map((c) => [c.id, c.number]));
    expect(byDistance.clusters.map((c) => c.number)).toEqual(byDistance.clusters.map((c) => numbers.get(c.id)));
    expect(bySizeList.clusters.map((c) => c.number)).toEqual(bySizeList.clusters.map((_, i) => i + 1));
  });

  it('gives each cluster the number its area’s PDF report prints beside it', async () => {
    let rows = 0;
    for (const area of ['GM0331', 'PV26']) {
      const { clusters: listed } = await server.json<ClusterList>(`/api/v1/clusters?area=${area}&limit=1000&sort=distance`);
      const res = await server.get(`/api/v1/areas/${area}/report.pdf?lang=en`);
      expect(res.status).toBe(200);
      const { flat } = readPdf(Buffer.from(await res.arrayBuffer()));
      // A row of the PDF's clusters table: "#k … lat, lon" (the centroid to five decimals).
      for (const m of flat.matchAll(/#(\d+) [^#]*?(\d+\.\d{5}), (\d+\.\d{5})/g)) {
        const [lat, lon] = [Number(m[2]), Number(m[3])];
        const c = listed.find((x) => x.number === Number(m[1]));
        expect(c, `${area} #${m[1]}`).toBeDefined();
        expect([c!.centroid[1].toFixed(5), c!.centroid[0].toFixed(5)]).toEqual([lat.toFixed(5), lon.toFixed(5)]);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(5);
  });

  it('pages through the whole list with limit and offset, each page as the whole list cut there', async () => {
    for (const sort of ['size', 'distance']) {
      const whole = await server.json<ClusterList>(`/api/v1/clusters?sort=${sort}&limit=1000`);
      const paged: number[] = [];
      for (let offset = 0; offset < whole.total; offset += 3) {
        const page = await server.json<ClusterList>(`/api/v1/clusters?sort=${sort}&limit=3&offset=${offset}`);
        expect(page.total).toBe(whole.total);
        paged.push(...page.clusters.map((c) => c.id));
      }
      expect(paged).toEqual(whole.clusters.map((c) => c.id));
    }
  });

  it('exports the same filtered set with its numbers, every row marked with release and synthetic', async () => {
    const f = FILTERS[3];
    const want = expected('2023-12', 1000, f);
    const csv = readCsv(await (await server.get(`/api/v1/clusters.csv?${queryOf('2023-12', 1000, f)}`)).text());
    expect(csv.rows.map((r) => Number(r[csv.header.indexOf('id')]))).toEqual(want.map((c) => c.id));
    expect(csv.rows.map((r) => Number(r[csv.header.indexOf('number')]))).toEqual(want.map((c) => numberOf(c, null)));
    expect(new Set(csv.rows.map((r) => `${r[csv.header.indexOf('release')]} ${r[csv.header.indexOf('synthetic')]}`))).toEqual(
      new Set(['2023-12 true']),
    );
  });

  it.each([
    ['technology=AD SL', 'technology'],
    ['technology=', 'technology'],
    ['technology=VDSL&technology_match=all', 'technology_match'],
    ['min_addresses=0', 'min_addresses'],
    ['offset=-1', 'offset'],
    ['limit=0', 'limit'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    await expectError(await server.get(`/api/v1/clusters?${query}`), 400, parameter);
  });
});

describe('GET /api/v1/clusters/{id}/addresses and its exports', () => {
  interface Member {
    address_id: string;
  }
  function membersOf(id: number): Member[] {
    const raw = new Database(db, { readonly: true });
    try {
      return raw
        .prepare(`SELECT a.address_id FROM cluster_addresses ca JOIN addresses a ON a.id = ca.address_rowid
          WHERE ca.cluster_id = ? ORDER BY a.id`)
        .all(id) as Member[];
    } finally {
      raw.close();
    }
  }

  it('pages every cluster’s addresses by cursor, and the pages hold every uncovered address once', async () => {
    let listed = 0;
    for (const c of clusters.filter((c) => c.release === '2024-12' && c.down === 1000)) {
      const ids: string[] = [];
      let path: string | null = `/api/v1/clusters/${c.id}/addresses?limit=4`;
      while (path) {
        const page: ClusterAddressCollection = await server.json(path);
        expect(page.cluster).toBe(c.id);
        expect(page.total).toBe(c.addresses);
        expect(page.features.length).toBeLessThanOrEqual(4);
        for (const feature of page.features) {
          expect(feature.properties.release).toBe('2024-12');
          expect(feature.properties.synthetic).toBe(false);
          expect(feature.properties.best_down).toBeLessThan(1000);
        }
        ids.push(...page.features.map((f) => f.id));
        path = page.next_cursor ? `/api/v1/clusters/${c.id}/addresses?limit=4&cursor=${page.next_cursor}` : null;
      }
      expect(ids).toEqual(membersOf(c.id).map((m) => m.address_id));
      listed += ids.length;
    }
    const raw = new Database(db, { readonly: true });
    const uncovered = raw
      .prepare(`SELECT COUNT(*) FROM addresses WHERE release_id = (SELECT id FROM releases WHERE label = '2024-12') AND down_class < 3`)
      .pluck()
      .get();
    raw.close();
    expect(listed).toBe(uncovered);
  });

  it('exports one cluster’s addresses as CSV (with the Dutch Excel options) and GeoJSON, as downloads', async () => {
    const c = clusters.filter((c) => c.release === '2023-12').sort(bySize)[0];
    const want = membersOf(c.id).map((m) => m.address_id);
    const csvRes = await server.get(`/api/v1/clusters/${c.id}/addresses.csv?bom=1&delimiter=semicolon`);
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment; filename=cluster-\d+-addresses-2023-12-\d+\.csv/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = readCsv(bytes.subarray(3).toString('utf8'), ';');
    expect(csv.rows.map((r) => r[0])).toEqual(want);
    expect(csv.header.slice(-2)).toEqual(['release', 'synthetic']);
    expect(new Set(csv.rows.map((r) => r.slice(-2).join(' ')))).toEqual(new Set(['2023-12 true']));
    const geo = await server.get(`/api/v1/clusters/${c.id}/addresses.geojson`);
    expect(geo.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const body = (await geo.json()) as ClusterAddressCollection;
    expect(body.features.map((f) => f.id)).toEqual(want);
    expect(body.features.every((f) => f.properties.synthetic === true && f.properties.release === '2023-12')).toBe(true);
  });

  it('answers 404 for an unknown cluster and 400 for a bad id, cursor or option', async () => {
    await expectError(await server.get('/api/v1/clusters/999999/addresses'), 404, 'id');
    await expectError(await server.get('/api/v1/clusters/999999/addresses.csv'), 404, 'id');
    await expectError(await server.get('/api/v1/clusters/x1/addresses.geojson'), 400, 'id');
    await expectError(await server.get(`/api/v1/clusters/${clusters[0].id}/addresses?cursor=nope`), 400, 'cursor');
    await expectError(await server.get(`/api/v1/clusters/${clusters[0].id}/addresses.csv?delimiter=tab`), 400, 'delimiter');
    await expectError(await server.get(`/api/v1/clusters/${clusters[0].id}/addresses.geojson?limit=5`), 400, 'limit');
  });
});

describe('GET /api/v1/suggest', () => {
  interface Named {
    name: string;
    kind: 'area' | 'place';
    code: string;
  }
  let names: Named[];
  let postcodes: { postcode: string; house_number: number; address_id: string }[];
  beforeAll(() => {
    const raw = new Database(db, { readonly: true });
    const release = raw.prepare(`SELECT id FROM releases WHERE label = '2024-12'`).pluck().get();
    names = [
      ...(raw.prepare('SELECT name, code FROM areas').all() as { name: string; code: string }[]).map((a) => ({
        ...a,
        kind: 'area' as const,
      })),
      ...(
        raw
          .prepare(
            `SELECT DISTINCT city AS name, area_code AS code FROM addresses WHERE release_id = ? AND city IS NOT NULL AND city <> ''`,
          )
          .all(release) as { name: string; code: string }[]
      ).map((p) => ({ ...p, kind: 'place' as const })),
    ];
    postcodes = raw
      .prepare('SELECT postcode, house_number, address_id FROM addresses WHERE release_id = ? AND postcode IS NOT NULL')
      .all(release) as typeof postcodes;
    raw.close();
  });

  /** A name matches when it, or one of its words, starts with the text (accents and case aside). */
  const matches = (name: string, text: string) => {
    const key = normaliseName(name);
    const wanted = normaliseName(text);
    return key.startsWith(wanted) || key.split(' ').some((_, i, words) => words.slice(i).join(' ').startsWith(wanted));
  };

  it('suggests every area and place a prefix matches (up to the limit), whole-name matches first', async () => {
    const prefixes = new Set<string>();
    for (const n of names) for (const len of [1, 2, 3, 5]) prefixes.add(n.name.slice(0, len).toLowerCase());
    prefixes.add('oost');
    expect(prefixes.size).toBeGreaterThan(10);
    for (const prefix of prefixes) {
      const want = names.filter((n) => matches(n.name, prefix));
      const body = await server.json<SuggestionList>(`/api/v1/suggest?q=${encodeURIComponent(prefix)}&limit=20`);
      const got = body.suggestions.filter((s) => s.kind !== 'address');
      const key = (s: { kind: string; code?: string; area_code?: string; name: string }) => `${s.kind} ${s.name} ${s.code ?? s.area_code}`;
      if (want.length <= 20 && !/\d/.test(prefix)) expect(got.map(key).sort(), prefix).toEqual(want.map(key).sort());
      for (const s of got) expect(matches(s.name, prefix), `${prefix}: ${s.name}`).toBe(true);
      const whole = got.map((s) => normaliseName(s.name).startsWith(normaliseName(prefix)));
      expect(whole, prefix).toEqual([...whole].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('suggests the addresses at a postcode and house number, and the first ones of a postcode prefix', async () => {
    const sample = postcodes[7];
    const text = `${sample.postcode.slice(0, 4)} ${sample.postcode.slice(4).toLowerCase()} ${sample.house_number}`;
    const exact = await server.json<SuggestionList>(`/api/v1/suggest?q=${encodeURIComponent(text)}`);
    const want = postcodes.filter((p) => p.postcode === sample.postcode && p.house_number === sample.house_number);
    expect(exact.suggestions.map((s) => (s.kind === 'address' ? s.address_id : s.kind)).sort()).toEqual(
      want.map((p) => p.address_id).sort(),
    );
    const prefix = sample.postcode.slice(0, 4);
    const first = await server.json<SuggestionList>(`/api/v1/suggest?q=${prefix}&limit=5`);
    const inOrder = postcodes
      .filter((p) => p.postcode.startsWith(prefix))
      .sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : a.house_number - b.house_number));
    expect(first.suggestions.length).toBe(Math.min(5, inOrder.length));
    for (const [i, s] of first.suggestions.entries()) {
      expect(s.kind).toBe('address');
      if (s.kind === 'address') expect([s.postcode, s.house_number]).toEqual([inOrder[i].postcode, inOrder[i].house_number]);
    }
    expect((await server.json<SuggestionList>('/api/v1/suggest?q=0000ZZ%201')).suggestions).toEqual([]);
  });

  it.each([
    ['q=', 'q'],
    ['q=%20%20', 'q'],
    [`q=${'a'.repeat(101)}`, 'q'],
    ['q=lop&limit=0', 'limit'],
    ['q=lop&limit=21', 'limit'],
    ['q=lop&bbox=1,2,3,4', 'bbox'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    await expectError(await server.get(`/api/v1/suggest?${query}`), 400, parameter);
  });

  it('answers 404 for an unknown release', async () => {
    await expectError(await server.get('/api/v1/suggest?q=lop&release=1999-01'), 404, 'release');
  });
});
