// buildUsDemo: the US demo database (`atlas demo --country us`). The FCC's coverage tiers stored
// first (atlas init), the real us-atlas states and counties of the chosen states loaded, then seeded
// synthetic BDC fixed availability files written and imported through the BDC import path, one
// release per as-of date, marked synthetic. Built under a temporary name and renamed at the end.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeWritable, openWritable } from '../../common/schema.ts';
import type { ImportSummary } from '../../common/types.ts';
import { BDC_TECHNOLOGIES } from '../import/bdc.ts';
import { importRelease, type ImportProgress } from '../import/index.ts';
import { storeDefinitions, type NewDefinitions } from '../init/index.ts';
import { DEFAULT_US_DEMO_DB, DEFAULT_US_DEMO_SCALE, DEFAULT_US_STATES } from './defaults.ts';
import { loadUsAreas, readUsAreas } from './us-areas.ts';
import { writeUsBdcFiles, type UsGenerateProgress, type UsReleaseFiles } from './us-bdc-files.ts';
import { US_DEMO_RELEASES } from './us-calibration.ts';

/** The FCC's tiers: 25/3 underserved, 100/20 served, 1000/100 gigabit; the goal is everyone served by 2030. */
export const US_DEFINITIONS: NewDefinitions = {
  down: [25, 100, 1000],
  up: [3, 20, 100],
  goal: { down: 100, up: 20, year: 2030, covered_pct: 100 },
  technologies: [...new Set(BDC_TECHNOLOGIES.values())],
  tiers: [
    { name: 'underserved', down: 25, up: 3 },
    { name: 'served', down: 100, up: 20 },
    { name: 'gigabit', down: 1000, up: 100 },
  ],
  // Counties at 100/20 spread far below 95 %: wider colour classes than the Dutch default.
  ramp: [50, 80, 90, 95, 99, 100],
};

export type UsDemoProgress =
  | { step: 'boundaries'; message: string }
  | { step: 'generate'; message: string; progress: UsGenerateProgress }
  | { step: 'import'; message: string; release: string; progress: ImportProgress };

export interface BuildUsDemoOptions {
  db?: string;
  /** 2-digit state FIPS codes. */
  states?: readonly string[];
  scale?: number;
  seed: number;
  /** Keep the BDC files in this directory (created if missing); by default they go to a temporary one and are removed. */
  filesDir?: string;
  onProgress?: (p: UsDemoProgress) => void;
}

export interface UsDemoSummary {
  db: string;
  states: { code: string; name: string; usps: string }[];
  counties: number;
  scale: number;
  seed: number;
  /** Per release, oldest first: what was written and what the import made of it. */
  releases: (UsReleaseFiles & { import: ImportSummary })[];
  /** Where the BDC files were kept, or null when they were removed. */
  filesDir: string | null;
  seconds: number;
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

export function buildUsDemo(options: BuildUsDemoOptions): UsDemoSummary {
  const { db: target = DEFAULT_US_DEMO_DB, states = DEFAULT_US_STATES, scale = DEFAULT_US_DEMO_SCALE, seed, onProgress } = options;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`demo seed must be a non-negative integer, got ${seed}.`);
  if (!(scale > 0)) throw new Error(`demo scale must be positive, got ${scale}.`);
  const started = performance.now();
  const areas = readUsAreas(states);
  const filesDir = options.filesDir ?? mkdtempSync(join(tmpdir(), 'atlas-us-demo-'));
  mkdirSync(filesDir, { recursive: true });
  const partial = `${target}.partial`;
  removeDatabase(partial);
  let db: ReturnType<typeof openWritable> | null = null;
  try {
    db = openWritable(partial);
    storeDefinitions(db, US_DEFINITIONS);
    onProgress?.({ step: 'boundaries', message: `loading us-atlas states ${states.join(', ')} and their counties` });
    const loaded = loadUsAreas(db, areas);
    onProgress?.({
      step: 'generate',
      message: `writing BDC files for ${US_DEMO_RELEASES.map((r) => r.label).join(', ')} at scale ${scale}, seed ${seed} into ${filesDir}`,
      progress: { counties: loaded.counties, countiesDone: 0, rows: 0 },
    });
    const written = writeUsBdcFiles(filesDir, areas, US_DEMO_RELEASES, {
      scale,
      seed,
      onProgress: (progress) => onProgress?.({ step: 'generate', message: 'writing', progress }),
    });
    const releases = written.map((files, i) => {
      const release = US_DEMO_RELEASES[i];
      const summary = importRelease(db!, {
        release: release.label,
        asOf: release.asOf,
        files: files.files,
        synthetic: true,
        onProgress: (progress) =>
          onProgress?.({ step: 'import', message: `importing release ${release.label}`, release: release.label, progress }),
      });
      return { ...files, import: summary };
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
    closeWritable(db);
    db = null;
    removeDatabase(target);
    renameSync(partial, target);
    return {
      db: target,
      states: areas.states,
      counties: loaded.counties,
      scale,
      seed,
      releases,
      filesDir: options.filesDir ?? null,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db?.close();
    if (existsSync(partial)) removeDatabase(partial);
    if (!options.filesDir) rmSync(filesDir, { recursive: true, force: true });
  }
}
