// buildDemo: the embedded demo database. Real boundaries from data/, then every synthetic release
// generated, written as the files real data comes as (an NLExtract-format address register and
// per-operator coverage lists, register-files.ts) and loaded the way a real user does: atlas
// register + atlas import --register. Marked synthetic.
// Releases are built newest first, each committed on its own, with those still to come listed in
// pending_releases. By default the build runs under a temporary name and is renamed at the end;
// `inPlace` builds at the target itself, so that a server can show the newest release while the
// older ones are built, and takes up an interrupted in-place build where it stopped. Both give the
// same database: the same statements in the same order.
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { closeWritable, openWritable } from '../../common/schema.ts';
import type { ImportSummary } from '../../common/types.ts';
import { DEFAULT_ATTRIBUTION } from '../../common/attribution.ts';
import { loadBoundaries } from '../boundaries/index.ts';
import { importRelease, type ImportProgress } from '../import/index.ts';
import { DEMO_RELEASES, type DemoRelease } from './calibration.ts';
import { DATA_DIR, REFERENCE_FILES } from './reference.ts';
import { generateReleases, type GenerateProgress } from './release-csv.ts';
import { loadRegister } from '../register/index.ts';
import type { RegisterSummary } from '../../common/types.ts';
import { RegisterFilesWriter, type RegisterFiles } from './register-files.ts';
import { databaseState, readPending } from './database-state.ts';
import { DEFAULT_DEMO_DB, DEFAULT_DEMO_SCALE, DEFAULT_DEMO_SEED } from './defaults.ts';

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
  /**
   * Build at `db` itself instead of under a temporary name: each release is visible once it is
   * committed (newest first), and a database with pending releases is completed rather than rebuilt
   * (with the scale and seed it was started with).
   */
  inPlace?: boolean;
  /** Called after each release is committed, with the labels still to come. */
  onRelease?: (release: string, pending: string[]) => void;
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
    attribution: DEFAULT_ATTRIBUTION,
  });
  const municipalities = loadBoundaries(db, {
    file: join(dataDir, REFERENCE_FILES.municipalities),
    level: 'municipality',
    codeField: 'gemeentecode',
    nameField: 'gemeentenaam',
    parentField: 'provinciecode',
    attribution: DEFAULT_ATTRIBUTION,
  });
  return { municipalities: municipalities.areas, provinces: provinces.areas };
}

/** Removes a database file with its WAL and shared-memory companions. */
function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** The demo releases in build order: newest first, so that the map has its default release soonest. */
export function buildOrder(): DemoRelease[] {
  return [...DEMO_RELEASES].reverse();
}

/** Loads the boundaries and announces every release, in one transaction. */
function startDatabase(db: Database.Database, dataDir: string, scale: number, seed: number): void {
  db.transaction(() => {
    loadDemoBoundaries(db, dataDir);
    const announce = db.prepare('INSERT INTO pending_releases (label, as_of, position, build) VALUES (?, ?, ?, ?)');
    const build = JSON.stringify({ demo: { scale, seed } });
    for (const [i, r] of buildOrder().entries()) announce.run(r.label, r.asOf, i, build);
  })();
}

function levelCount(db: Database.Database, level: string): number {
  return db.prepare('SELECT count(*) FROM areas WHERE level = ?').pluck().get(level) as number;
}

interface BuildContext {
  db: Database.Database;
  scale: number;
  seed: number;
  dataDir: string;
  tmpDir: string;
  onProgress?: (p: DemoProgress) => void;
  onRelease?: (release: string, pending: string[]) => void;
  registers: RegisterSummary[];
  releases: ImportSummary[];
}

/**
 * Generates `group` in one pass over the demo world and loads each release as a register and
 * coverage lists, committing them one by one and crossing each off pending_releases.
 */
async function buildGroup(ctx: BuildContext, group: readonly DemoRelease[], pendingAfter: (label: string) => string[]): Promise<void> {
  const { db, onProgress } = ctx;
  const csvDir = mkdtempSync(join(ctx.tmpDir, 'atlas-demo-'));
  try {
    onProgress?.({
      step: 'generate',
      message: `generating ${group.length === 1 ? `release ${group[0].label}` : `releases ${group.map((r) => r.label).join(', ')}`} at scale ${ctx.scale}, seed ${ctx.seed}`,
      progress: { municipalities: 0, municipalitiesDone: 0, rows: 0 },
    });
    const { names, provinces } = areaNames(db);
    // Generated straight into each release's register and coverage lists, in one pass.
    const writers = group.map((r) => new RegisterFilesWriter(csvDir, `demo-${r.label}`, names, provinces));
    let written: RegisterFiles[];
    try {
      generateReleases(
        group.map((r, i) => ({ release: r.label, rows: writers[i] })),
        {
          scale: ctx.scale,
          seed: ctx.seed,
          dataDir: ctx.dataDir,
          onProgress: (progress) => onProgress?.({ step: 'generate', message: 'generating', progress }),
        },
      );
    } finally {
      written = writers.map((w) => w.close());
    }
    const crossOff = db.prepare('DELETE FROM pending_releases WHERE label = ?');
    for (const [i, release] of group.entries()) {
      const files = written[i];
      const register = demoRegisterLabel(release.label);
      const step = (s: 'register' | 'import', message: string) => (progress: ImportProgress) =>
        onProgress?.({ step: s, message, release: release.label, progress });
      ctx.registers.push(
        loadRegister(db, {
          label: register,
          asOf: release.asOf,
          files: [files.register],
          onProgress: step('register', `loading register ${register}`),
        }),
      );
      ctx.releases.push(
        importRelease(db, {
          release: release.label,
          asOf: release.asOf,
          files: files.lists,
          synthetic: true,
          register,
          onProgress: step('import', `importing release ${release.label} over ${register}`),
        }),
      );
      crossOff.run(release.label);
      for (const file of [files.register, ...files.lists]) rmSync(file, { force: true });
      ctx.onRelease?.(release.label, pendingAfter(release.label));
    }
  } finally {
    rmSync(csvDir, { recursive: true, force: true });
  }
}

/**
 * Builds the releases still pending in `db`: the first on its own (so it is committed as soon as
 * possible), then the others in one pass over the demo world.
 */
async function buildPending(ctx: BuildContext): Promise<void> {
  const built = new Set(ctx.db.prepare('SELECT label FROM releases').pluck().all() as string[]);
  const pending = readPending(ctx.db).map((p) => p.label);
  // A release committed just before an interruption may still be listed.
  for (const label of pending.filter((l) => built.has(l))) ctx.db.prepare('DELETE FROM pending_releases WHERE label = ?').run(label);
  const todo = buildOrder().filter((r) => pending.includes(r.label) && !built.has(r.label));
  const left = (label: string) => todo.slice(todo.findIndex((r) => r.label === label) + 1).map((r) => r.label);
  if (todo.length > 0) await buildGroup(ctx, todo.slice(0, 1), left);
  if (todo.length > 1) await buildGroup(ctx, todo.slice(1), left);
}

export async function buildDemo(options: BuildDemoOptions = {}): Promise<DemoSummary> {
  const { db: target = DEFAULT_DEMO_DB, dataDir = DATA_DIR, onProgress } = options;
  let { scale = DEFAULT_DEMO_SCALE, seed = DEFAULT_DEMO_SEED } = options;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`demo seed must be a non-negative integer, got ${seed}.`);
  const started = performance.now();
  const inPlace = options.inPlace ?? false;
  const state = inPlace ? databaseState(target) : ({ state: 'missing' } as const);
  if (state.state === 'incomplete' && state.build) ({ scale, seed } = state.build);
  const path = inPlace ? target : `${target}.partial`;
  if (state.state === 'missing') removeDatabase(path);
  let db: Database.Database | null = null;
  const ctx = { scale, seed, dataDir, tmpDir: options.tmpDir ?? tmpdir(), onProgress, onRelease: options.onRelease };
  try {
    db = openWritable(path);
    if (state.state === 'missing') {
      onProgress?.({ step: 'boundaries', message: `loading boundaries from ${dataDir}` });
      startDatabase(db, dataDir, scale, seed);
    }
    const registers: RegisterSummary[] = [];
    const releases: ImportSummary[] = [];
    await buildPending({ ...ctx, db, registers, releases });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const areas = { municipalities: levelCount(db, 'municipality'), provinces: levelCount(db, 'province') };
    closeWritable(db);
    db = null;
    if (!inPlace) {
      // A stale WAL beside the target would be replayed into the new file: remove it first.
      removeDatabase(target);
      renameSync(path, target);
    }
    // Reported oldest first, as releases are listed everywhere else.
    const byDate = <T extends { as_of: string | null }>(a: T, b: T) => (a.as_of ?? '').localeCompare(b.as_of ?? '');
    return {
      db: target,
      scale,
      seed,
      ...areas,
      registers: registers.sort(byDate),
      releases: releases.sort(byDate),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db?.close();
    if (!inPlace && existsSync(path)) removeDatabase(path);
  }
}
