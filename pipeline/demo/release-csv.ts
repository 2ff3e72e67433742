// Writes demo releases as connection CSV files in the documented input format, streaming: one
// municipality's addresses are in memory at a time, and rows go out in ~1 MiB chunks.
import { open, type FileHandle } from 'node:fs/promises';
import { buildAddresses } from './addresses.ts';
import { DEMO_RELEASES } from './calibration.ts';
import { isGigabit, offersAt, planCoverage } from './coverage.ts';
import { planWorld } from './plan.ts';

export const CSV_HEADER =
  'address_id,postcode,house_number,house_letter,house_number_suffix,street,city,municipality_code,lon,lat,' +
  'provider,technology,max_down_mbps,max_up_mbps';

const NO_OFFER = ',,,';
const CHUNK_BYTES = 1 << 20;

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

/** One output file: rows are encoded straight into a reused buffer, written when it fills up. */
class CsvOutput {
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  readonly stats: ReleaseCsvStats;

  constructor(
    readonly file: FileHandle,
    readonly releaseAt: number,
    path: string,
  ) {
    this.stats = { release: DEMO_RELEASES[releaseAt].label, path, rows: 0, addresses: 0, covered: 0, uncovered: 0 };
    this.used = this.buffer.write(`${CSV_HEADER}\n`, 0, 'utf8');
  }

  /** Whether a row of this many UTF-16 units surely fits (UTF-8 needs at most 3 bytes per unit). */
  fits(chars: number): boolean {
    return this.used + 3 * chars + 1 <= CHUNK_BYTES;
  }

  /** Appends one row made of two parts; call fits() first. */
  row(head: string, tail: string): void {
    this.used += this.buffer.write(head, this.used, 'utf8');
    this.used += this.buffer.write(tail, this.used, 'utf8');
    this.buffer[this.used++] = 0x0a;
    this.stats.rows++;
  }

  async flush(): Promise<void> {
    if (this.used > 0) await this.file.write(this.buffer, 0, this.used);
    this.used = 0;
  }
}

/**
 * Writes several releases in one pass over the demo world (each municipality is built once).
 * The bytes depend only on the release, scale, seed and reference data.
 */
export async function writeReleaseCsvs(
  targets: ReadonlyArray<{ path: string; release: string }>,
  options: DemoOptions & { onProgress?: (p: GenerateProgress) => void },
): Promise<ReleaseCsvStats[]> {
  const releases = targets.map((t) => releaseIndex(t.release));
  const plans = planWorld(options);
  const outputs: CsvOutput[] = [];
  try {
    for (const [i, t] of targets.entries()) outputs.push(new CsvOutput(await open(t.path, 'w'), releases[i], t.path));
    let rows = 0;
    for (const [m, plan] of plans.entries()) {
      const addresses = buildAddresses(plan);
      const coverage = planCoverage(addresses, plan, options.seed);
      for (const out of outputs) {
        const r = out.releaseAt;
        for (let i = 0; i < addresses.length; i++) {
          const a = addresses[i];
          if (a.born > r) continue;
          const offers = offersAt(a, coverage[i], r);
          if (offers.length === 0) offers.push(NO_OFFER);
          for (const tail of offers) {
            if (!out.fits(a.csvPrefix.length + tail.length)) await out.flush();
            out.row(a.csvPrefix, tail);
          }
          out.stats.addresses++;
          if (isGigabit(coverage[i], r)) out.stats.covered++;
          else out.stats.uncovered++;
          rows += offers.length;
        }
      }
      options.onProgress?.({ municipalities: plans.length, municipalitiesDone: m + 1, rows });
    }
    for (const out of outputs) await out.flush();
  } finally {
    await Promise.all(outputs.map((o) => o.file.close()));
  }
  return outputs.map((o) => o.stats);
}

/** Writes one demo release (a DEMO_RELEASES label) as a connection CSV file. */
export async function writeReleaseCsv(
  path: string,
  options: DemoOptions & { release: string; onProgress?: (p: GenerateProgress) => void },
): Promise<ReleaseCsvStats> {
  const [stats] = await writeReleaseCsvs([{ path, release: options.release }], options);
  return stats;
}
