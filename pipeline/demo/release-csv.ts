// Writes demo releases as connection CSV files in the documented input format, streaming: one
// municipality's addresses are in memory at a time, and rows go out in ~1 MiB chunks. The same
// generation feeds other receivers too (register-files.ts writes the files real data comes as).
import { buildAddresses, csvPrefix, type DemoAddress } from './addresses.ts';
import { DEMO_RELEASES } from './calibration.ts';
import { isGigabit, offersAt, planCoverage } from './coverage.ts';
import { LineFile } from './line-file.ts';
import { planWorld } from './plan.ts';

export const CSV_HEADER =
  'address_id,postcode,house_number,house_letter,house_number_suffix,street,city,municipality_code,lon,lat,' +
  'provider,technology,max_down_mbps,max_up_mbps';

export interface DemoOptions {
  scale: number;
  seed: number;
  /** Directory of the reference files (default: the repository's data/). */
  dataDir?: string;
}

export interface GenerateProgress {
  municipalities: number;
  municipalitiesDone: number;
  rows: number;
}

export interface ReleaseCsvStats {
  release: string;
  path: string;
  rows: number;
  addresses: number;
  covered: number;
  uncovered: number;
}

/** Index in DEMO_RELEASES of a release label, or an error naming the allowed labels. */
export function releaseIndex(label: string): number {
  const index = DEMO_RELEASES.findIndex((r) => r.label === label);
  if (index < 0) {
    throw new Error(`unknown demo release '${label}'; use one of ${DEMO_RELEASES.map((r) => r.label).join(', ')}.`);
  }
  return index;
}

/**
 * Receives one release's rows as they are generated: each address once, with its offers (NO_OFFER
 * for none). The offers array is reused for the next address: read it, do not keep it.
 */
export interface ReleaseRows {
  address(a: DemoAddress, offers: readonly string[]): void;
}

/** The offers tail of a row without an offer: empty provider, technology and speeds. */
export const NO_OFFER = ',,,';

/** One release CSV file. */
class CsvOutput extends LineFile implements ReleaseRows {
  constructor(path: string) {
    super(path, CSV_HEADER);
  }

  address(a: DemoAddress, offers: readonly string[]): void {
    const prefix = csvPrefix(a);
    for (const tail of offers) this.line(prefix, tail);
  }
}

/** What was generated for one release. */
export type ReleaseCounts = Omit<ReleaseCsvStats, 'path'>;

/**
 * Generates several releases in one pass over the demo world (each municipality is built once),
 * handing each release's rows to its receiver. The rows depend only on the release, scale, seed
 * and reference data.
 */
export function generateReleases(
  targets: ReadonlyArray<{ release: string; rows: ReleaseRows }>,
  options: DemoOptions & { onProgress?: (p: GenerateProgress) => void },
): ReleaseCounts[] {
  const releases = targets.map((t) => releaseIndex(t.release));
  const counts = targets.map((t) => ({ release: t.release, rows: 0, addresses: 0, covered: 0, uncovered: 0 }));
  const plans = planWorld(options);
  let rows = 0;
  const offers: string[] = [];
  for (const [m, plan] of plans.entries()) {
    const addresses = buildAddresses(plan);
    const coverage = planCoverage(addresses, plan, options.seed);
    for (const [t, target] of targets.entries()) {
      const r = releases[t];
      const count = counts[t];
      for (let i = 0; i < addresses.length; i++) {
        const a = addresses[i];
        if (a.born > r) continue;
        offersAt(a, coverage[i], r, offers);
        if (offers.length === 0) offers.push(NO_OFFER);
        target.rows.address(a, offers);
        count.rows += offers.length;
        count.addresses++;
        if (isGigabit(coverage[i], r)) count.covered++;
        else count.uncovered++;
        rows += offers.length;
      }
    }
    options.onProgress?.({ municipalities: plans.length, municipalitiesDone: m + 1, rows });
  }
  return counts;
}

/** Writes several releases as connection CSV files, in one pass over the demo world. */
export async function writeReleaseCsvs(
  targets: ReadonlyArray<{ path: string; release: string }>,
  options: DemoOptions & { onProgress?: (p: GenerateProgress) => void },
): Promise<ReleaseCsvStats[]> {
  for (const t of targets) releaseIndex(t.release);
  const outputs: CsvOutput[] = [];
  try {
    for (const t of targets) outputs.push(new CsvOutput(t.path));
    const counts = generateReleases(
      targets.map((t, i) => ({ release: t.release, rows: outputs[i] })),
      options,
    );
    return counts.map((c, i) => ({ ...c, path: targets[i].path }));
  } finally {
    for (const o of outputs) o.close();
  }
}

/** Writes one demo release (a DEMO_RELEASES label) as a connection CSV file. */
export async function writeReleaseCsv(
  path: string,
  options: DemoOptions & { release: string; onProgress?: (p: GenerateProgress) => void },
): Promise<ReleaseCsvStats> {
  const [stats] = await writeReleaseCsvs([{ path, release: options.release }], options);
  return stats;
}
