// Writes the US demo as the FCC publishes fixed availability: one CSV per release, state and
// technology (`bdc_06_Cable_fixed_broadband_J24_10dec2024.csv`), the BDC header, one row per
// provider × technology × location, RFC 4180 quoting (brand names hold commas and quotes). The
// bigger technologies are zipped, as the FCC ships them; the others stay plain CSV. Streaming: rows
// go out in ~1 MiB chunks, and a file is zipped once it is complete.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { zipSync } from 'fflate';
import { BDC_COLUMNS } from '../import/bdc.ts';
import type { UsAreas } from './us-areas.ts';
import type { UsDemoRelease } from './us-calibration.ts';
import { placeLocations } from './us-locations.ts';
import { countyMarket, offersAt, reaches } from './us-offers.ts';
import { US_TECHNOLOGY_FILES, type UsTechnologyCode } from './us-providers.ts';

const CHUNK_CHARS = 1 << 20;
/** Technologies whose files are zipped (the others are written as plain CSV). */
const ZIPPED: ReadonlySet<UsTechnologyCode> = new Set([10, 40, 50, 60, 61]);

export interface UsReleaseFiles {
  release: string;
  files: string[];
  rows: number;
  /** Locations with at least one offer (the BDC lists no others). */
  locations: number;
  /** Of them, those with an offer of at least 100/20 Mbit/s (the FCC's "served"). */
  served: number;
}

export interface UsGenerateProgress {
  counties: number;
  countiesDone: number;
  rows: number;
}

/** The FCC's name of a fixed availability file, without its extension. */
export function bdcFileStem(state: string, technology: string, release: UsDemoRelease): string {
  return `bdc_${state}_${technology}_fixed_broadband_${release.label}_${release.published}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV file being written: text gathered in a string and written when it reaches a chunk. */
class BdcOutput {
  private fd: number;
  private pending = '';
  rows = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
    this.pending = `${BDC_COLUMNS.join(',')}\n`;
  }

  row(line: string): void {
    this.pending += `${line}\n`;
    this.rows++;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
  }

  flush(): void {
    writeSync(this.fd, this.pending);
    this.pending = '';
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** Replaces a CSV file by a zip archive holding it, as the FCC ships its files; dated `mtime`, so the bytes are the same on every run. */
function zipFile(path: string, mtime: Date): string {
  const zipPath = path.replace(/\.csv$/, '.zip');
  writeFileSync(zipPath, zipSync({ [basename(path)]: readFileSync(path) }, { level: 6, mtime }));
  rmSync(path);
  return zipPath;
}

/**
 * Writes every release's files into `dir` in one pass over the counties (each county's locations
 * are drawn once). Files without rows are not written. The bytes depend only on the states, scale,
 * seed and releases.
 */
export function writeUsBdcFiles(
  dir: string,
  areas: UsAreas,
  releases: readonly UsDemoRelease[],
  options: { scale: number; seed: number; onProgress?: (p: UsGenerateProgress) => void },
): UsReleaseFiles[] {
  const outputs = new Map<string, BdcOutput>();
  const output = (r: number, state: string, technology: UsTechnologyCode) => {
    const id = `${r}/${state}/${technology}`;
    let out = outputs.get(id);
    if (!out) {
      const name = US_TECHNOLOGY_FILES[technology];
      out = new BdcOutput(join(dir, `${bdcFileStem(state, name, releases[r])}.csv`));
      outputs.set(id, out);
    }
    return out;
  };
  const stats = releases.map((r) => ({ release: r.label, files: [] as string[], rows: 0, locations: 0, served: 0 }));
  const usps = new Map(areas.states.map((s) => [s.code, s.usps]));
  const counties = placeLocations(areas.counties, options.scale, options.seed);
  try {
    let rows = 0;
    for (const [c, { county, weight, locations }] of counties.entries()) {
      const market = countyMarket(county.code, weight);
      const state = usps.get(county.stateCode)!;
      for (const location of locations) {
        for (let r = 0; r < releases.length; r++) {
          const offers = offersAt(location, market, r);
          if (offers.length === 0) continue;
          stats[r].locations++;
          if (reaches(offers, 100, 20)) stats[r].served++;
          for (const o of offers) {
            const p = o.provider;
            const fields = [p.frn, p.providerId, csvField(p.brand), location.id, String(p.technology), String(o.down), String(o.up)];
            fields.push(String(o.lowLatency), location.brc, state, location.block, location.cell);
            output(r, county.stateCode, p.technology).row(fields.join(','));
          }
          stats[r].rows += offers.length;
          rows += offers.length;
        }
      }
      options.onProgress?.({ counties: counties.length, countiesDone: c + 1, rows });
    }
  } finally {
    for (const out of outputs.values()) out.close();
  }
  for (const [id, out] of [...outputs].sort((a, b) => a[1].path.localeCompare(b[1].path))) {
    const [r, , technology] = id.split('/').map(Number);
    const mtime = new Date(`${releases[r].asOf}T12:00:00Z`);
    stats[r].files.push(ZIPPED.has(technology as UsTechnologyCode) ? zipFile(out.path, mtime) : out.path);
  }
  return stats;
}
