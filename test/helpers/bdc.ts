// Synthetic FCC BDC fixed availability files over the real us-atlas counties, with the truth kept
// beside them for brute-force checks: every technology code, GEOIDs with leading zeros, brand
// names with commas and quotes, one county code us-atlas lacks (02063, Chugach, split in 2019 from
// Valdez-Cordova 02261), split into a plain, a gzip and a zip file. Provider names are fictional.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pointOnFeature } from '@turf/turf';
import type Database from 'better-sqlite3';
import { zipSync } from 'fflate';
import { latLngToCell } from 'h3-js';
import { BDC_COLUMNS } from '../../pipeline/import/bdc.ts';
import { openWritable } from '../../common/schema.ts';
import { loadUsAreas, readUsAreas } from '../../pipeline/demo/us-areas.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { seededRandom } from './random.ts';

/** Loads the us-atlas states and, under them, the counties (all of them), as the US demo loads its states'. */
export async function loadUsCounties(db: Database.Database): Promise<void> {
  loadUsAreas(db, readUsAreas());
}

/** The counties the synthetic locations lie in; 02063 is not in us-atlas (its points lie in 02261). */
export const BDC_COUNTIES = ['01001', '01003', '02016', '06037', '09001', '56045', '02063'];
/** Where a location of a county code lies: the code's own county, or for 02063 the area us-atlas has there. */
export const LOCATED_IN: Record<string, string> = { '02063': '02261' };

export const BDC_TECHNOLOGY_CODES = ['0', '10', '40', '50', '60', '61', '70', '71', '72'];
const BRANDS = ['Prairie Fiber', 'Acme, Inc.', 'The "Best" Net', 'Sky, "Orbit" & Co', 'Coastal Cable'];

export interface BdcRow {
  provider_id: string;
  brand_name: string;
  location_id: string;
  technology: string;
  down: number;
  up: number;
  low_latency: 0 | 1;
  brc: 'R' | 'B' | 'X';
  block_geoid: string;
  cell: string;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function bdcLine(r: BdcRow, state = 'XX'): string {
  return [
    '0001234567',
    r.provider_id,
    r.brand_name,
    r.location_id,
    r.technology,
    r.down,
    r.up,
    r.low_latency,
    r.brc,
    state,
    r.block_geoid,
    r.cell,
  ]
    .map(csvField)
    .join(',');
}

/** Rows for `perCounty` locations in each county, 1-3 offers each; every technology code appears. */
export function bdcRows(db: Database.Database, perCounty = 12, seed = 14): BdcRow[] {
  const random = seededRandom(seed);
  const rows: BdcRow[] = [];
  let serial = 0;
  for (const county of BDC_COUNTIES) {
    const area = LOCATED_IN[county] ?? county;
    const geometry = JSON.parse(db.prepare('SELECT geometry FROM areas WHERE code = ?').pluck().get(area) as string);
    const [lon, lat] = pointOnFeature(geometry).geometry.coordinates;
    const cell = latLngToCell(lat, lon, 8);
    for (let i = 0; i < perCounty; i++) {
      // Location ids are numbers as text; block GEOIDs keep the county's leading zero.
      const location_id = String(1_000_000_000 + serial++);
      const block_geoid = `${county}${String(100_000 + Math.floor(random() * 900_000)).padStart(6, '0')}${String(1000 + i).padStart(4, '0')}`;
      const brc = (['R', 'R', 'X', 'B'] as const)[Math.floor(random() * 4)];
      const offers = 1 + Math.floor(random() * 3);
      for (let k = 0; k < offers; k++) {
        const technology = BDC_TECHNOLOGY_CODES[(serial + k * 4) % BDC_TECHNOLOGY_CODES.length];
        const down = [10, 25, 100, 300, 1000, 2000][Math.floor(random() * 6)];
        rows.push({
          provider_id: String(130_000 + k),
          brand_name: BRANDS[(serial + k) % BRANDS.length],
          location_id,
          technology,
          down,
          up: Math.max(1, Math.round(down / [1, 5, 10][Math.floor(random() * 3)])),
          low_latency: technology === '60' ? 0 : 1,
          brc,
          block_geoid,
          cell,
        });
      }
    }
  }
  return rows;
}

/** Writes the rows as three files, split by technology as the FCC does: plain CSV, gzip and zip. */
export function writeBdcFiles(dir: string, rows: BdcRow[], extraLines: string[] = []): string[] {
  const header = BDC_COLUMNS.join(',');
  const part = (codes: string[]) => rows.filter((r) => codes.includes(r.technology)).map((r) => bdcLine(r));
  const plain = join(dir, 'bdc_XX_Copper_Cable_fixed_broadband.csv');
  writeFileSync(plain, `${[header, ...part(['0', '10', '40']), ...extraLines].join('\r\n')}\r\n`);
  const gz = join(dir, 'bdc_XX_Fiber_fixed_broadband.csv.gz');
  writeFileSync(gz, gzipSync(`${[header, ...part(['50'])].join('\n')}\n`));
  const zip = join(dir, 'bdc_XX_Satellite_FixedWireless_fixed_broadband.zip');
  const inner = `${[header, ...part(['60', '61', '70', '71', '72'])].join('\n')}\n`;
  writeFileSync(zip, zipSync({ 'bdc_XX_Satellite_FixedWireless_fixed_broadband.csv': new TextEncoder().encode(inner) }));
  return [plain, gz, zip];
}

/**
 * A US database for level and precision tests: the us-atlas states and counties and one FCC BDC
 * release (`J24`, positions are H3 cell centres) of `perCounty` locations in each of BDC_COUNTIES.
 */
export async function buildUsDb(dir: string, perCounty = 12): Promise<{ path: string; rows: BdcRow[] }> {
  const path = join(dir, 'us.sqlite');
  const db = openWritable(path);
  try {
    await loadUsCounties(db);
    const rows = bdcRows(db, perCounty);
    importRelease(db, { release: 'J24', asOf: '2024-06-30', files: writeBdcFiles(dir, rows) });
    return { path, rows };
  } finally {
    db.close();
  }
}
