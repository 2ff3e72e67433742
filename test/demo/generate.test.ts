// The synthetic demo release CSVs: deterministic per seed, calibrated shares, lagging regions and clustering.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TECHNOLOGIES } from '../../common/constants.ts';
import { DEMO_RELEASES, LAGGING_REGIONS } from '../../pipeline/demo/calibration.ts';
import { FICTIONAL_PROVIDERS } from '../../pipeline/demo/providers.ts';
import { readMunicipalities, type Municipality } from '../../pipeline/demo/reference.ts';
import { writeReleaseCsv, writeReleaseCsvs, type ReleaseCsvStats } from '../../pipeline/demo/release-csv.ts';
import { seededRandom } from '../helpers/random.ts';
import { readDemoCsv, type DemoRow } from './demo-csv.ts';

const SCALE = 0.01;
const SEED = 7;
const dir = mkdtempSync(join(tmpdir(), 'atlas-demo-gen-'));
const municipalities = new Map<string, Municipality>(readMunicipalities().map((m) => [m.code, m]));
let stats: ReleaseCsvStats[];
let releases: Array<Map<string, DemoRow>>;

beforeAll(async () => {
  stats = await writeReleaseCsvs(
    DEMO_RELEASES.map((r) => ({ release: r.label, path: join(dir, `${r.label}.csv`) })),
    { scale: SCALE, seed: SEED },
  );
  releases = stats.map((s) => readDemoCsv(s.path));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const newest = () => releases[releases.length - 1];
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const uncovered = (rows: Map<string, DemoRow>) => [...rows.values()].filter((r) => r.bestDown < 1000);

describe('writeReleaseCsv', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const options = { release: '2023-12', scale: 0.002 };
    await writeReleaseCsv(join(dir, 'a.csv'), { ...options, seed: 1 });
    await writeReleaseCsv(join(dir, 'b.csv'), { ...options, seed: 1 });
    await writeReleaseCsv(join(dir, 'c.csv'), { ...options, seed: 2 });
    expect(sha(join(dir, 'a.csv'))).toBe(sha(join(dir, 'b.csv')));
    expect(sha(join(dir, 'a.csv'))).not.toBe(sha(join(dir, 'c.csv')));
  });

  it('writes a release alone exactly as it writes it among the others', async () => {
    await writeReleaseCsv(join(dir, 'alone.csv'), { release: '2022-12', scale: SCALE, seed: SEED });
    expect(sha(join(dir, 'alone.csv'))).toBe(sha(stats[1].path));
  });

  it('rejects an unknown release label and names the allowed ones', async () => {
    await expect(writeReleaseCsv(join(dir, 'x.csv'), { release: '2020-01', scale: SCALE, seed: SEED })).rejects.toThrow(
      /unknown demo release '2020-01'; use one of 2021-12, 2022-12, 2023-12, 2024-12/,
    );
  });

  it('reports the rows, addresses and coverage it wrote', () => {
    for (const [i, s] of stats.entries()) {
      const rows = releases[i];
      expect(s.addresses).toBe(rows.size);
      expect(s.uncovered).toBe(uncovered(rows).length);
      expect(s.covered + s.uncovered).toBe(s.addresses);
      expect(s.rows).toBe([...rows.values()].reduce((n, r) => n + Math.max(1, r.offers.length), 0));
    }
  });
});

describe('demo addresses', () => {
  it('gives each municipality its dwelling stock times the scale in the newest release', () => {
    const counts = new Map<string, number>();
    for (const row of newest().values()) counts.set(row.municipality, (counts.get(row.municipality) ?? 0) + 1);
    for (const m of municipalities.values()) {
      expect(counts.get(m.code), m.code).toBe(Math.max(1, Math.round(m.dwellings * SCALE)));
    }
    expect(newest().size).toBeGreaterThan(8_100_000 * SCALE * 0.99);
  });

  it('keeps every address with the same id and fields in later releases and adds a few % a year', () => {
    for (let r = 0; r + 1 < releases.length; r++) {
      const changed = [...releases[r].values()].filter((row) => releases[r + 1].get(row.id)?.identity !== row.identity);
      expect(changed.map((row) => row.id)).toEqual([]);
      const growth = releases[r + 1].size / releases[r].size - 1;
      expect(growth).toBeGreaterThan(0.005);
      expect(growth).toBeLessThan(0.04);
    }
  });

  it('uses BAG-like 16-digit ids with the municipality number, and unique Dutch-style addresses', () => {
    const rows = [...newest().values()];
    const bad = rows.filter(
      (row) =>
        !/^\d{4}20\d{10}$/.test(row.id) ||
        row.id.slice(0, 4) !== row.municipality.slice(2) ||
        !/^[1-9]\d{3}[A-EGHJ-NPRSTVWXZ]{2}$/.test(row.postcode) ||
        /S[ADS]$/.test(row.postcode) ||
        !(Number(row.houseNumber) > 0) ||
        row.street === '' ||
        row.city === '',
    );
    expect(bad.map((row) => row.identity)).toEqual([]);
    const keys = new Set(rows.map((row) => `${row.postcode} ${row.houseNumber}${row.letter}-${row.suffix}`));
    expect(keys.size).toBe(rows.length);
    expect(rows.filter((r) => r.letter !== '').length / rows.length).toBeGreaterThan(0.01);
    expect(rows.filter((r) => r.suffix !== '').length / rows.length).toBeGreaterThan(0.005);
  });

  it('places every sampled address inside its own municipality', () => {
    const rows = [...newest().values()].filter((_, i) => i % 20 === 0);
    const outside = rows.filter((r) => !booleanPointInPolygon([r.lon, r.lat], municipalities.get(r.municipality)!.geometry));
    expect(outside.map((r) => r.id)).toEqual([]);
  });
});

describe('demo offers', () => {
  it('names only fictional providers', () => {
    const real =
      /kpn|ziggo|vodafone|delta|odido|t-mobile|glaspoort|open dutch|kabelnoord|rodin|glasdraad|caiway|starlink|greenet|tele2|budget/i;
    const providers = new Set(releases.flatMap((rows) => [...rows.values()].flatMap((r) => r.offers.map((o) => o.provider))));
    for (const p of providers) {
      expect(FICTIONAL_PROVIDERS).toContain(p);
      expect(p).not.toMatch(real);
    }
    expect(providers.size).toBeGreaterThanOrEqual(6);
  });

  it('uses the technology vocabulary with the speeds each technology offers', () => {
    const seen = new Set<string>();
    const wrong: string[] = [];
    const allowed: Record<string, (down: number, up: number) => boolean> = {
      FTTH: (down, up) => down >= 1000 && up === down,
      'DOCSIS3.1': (down, up) => down === 1000 && up === 50,
      'DOCSIS3.0': (down) => down >= 100 && down < 1000,
      VDSL: (down) => down >= 50 && down <= 200,
      ADSL: (down) => down <= 24,
      FWA: (down) => down < 100,
      SATELLITE: (down) => down >= 50 && down <= 300,
    };
    for (const rows of releases) {
      for (const row of rows.values()) {
        for (const o of row.offers) {
          seen.add(o.technology);
          if (!(TECHNOLOGIES as readonly string[]).includes(o.technology) || !allowed[o.technology]?.(o.down, o.up)) {
            wrong.push(`${row.id} ${o.technology} ${o.down}/${o.up}`);
          }
        }
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect([...seen].sort()).toEqual(['ADSL', 'DOCSIS3.0', 'DOCSIS3.1', 'FTTH', 'FWA', 'SATELLITE', 'VDSL']);
    expect([...newest().values()].some((r) => r.offers.length === 0)).toBe(true);
    expect([...newest().values()].some((r) => r.bestDown > 1000)).toBe(true);
  });

  it('progresses from about 90 % to about 99 % gigabit, and a covered address stays covered', () => {
    const shares = releases.map((rows) => uncovered(rows).length / rows.size);
    expect(shares[0]).toBeGreaterThan(0.07);
    expect(shares[0]).toBeLessThan(0.13);
    for (let r = 1; r < shares.length; r++) expect(shares[r]).toBeLessThan(shares[r - 1]);
    for (let r = 0; r + 1 < releases.length; r++) {
      const lost = [...releases[r].values()].filter((row) => row.bestDown >= 1000 && releases[r + 1].get(row.id)!.bestDown < 1000);
      expect(lost.map((row) => row.id)).toEqual([]);
    }
  });

  it('leaves about 1 % without gigabit in the newest release', () => {
    const share = uncovered(newest()).length / newest().size;
    expect(share).toBeGreaterThan(0.008);
    expect(share).toBeLessThan(0.012);
  });
});

describe('the remaining gap in the newest release', () => {
  const shareWhere = (rows: DemoRow[], pick: (m: Municipality) => boolean) =>
    rows.filter((r) => pick(municipalities.get(r.municipality)!)).length / rows.length;

  it('sits mostly in low-density municipalities, far above a uniform spread', () => {
    const rural = (m: Municipality) => m.urbanity >= 4;
    const expected = shareWhere([...newest().values()], rural);
    const actual = shareWhere(uncovered(newest()), rural);
    expect(actual).toBeGreaterThan(0.75);
    expect(actual).toBeGreaterThan(2.5 * expected);
  });

  it('sits mostly in the lagging regions, far above a uniform spread', () => {
    const lagging = (m: Municipality) => LAGGING_REGIONS.some((r) => r.provinceCode === m.provinceCode);
    const expected = shareWhere([...newest().values()], lagging);
    expect(shareWhere(uncovered(newest()), lagging)).toBeGreaterThan(2 * expected);
  });

  it('forms groups: uncovered neighbours are much closer than for the same number of random addresses', () => {
    const byMunicipality = new Map<string, DemoRow[]>();
    for (const row of newest().values()) byMunicipality.set(row.municipality, [...(byMunicipality.get(row.municipality) ?? []), row]);
    const gaps: number[] = [];
    const randoms: number[] = [];
    const random = seededRandom(12345);
    for (const rows of byMunicipality.values()) {
      const stuck = rows.filter((r) => r.bestDown < 1000);
      if (stuck.length < 5) continue;
      const sample = rows
        .map((r) => [random(), r] as const)
        .sort((a, b) => a[0] - b[0])
        .slice(0, stuck.length)
        .map(([, r]) => r);
      gaps.push(medianNearest(stuck));
      randoms.push(medianNearest(sample));
    }
    expect(gaps.length).toBeGreaterThan(10);
    expect(median(gaps)).toBeLessThan(0.5 * median(randoms));
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median distance (degrees, latitude-corrected) from each point to its nearest other point. */
function medianNearest(rows: DemoRow[]): number {
  return median(rows.map((a) => Math.min(...rows.filter((b) => b !== a).map((b) => Math.hypot((a.lon - b.lon) * 0.62, a.lat - b.lat)))));
}
