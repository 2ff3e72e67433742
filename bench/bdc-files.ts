// Seeded synthetic FCC BDC fixed availability files for bench:bdc, shaped like the FCC's: one file per
// state × technology code, each sorted by location_id, so the rows of a location sit together in a
// file (2 for a second provider of the same technology) and spread over the files of its technologies
// (~2.5 rows a location in all). Locations lie in the real us-atlas counties of the chosen states, in
// towns (a few H3 res-8 cells around a town centre) or scattered; block GEOIDs keep their leading
// zeros; brand names are fictional, some with commas and quotes. Nothing here is real coverage.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type Database from 'better-sqlite3';
import { gridDisk, latLngToCell } from 'h3-js';
import { BDC_COLUMNS } from '../pipeline/import/bdc.ts';
import { bdcLine, type BdcRow, seededRandom } from './lib.ts';

/** A provider of one technology, with the download/upload pairs it advertises. */
interface Provider {
  id: string;
  brand: string;
  speeds: [down: number, up: number][];
}

/** A technology code with its FCC file name part, who offers it, and how often (town, scattered). */
interface TechnologyPlan {
  code: string;
  file: string;
  providers: Provider[];
  town: number;
  scattered: number;
  /** Chance that a second provider of the technology serves a served location too. */
  second: number;
}

const p = (id: string, brand: string, speeds: [number, number][]): Provider => ({ id, brand, speeds });

/** Shares of locations served, by technology, in towns and scattered: ~2.5 rows a location in all. */
const PLAN: TechnologyPlan[] = [
  {
    code: '10',
    file: 'Copper',
    providers: [
      p('130011', 'Old Line Telephone', [
        [10, 1],
        [25, 3],
        [50, 5],
        [100, 10],
      ]),
      p('130012', 'Valley Telco, Inc.', [
        [25, 3],
        [75, 8],
      ]),
    ],
    town: 0.25,
    scattered: 0.45,
    second: 0.05,
  },
  {
    code: '40',
    file: 'Cable',
    providers: [
      p('130021', 'Coastal Cable', [
        [300, 20],
        [1000, 35],
        [2000, 200],
      ]),
      p('130022', 'Summit "Max" Cable', [
        [500, 20],
        [1200, 35],
      ]),
    ],
    town: 0.6,
    scattered: 0.08,
    second: 0.05,
  },
  {
    code: '50',
    file: 'FibertothePremises',
    providers: [
      p('130031', 'Prairie Fiber', [
        [500, 500],
        [1000, 1000],
        [2000, 2000],
      ]),
      p('130032', 'Lightpath, "Fiber" & Co', [
        [1000, 1000],
        [5000, 5000],
      ]),
    ],
    town: 0.4,
    scattered: 0.08,
    second: 0.1,
  },
  {
    code: '60',
    file: 'GSOSatellite',
    providers: [
      p('130041', 'Geo Orbit Net', [
        [25, 3],
        [50, 3],
        [100, 3],
      ]),
      p('130042', 'Skyline Sat, LLC', [
        [25, 3],
        [100, 3],
      ]),
    ],
    town: 0.12,
    scattered: 0.45,
    second: 0.3,
  },
  {
    code: '61',
    file: 'NGSOSatellite',
    providers: [
      p('130051', 'Low Orbit Broadband', [
        [100, 20],
        [220, 25],
      ]),
    ],
    town: 0.78,
    scattered: 0.93,
    second: 0,
  },
  {
    code: '70',
    file: 'UnlicensedFixedWireless',
    providers: [
      p('130061', 'Ridge Wireless', [
        [25, 3],
        [50, 10],
      ]),
      p('130062', 'Mesa "Air" Link', [
        [25, 5],
        [100, 20],
      ]),
    ],
    town: 0.06,
    scattered: 0.25,
    second: 0.2,
  },
  {
    code: '71',
    file: 'LicensedFixedWireless',
    providers: [
      p('130071', 'Canyon Net, LLC', [
        [100, 20],
        [300, 20],
      ]),
    ],
    town: 0.06,
    scattered: 0.12,
    second: 0,
  },
  {
    code: '72',
    file: 'LBRFixedWireless',
    providers: [
      p('130081', 'Tower Five Wireless', [
        [100, 10],
        [300, 30],
        [1000, 100],
      ]),
    ],
    town: 0.03,
    scattered: 0.05,
    second: 0,
  },
  {
    code: '0',
    file: 'Other',
    providers: [
      p('130091', 'Misc. Broadband "Other"', [
        [10, 1],
        [25, 3],
      ]),
    ],
    town: 0.003,
    scattered: 0.01,
    second: 0,
  },
];

/** Share of locations in towns; the rest are scattered over the county. */
const TOWN_SHARE = 0.7;
/** H3 rings around a town centre its locations fill (2: 19 cells, about 14 km²). */
const TOWN_RINGS = 2;
/** Scattered cells drawn per county; scattered locations share them, several to a cell. */
const SCATTERED_CELLS = 400;
const USPS: Record<string, string> = { '06': 'CA', '41': 'OR', '53': 'WA', '32': 'NV', '04': 'AZ', '16': 'ID' };

interface County {
  code: string;
  /** Relative number of locations (seeded log-normal: a few big counties, many small ones). */
  weight: number;
  towns: { cells: string[]; tract: string }[];
  scattered: string[];
}

/** Random points inside the county's polygon (rejection sampling in its bounding box), as res-8 cells. */
function cellsIn(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon, n: number, random: () => number): string[] {
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const outer = rings.flatMap((r) => r[0]);
  const [minLon, maxLon] = [Math.min(...outer.map((c) => c[0])), Math.max(...outer.map((c) => c[0]))];
  const [minLat, maxLat] = [Math.min(...outer.map((c) => c[1])), Math.max(...outer.map((c) => c[1]))];
  const cells: string[] = [];
  for (let tries = 0; cells.length < n && tries < n * 1000; tries++) {
    const lon = minLon + random() * (maxLon - minLon);
    const lat = minLat + random() * (maxLat - minLat);
    if (booleanPointInPolygon([lon, lat], geometry)) cells.push(latLngToCell(lat, lon, 8));
  }
  if (cells.length === 0) throw new Error(`no point found inside county ${rings.length} polygon(s)`);
  return cells;
}

function counties(db: Database.Database, state: string, random: () => number): County[] {
  const rows = db
    .prepare("SELECT code, geometry FROM areas WHERE level = 'county' AND substr(code, 1, 2) = ? ORDER BY code")
    .all(state) as {
    code: string;
    geometry: string;
  }[];
  if (rows.length === 0) throw new Error(`no county of state ${state} is loaded`);
  return rows.map(({ code, geometry }) => {
    const shape = JSON.parse(geometry) as GeoJSON.Polygon | GeoJSON.MultiPolygon;
    const weight = Math.exp(1.2 * (random() + random() + random() - 1.5) * 2);
    const towns = cellsIn(shape, 2 + Math.floor(weight * 4), random).map((centre) => ({
      cells: gridDisk(centre, TOWN_RINGS),
      tract: String(Math.floor(random() * 999_999)).padStart(6, '0'),
    }));
    return { code, weight, towns, scattered: cellsIn(shape, SCATTERED_CELLS, random) };
  });
}

/** Writes many files' lines through buffers of about 1 MiB each. */
class FileSet {
  private readonly fds = new Map<string, number>();
  private readonly buffers = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  readonly paths: string[] = [];

  constructor(private readonly header: string) {}

  add(path: string, line: string): void {
    if (!this.fds.has(path)) {
      this.fds.set(path, openSync(path, 'w'));
      this.buffers.set(path, [this.header]);
      this.sizes.set(path, this.header.length);
      this.paths.push(path);
    }
    this.buffers.get(path)!.push(line);
    const size = this.sizes.get(path)! + line.length;
    this.sizes.set(path, size);
    if (size > 1 << 20) this.flush(path);
  }

  private flush(path: string): void {
    const lines = this.buffers.get(path)!;
    if (lines.length > 0) writeSync(this.fds.get(path)!, `${lines.join('\r\n')}\r\n`);
    this.buffers.set(path, []);
    this.sizes.set(path, 0);
  }

  close(): void {
    for (const [path, fd] of this.fds) {
      this.flush(path);
      closeSync(fd);
    }
  }
}

export interface BdcFiles {
  files: string[];
  rows: number;
  locations: number;
}

/**
 * Writes about `rows` rows over `states` (FIPS codes, counties loaded in `db`), split by state in
 * proportion to `shares`, into `dir` as bdc_<state>_<Technology>_fixed_broadband_J24.csv.
 */
export function writeBdcBenchFiles(
  db: Database.Database,
  dir: string,
  options: { rows: number; seed: number; states: string[]; shares: number[] },
): BdcFiles {
  const random = seededRandom(options.seed);
  const out = new FileSet(BDC_COLUMNS.join(','));
  let rows = 0;
  let locations = 0;
  let locationId = 1_000_000_000;
  options.states.forEach((state, s) => {
    const stateCounties = counties(db, state, random);
    const total = stateCounties.reduce((sum, c) => sum + c.weight, 0);
    const until = rows + Math.round(options.rows * options.shares[s]);
    while (rows < until) {
      let pick = random() * total;
      const county = stateCounties.find((c) => (pick -= c.weight) < 0) ?? stateCounties.at(-1)!;
      const inTown = random() < TOWN_SHARE;
      const town = county.towns[Math.floor(random() * county.towns.length)];
      const cell = inTown
        ? town.cells[Math.floor(random() * town.cells.length)]
        : county.scattered[Math.floor(random() * county.scattered.length)];
      const tract = inTown ? town.tract : String(Math.floor(random() * 999_999)).padStart(6, '0');
      const location = {
        location_id: String(locationId++),
        block_geoid: `${county.code}${tract}${String(1000 + Math.floor(random() * 4000))}`,
        cell,
        brc: (random() < 0.85 ? 'R' : random() < 0.67 ? 'X' : 'B') as BdcRow['brc'],
      };
      let offered = 0;
      for (const plan of PLAN) {
        const forced = offered === 0 && plan.code === '61'; // every location has an offer, satellite at least
        if (!forced && random() >= (inTown ? plan.town : plan.scattered)) continue;
        const first = Math.floor(random() * plan.providers.length);
        const count = plan.providers.length > 1 && random() < plan.second ? 2 : 1;
        for (let k = 0; k < count; k++) {
          const provider = plan.providers[(first + k) % plan.providers.length];
          const [down, up] = provider.speeds[Math.floor(random() * provider.speeds.length)];
          const row: BdcRow = {
            ...location,
            provider_id: provider.id,
            brand_name: provider.brand,
            technology: plan.code,
            down,
            up,
            low_latency: plan.code === '60' ? 0 : 1,
          };
          out.add(join(dir, `bdc_${state}_${plan.file}_fixed_broadband_J24.csv`), bdcLine(row, USPS[state] ?? state));
          rows++;
          offered++;
        }
      }
      locations++;
    }
  });
  out.close();
  return { files: out.paths.sort(), rows, locations };
}
