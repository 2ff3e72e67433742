// The US demo (`atlas demo --country us`) at a tiny scale, against a brute-force count over the BDC
// files it wrote: the files are named and shaped as the FCC's, every technology code occurs, brand
// names with commas and quotes survive, and the real server answers per county, at every FCC tier
// (served = 100/20), what the files hold. Also: the FCC tiers are stored before the import, the
// same seed gives the same bytes, and the CLI flags.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOffers } from '../../common/offers.ts';
import { BDC_COLUMNS, BDC_TECHNOLOGIES } from '../../pipeline/import/bdc.ts';
import { buildUsDemo, US_DEFINITIONS, type UsDemoSummary } from '../../pipeline/demo/us-build.ts';
import { US_PROVIDERS } from '../../pipeline/demo/us-providers.ts';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/temp-db.ts';

const SCALE = 0.005;
const SEED = 7;
const dir = tempDir();
const db = join(dir, 'us.sqlite');
const filesDir = join(dir, 'files');
let summary: UsDemoSummary;
let server: TestServer;

beforeAll(async () => {
  summary = buildUsDemo({ db, scale: SCALE, seed: SEED, filesDir });
  server = await startTestServer(db);
}, 120_000);
afterAll(() => server?.stop());

/** RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks); written here, not the import's reader. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted || (ch !== ',' && ch !== '\n' && ch !== '\r')) {
      field += ch;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n') {
      endField();
      records.push(record);
      record = [];
    }
  }
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

type BdcRecord = Record<(typeof BDC_COLUMNS)[number], string>;

/** Every row of a release's files, read back from disk (zips unpacked). */
function readRelease(release: string): BdcRecord[] {
  return summary.releases
    .find((r) => r.release === release)!
    .files.flatMap((file) => {
      const bytes = readFileSync(file);
      const texts = file.endsWith('.zip')
        ? Object.values(unzipSync(bytes)).map((b) => Buffer.from(b).toString('utf8'))
        : [bytes.toString('utf8')];
      return texts.flatMap((text) => {
        const [header, ...rows] = parseCsv(text);
        expect(header, file).toEqual([...BDC_COLUMNS]);
        return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])) as BdcRecord);
      });
    });
}

/** Per county: locations, and those with an offer of at least down/up (any one offer). */
function bruteForce(rows: BdcRecord[], down: number, up: number): Record<string, { addresses: number; covered: number }> {
  const locations = new Map<string, { county: string; covered: boolean }>();
  for (const r of rows) {
    const l = locations.get(r.location_id) ?? { county: r.block_geoid.slice(0, 5), covered: false };
    expect(l.county, r.location_id).toBe(r.block_geoid.slice(0, 5));
    l.covered ||= Number(r.max_advertised_download_speed) >= down && Number(r.max_advertised_upload_speed) >= up;
    locations.set(r.location_id, l);
  }
  const counts: Record<string, { addresses: number; covered: number }> = {};
  for (const { county, covered } of locations.values()) {
    counts[county] ??= { addresses: 0, covered: 0 };
    counts[county].addresses++;
    if (covered) counts[county].covered++;
  }
  return counts;
}

async function countiesFromApi(release: string, query: string) {
  const body = await server.json(`/api/v1/areas?level=county&release=${release}&${query}`);
  return Object.fromEntries(
    (body.areas as { code: string; addresses: number; covered: number }[])
      .filter((a) => a.addresses > 0)
      .map((a) => [a.code, { addresses: a.addresses, covered: a.covered }]),
  );
}

describe('the US demo', () => {
  it('writes one BDC file per release, state and technology, named as the FCC names them, some zipped', () => {
    const names = readdirSync(filesDir).sort();
    expect(names).toEqual(summary.releases.flatMap((r) => r.files.map((f) => basename(f))).sort());
    for (const name of names) expect(name).toMatch(/^bdc_(06|41)_[A-Za-z]+_fixed_broadband_J2[34]_\d{1,2}[a-z]{3}\d{4}\.(zip|csv)$/);
    expect(names).toContain('bdc_06_Cable_fixed_broadband_J24_10dec2024.zip');
    expect(names.some((n) => n.endsWith('.csv'))).toBe(true);
    expect(names.some((n) => n.endsWith('.zip'))).toBe(true);
    const perRelease = (label: string) => names.filter((n) => n.includes(`_${label}_`)).map((n) => n.split('_').slice(1, 3).join('_'));
    expect(new Set(perRelease('J24')).size).toBe(perRelease('J24').length);
  });

  it('uses every FCC technology code, GEOIDs of the county with leading zeros, and fictional brand names with commas and quotes', () => {
    const rows = readRelease('J24');
    expect(new Set(rows.map((r) => r.technology))).toEqual(new Set(['0', '10', '40', '50', '60', '61', '70', '71', '72']));
    for (const r of rows) {
      expect(r.block_geoid).toMatch(/^(06|41)\d{13}$/);
      expect(r.state_usps).toBe(r.block_geoid.startsWith('06') ? 'CA' : 'OR');
      expect(r.location_id).toMatch(/^\d{10}$/);
    }
    const brands = new Set(rows.map((r) => r.brand_name));
    expect([...brands].every((b) => US_PROVIDERS.some((p) => p.brand === b))).toBe(true);
    expect([...brands].some((b) => b.includes(',') && b.includes('"'))).toBe(true);
    // The database holds each code in its vocabulary word and the brand names intact.
    const sqlite = new Database(db, { readonly: true });
    const offers = (
      sqlite
        .prepare(`SELECT a.offers FROM addresses a JOIN releases r ON r.id = a.release_id WHERE r.label = 'J24'`)
        .pluck()
        .all() as string[]
    ).flatMap(decodeOffers);
    sqlite.close();
    expect(new Set(offers.map((o) => o.technology))).toEqual(new Set(BDC_TECHNOLOGIES.values()));
    expect(new Set(offers.map((o) => o.provider))).toEqual(brands);
  });

  it('imports every row of both releases as synthetic, with the FCC tiers stored before', async () => {
    for (const r of summary.releases) {
      expect(r.import).toMatchObject({
        input_format: 'fcc-bdc',
        rows_read: r.rows,
        rows_accepted: r.rows,
        rows_rejected: 0,
        synthetic: true,
      });
      // The import counts its summary at the goal, 100/20: what the generator counted as served.
      expect([r.import.addresses, r.import.covered]).toEqual([r.locations, r.served]);
    }
    const { releases } = await server.json('/api/v1/releases');
    expect(releases.map((r: { label: string; synthetic: boolean }) => [r.label, r.synthetic])).toEqual([
      ['J23', true],
      ['J24', true],
    ]);
    const meta = await server.json('/api/v1/meta');
    expect(meta.definitions).toMatchObject({ ...US_DEFINITIONS, stored: true });
    expect(meta.levels).toEqual(['county', 'state']);
    expect(meta.synthetic).toBe(true);
  });

  it('has the real counties of California and Oregon, under their states', async () => {
    const counties = await server.json('/api/v1/areas?level=county');
    expect(counties.areas).toHaveLength(58 + 36);
    expect(counties.areas.find((a: { code: string }) => a.code === '06037')).toMatchObject({ name: 'Los Angeles', parent_code: '06' });
    expect(counties.areas.find((a: { code: string }) => a.code === '41051')).toMatchObject({ name: 'Multnomah', parent_code: '41' });
    const states = await server.json('/api/v1/areas?level=state');
    expect(states.areas.map((a: { name: string }) => a.name).sort()).toEqual(['California', 'Oregon']);
  });

  it('answers per county what a brute-force count over the files gives, in both releases', async () => {
    for (const release of ['J23', 'J24']) {
      const rows = readRelease(release);
      expect(Object.keys(bruteForce(rows, 100, 0))).toHaveLength(94);
      // Every tier of the FCC, and download alone.
      for (const [down, up] of [
        [100, 20],
        [25, 3],
        [1000, 100],
        [100, 0],
        [1000, 0],
      ]) {
        const query = up === 0 ? `down=${down}` : `down=${down}&up=${up}`;
        expect(await countiesFromApi(release, query), `${release} ${query}`).toEqual(bruteForce(rows, down, up));
      }
      expect(summary.releases.find((r) => r.release === release)).toMatchObject({
        locations: new Set(rows.map((r) => r.location_id)).size,
        served: Object.values(bruteForce(rows, 100, 20)).reduce((n, c) => n + c.covered, 0),
      });
    }
  });

  it('compares the two releases', async () => {
    const changes = await server.json('/api/v1/changes?from=J23&to=J24&down=100');
    expect(changes).toMatchObject({ from: 'J23', to: 'J24', synthetic: true });
    expect(changes.addresses_to).toBeGreaterThan(changes.addresses_from);
  });
});

describe('atlas demo --country us', () => {
  const hashes = (path: string) =>
    Object.fromEntries(
      readdirSync(path).map((n) => [
        n,
        createHash('sha256')
          .update(readFileSync(join(path, n)))
          .digest('hex'),
      ]),
    );

  it('gives the same files for the same seed', () => {
    const again = buildUsDemo({ db: join(dir, 'again.sqlite'), scale: SCALE, seed: SEED, filesDir: join(dir, 'again') });
    expect(again.releases.map((r) => r.rows)).toEqual(summary.releases.map((r) => r.rows));
    expect(hashes(join(dir, 'again'))).toEqual(hashes(filesDir));
  }, 60_000);

  it('builds one state from the CLI and refuses flags it does not take', async () => {
    const out = join(dir, 'cli.sqlite');
    const run = await runAtlas('demo', '--country', 'us', '--states', '41', '--scale', '0.002', '--db', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/US demo database .*: 36 counties in Oregon \(OR\)/);
    expect(run.stdout).toMatch(/J24 \(as of 2024-06-30\): \d+ BDC files/);
    const served = await startTestServer(out);
    try {
      expect((await served.json('/api/v1/areas?level=state')).areas.map((a: { code: string }) => a.code)).toEqual(['41']);
    } finally {
      await served.stop();
    }
    for (const args of [['--states', '99'], ['--states', '6'], ['--serve'], ['--in-place']]) {
      const bad = await runAtlas('demo', '--country', 'us', '--db', join(dir, 'never.sqlite'), ...args);
      expect(bad.code, args.join(' ')).toBe(2);
    }
    expect((await runAtlas('demo', '--states', '06', '--db', join(dir, 'never.sqlite'))).code).toBe(2);
    expect((await runAtlas('demo', '--country', 'de', '--db', join(dir, 'never.sqlite'))).code).toBe(2);
  }, 60_000);

  it('refuses a bad up tier with a 400 naming it', async () => {
    await expectError(await server.get('/api/v1/areas?level=county&down=100&up=7'), 400, 'up');
  });
});
