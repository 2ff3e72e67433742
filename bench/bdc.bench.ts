// FCC BDC import speed against the raw bulk-load floor, measured in the same run on the same seeded
// files (issue 14): BDC-format files over two states (one per state × technology code, as the FCC
// publishes them; bdc-files.ts), (a) the sqlite3 CLI `.import` of all of them into one plain table,
// (b) `atlas import` of them as one release into a database with the us-atlas states and counties
// loaded and the FCC's tiers stored (atlas init, as the US demo does: goal 100/20). Goal: ratio
// (b)/(a) <= 3, as for the NL import. Also peak RSS and the database size.
// Env: BENCH_BDC_ROWS (default 10,000,000), BENCH_BDC_STATES (default 06,41), BENCH_REPS (default 2),
// BENCH_SEED (default 14), BENCH_BDC_DEFINITIONS (fcc, the default, or nl: the Dutch defaults, as the
// runs before 2026-12-01 21:00 had). Files are kept in bench/out/bdc/ for later runs of the same size and seed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { openWritable } from '../common/schema.ts';
import { US_DEFINITIONS } from '../pipeline/demo/us-build.ts';
import { storeDefinitions } from '../pipeline/init/index.ts';
import { writeBdcBenchFiles } from './bdc-files.ts';
import {
  hasCurrentLayout,
  importTable,
  inTurns,
  loadUsCounties,
  logImportRep,
  outDir,
  removeDb,
  repoRoot,
  sizeMiB,
  timed,
  type TimedRun,
  writeTable,
} from './lib.ts';

const OUT = join(outDir, 'bdc');
const ROWS = Number(process.env.BENCH_BDC_ROWS ?? 10_000_000);
const STATES = (process.env.BENCH_BDC_STATES ?? '06,41').split(',');
const REPS = Number(process.env.BENCH_REPS ?? 2);
const SEED = Number(process.env.BENCH_SEED ?? 14);
const RATIO_GOAL = 3;
const DEFINITIONS = process.env.BENCH_BDC_DEFINITIONS ?? 'fcc';
if (DEFINITIONS !== 'fcc' && DEFINITIONS !== 'nl') throw new Error(`BENCH_BDC_DEFINITIONS is fcc or nl, not '${DEFINITIONS}'`);

/** The states' shares of the rows: California about 2.5 times Oregon, as their locations are. */
const shares = STATES.map((_, i) => (i === 0 ? 0.7 : 0.3 / (STATES.length - 1)));

/** The us-atlas states and counties (and the definitions), loaded once into a template the timed imports start from. */
async function boundariesTemplate(): Promise<string> {
  const template = join(OUT, DEFINITIONS === 'fcc' ? 'us-boundaries-fcc.sqlite' : 'us-boundaries.sqlite');
  if (existsSync(template) && hasCurrentLayout(template)) return template;
  removeDb(template);
  const building = `${template}.part`;
  removeDb(building);
  const db = openWritable(building);
  if (DEFINITIONS === 'fcc') storeDefinitions(db, US_DEFINITIONS);
  await loadUsCounties(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(building, template);
  removeDb(building);
  return template;
}

/** The generated files of this size and seed (written once; a list file marks them complete). */
function bdcFiles(template: string): { files: string[]; rows: number; locations: number } {
  const dir = join(OUT, `rows-${ROWS}-states-${STATES.join('-')}-seed${SEED}`);
  const list = join(dir, 'files.json');
  if (existsSync(list)) return JSON.parse(readFileSync(list, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`Generating ~${ROWS.toLocaleString('en')} BDC rows over states ${STATES.join(', ')} (seed ${SEED}) into ${dir} …`);
  const db = openWritable(template);
  const written = writeBdcBenchFiles(db, dir, { rows: ROWS, seed: SEED, states: STATES, shares });
  db.close();
  writeFileSync(list, JSON.stringify(written));
  return written;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const template = await boundariesTemplate();
  const { files, rows, locations } = bdcFiles(template);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  console.log(
    `${files.length} files, ${rows.toLocaleString('en')} rows, ${locations.toLocaleString('en')} locations, ${(bytes / 2 ** 20).toFixed(0)} MiB`,
  );
  execFileSync('cat', files, { stdio: ['ignore', 'ignore', 'inherit'] }); // warm-up: the files in the page cache

  const target = join(OUT, 'bench.sqlite');
  // The first file's header names the table's columns; the other files' headers are skipped.
  const imports = files.flatMap((f, i) => ['-cmd', i === 0 ? `.import ${f} raw` : `.import --skip 1 ${f} raw`]);
  const floor: TimedRun[] = [];
  const atlas: TimedRun[] = [];
  let floorRows = 0;
  let summaryJson: { rows_accepted: number; addresses: number; rows_rejected: number; uncovered: number } | null = null;
  let dbMiB = 0;
  const timeFloor = () => {
    removeDb(target);
    floor.push(timed('sqlite3', [target, '-cmd', '.mode csv', ...imports, 'SELECT count(*) FROM raw']));
    floorRows = Number(floor.at(-1)!.stdout.trim());
  };
  const timeAtlas = () => {
    removeDb(target);
    copyFileSync(template, target);
    atlas.push(timed(process.execPath, [join(repoRoot, 'bin/atlas.js'), 'import', '--db', target, '--release', 'J24', '--json', ...files]));
    summaryJson = JSON.parse(atlas.at(-1)!.stdout.trim().split('\n').at(-1)!); // --json: the summary is the last line
    dbMiB = sizeMiB(target) - sizeMiB(template);
  };
  for (let rep = 1; rep <= REPS; rep++) {
    inTurns(rep, timeFloor, timeAtlas);
    logImportRep(rep, REPS, floor.at(-1)!, atlas.at(-1)!);
  }
  removeDb(target);
  if (floorRows !== rows) throw new Error(`sqlite3 .import loaded ${floorRows} rows of ${rows}`);
  if (summaryJson!.rows_accepted !== rows) throw new Error(`atlas import accepted ${summaryJson!.rows_accepted} rows of ${rows}`);

  writeTable('bdc', {
    title: 'FCC BDC import benchmark (npm run bench:bdc)',
    notes: [
      `${rows.toLocaleString('en')} rows, ${summaryJson!.addresses.toLocaleString('en')} locations, states ${STATES.join(', ')}, ` +
        `${files.length} files (one per state × technology), ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV; seed ${SEED}, ${REPS} reps, ` +
        `${DEFINITIONS === 'fcc' ? "the FCC's tiers (goal 100/20)" : 'the Dutch default definitions (goal 1000)'}, ${summaryJson!.uncovered.toLocaleString('en')} uncovered, ` +
        `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM.`,
    ],
    ...importTable(rows, floor, atlas, RATIO_GOAL),
    after: [
      `database: ${dbMiB.toFixed(0)} MiB for the release (${((dbMiB * 2 ** 20) / summaryJson!.addresses).toFixed(0)} bytes a location) over ${sizeMiB(template).toFixed(0)} MiB of boundaries.`,
    ],
  });
}

await main();
