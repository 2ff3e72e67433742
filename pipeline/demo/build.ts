// buildDemo: the embedded demo database. Real boundaries from data/, then every synthetic release
// generated, written as the files real data comes as (an NLExtract-format address register and
// per-operator coverage lists, register-files.ts) and loaded the way a real user does: atlas
// register + atlas import --register. Marked synthetic.
// Built under a temporary name and renamed at the end, so an interrupted build never leaves a
// half database where `atlas demo --if-missing` would take it for a finished one.
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { closeWritable, openWritable } from '../../common/schema.ts';
import type { ImportSummary } from '../../common/types.ts';
import { loadBoundaries } from '../boundaries/index.ts';
import { importRelease, type ImportProgress } from '../import/index.ts';
import { DEMO_RELEASES } from './calibration.ts';
import { DATA_DIR, REFERENCE_FILES } from './reference.ts';
import { writeReleaseCsvs, type GenerateProgress } from './release-csv.ts';
import { loadRegister } from '../register/index.ts';
import type { RegisterSummary } from '../../common/types.ts';
import { writeRegisterFiles } from './register-files.ts';

export const DEFAULT_DEMO_DB = join(DATA_DIR, 'atlas.sqlite');
export const DEFAULT_DEMO_SCALE = 0.1;
export const DEFAULT_DEMO_SEED = 2024;

export type DemoProgress =
  | { step: 'boundaries'; message: string }
  | { step: 'generate'; message: string; progress: GenerateProgress }
  | { step: 'register' | 'import'; message: string; release: string; progress: ImportProgress };

export interface BuildDemoOptions {
  /** Path of the database to (re)build. */
  db?: string;
  scale?: number;
  seed?: number;
  dataDir?: string;
  /** Directory for the temporary release CSVs (default: the system temp dir). */
  tmpDir?: string;
  onProgress?: (p: DemoProgress) => void;
}

export interface DemoSummary {
  db: string;
  scale: number;
  seed: number;
  municipalities: number;
  provinces: number;
  registers: RegisterSummary[];
  releases: ImportSummary[];
  seconds: number;
}

/** The demo register of a release: one BAG version per release date, as the BAG is published. */
export function demoRegisterLabel(release: string): string {
  return `demo-bag-${release}`;
}

/** Municipality code -> name, and -> its province's name, from the loaded boundaries. */
function areaNames(db: Database.Database): { names: Map<string, string>; provinces: Map<string, string> } {
  const rows = db
    .prepare(`SELECT m.code, m.name, p.name AS province FROM areas m LEFT JOIN areas p ON p.code = m.parent_code
    WHERE m.level = 'municipality'`)
    .all() as { code: string; name: string; province: string | null }[];
  return { names: new Map(rows.map((r) => [r.code, r.name])), provinces: new Map(rows.map((r) => [r.code, r.province ?? ''])) };
}

/** The boundary levels of the demo: provinces are the parents of the municipalities. */
function loadDemoBoundaries(db: Database.Database, dataDir: string): { municipalities: number; provinces: number } {
  const provinces = loadBoundaries(db, {
    file: join(dataDir, REFERENCE_FILES.provinces),
    level: 'province',
    codeField: 'provinciecode',
    nameField: 'provincienaam',
  });
  const municipalities = loadBoundaries(db, {
    file: join(dataDir, REFERENCE_FILES.municipalities),
    level: 'municipality',
    codeField: 'gemeentecode',
    nameField: 'gemeentenaam',
    parentField: 'provinciecode',
  });
  return { municipalities: municipalities.areas, provinces: provinces.areas };
}

/** Whether a finished database is at `path`: it opens and holds at least one release. */
export function hasReleases(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) FROM releases').pluck().get() as number) > 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** Removes a database file with its WAL and shared-memory companions. */
function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

export async function buildDemo(options: BuildDemoOptions = {}): Promise<DemoSummary> {
  const { db: target = DEFAULT_DEMO_DB, scale = DEFAULT_DEMO_SCALE, seed = DEFAULT_DEMO_SEED, dataDir = DATA_DIR, onProgress } = options;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`demo seed must be a non-negative integer, got ${seed}.`);
  const started = performance.now();
  const partial = `${target}.partial`;
  removeDatabase(partial);
  const csvDir = mkdtempSync(join(options.tmpDir ?? tmpdir(), 'atlas-demo-'));
  let db: Database.Database | null = null;
  try {
    db = openWritable(partial);
    onProgress?.({ step: 'boundaries', message: `loading boundaries from ${dataDir}` });
    const areas = loadDemoBoundaries(db, dataDir);

    const targets = DEMO_RELEASES.map((r) => ({ release: r.label, path: join(csvDir, `demo-${r.label}.csv`) }));
    onProgress?.({
      step: 'generate',
      message: `generating ${targets.length} releases at scale ${scale}, seed ${seed}`,
      progress: { municipalities: 0, municipalitiesDone: 0, rows: 0 },
    });
    await writeReleaseCsvs(targets, {
      scale,
      seed,
      dataDir,
      onProgress: (progress) => onProgress?.({ step: 'generate', message: 'generating', progress }),
    });

    const releases: ImportSummary[] = [];
    const registers: RegisterSummary[] = [];
    const { names, provinces } = areaNames(db);
    for (const [i, t] of targets.entries()) {
      const release = DEMO_RELEASES[i];
      const files = writeRegisterFiles(t.path, csvDir, `demo-${release.label}`, names, provinces);
      rmSync(t.path, { force: true });
      const register = demoRegisterLabel(release.label);
      const step = (s: 'register' | 'import', message: string) => (progress: ImportProgress) =>
        onProgress?.({ step: s, message, release: release.label, progress });
      registers.push(
        loadRegister(db, {
          label: register,
          asOf: release.asOf,
          files: [files.register],
          onProgress: step('register', `loading register ${register}`),
        }),
      );
      releases.push(
        importRelease(db, {
          release: release.label,
          asOf: release.asOf,
          files: files.lists,
          synthetic: true,
          register,
          onProgress: step('import', `importing release ${release.label} over ${register}`),
        }),
      );
      for (const file of [files.register, ...files.lists]) rmSync(file, { force: true });
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    closeWritable(db);
    db = null;
    // A stale WAL beside the target would be replayed into the new file: remove it first.
    removeDatabase(target);
    renameSync(partial, target);
    return { db: target, scale, seed, ...areas, registers, releases, seconds: (performance.now() - started) / 1000 };
  } finally {
    db?.close();
    rmSync(csvDir, { recursive: true, force: true });
    if (existsSync(partial)) removeDatabase(partial);
  }
}
