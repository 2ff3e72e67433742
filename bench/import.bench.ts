// Import speed against the raw bulk-load floor, measured in the same run on the same seeded file:
// (a) the sqlite3 CLI `.import` of the CSV into a plain table, (b) `atlas import` of it into a database
// with the 2024 boundaries loaded. Goals: ratio (b)/(a) <= 3, peak RSS of (b) <= 1 GiB.
// Env: BENCH_ROWS (default 10,000,000), BENCH_REPS (default 2), BENCH_SEED (default 7).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWritable } from '../common/schema.ts';
import { loadBoundaries } from '../pipeline/boundaries/index.ts';
import { writeReleaseCsv } from '../pipeline/demo/release-csv.ts';
import { formatSummary, removeDb, summary, writeTable } from './lib.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench/out/import');
const DATA = join(ROOT, 'data');
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 2);
const SEED = Number(process.env.BENCH_SEED ?? 7);
/** Rows the demo generator writes per unit of scale (2024-12, ~2.4 offers per address), measured. */
const ROWS_PER_SCALE = 19_735_136;
const RATIO_GOAL = 3;
const RSS_GOAL_MIB = 1024;

interface Run {
  seconds: number;
  rssMiB: number;
}

/** Runs a command under /usr/bin/time and returns its wall time and peak RSS. */
function timed(command: string, args: string[]): Run {
  const stats = join(OUT, 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-o', stats, '-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stderr.slice(-2000)}`);
  const [seconds, kib] = readFileSync(stats, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds, rssMiB: kib / 1024 };
}

const stats = (values: number[]) => formatSummary(summary(values), 's', 1);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const scale = ROWS / ROWS_PER_SCALE;
  const csv = join(OUT, `connections-${ROWS}-seed${SEED}.csv`);
  if (!existsSync(csv)) {
    console.log(`Generating ${csv} (demo generator, release 2024-12, scale ${scale.toFixed(3)}, seed ${SEED}) …`);
    await writeReleaseCsv(csv, { release: '2024-12', scale, seed: SEED });
  }
  const rows = Number(execFileSync('wc', ['-l', csv], { encoding: 'utf8' }).trim().split(' ')[0]) - 1;

  const template = join(OUT, 'boundaries.sqlite');
  removeDb(template);
  const db = openWritable(template);
  loadBoundaries(db, {
    file: join(DATA, 'gemeenten_2024.geojson'),
    level: 'municipality',
    codeField: 'gemeentecode',
    nameField: 'gemeentenaam',
    parentField: 'provinciecode',
  });
  loadBoundaries(db, {
    file: join(DATA, 'provincies_2024.geojson'),
    level: 'province',
    codeField: 'provinciecode',
    nameField: 'provincienaam',
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  execFileSync('cat', [csv], { stdio: ['ignore', 'ignore', 'inherit'] }); // warm-up: file in the page cache
  const floor: Run[] = [];
  const atlas: Run[] = [];
  const target = join(OUT, 'bench.sqlite');
  for (let rep = 1; rep <= REPS; rep++) {
    removeDb(target);
    floor.push(timed('sqlite3', [target, '-cmd', '.mode csv', `.import ${csv} raw`]));
    removeDb(target);
    copyFileSync(template, target);
    atlas.push(timed(process.execPath, [join(ROOT, 'bin/atlas.js'), 'import', '--db', target, '--release', '2024-12', '--json', csv]));
    console.log(
      `rep ${rep}/${REPS}: sqlite3 .import ${floor.at(-1)!.seconds.toFixed(1)} s, atlas import ${atlas.at(-1)!.seconds.toFixed(1)} s, peak RSS ${atlas.at(-1)!.rssMiB.toFixed(0)} MiB`,
    );
  }
  removeDb(target);

  const best = Math.min(...atlas.map((r) => r.seconds));
  const bestFloor = Math.min(...floor.map((r) => r.seconds));
  const ratio = best / bestFloor;
  const rss = Math.max(...atlas.map((r) => r.rssMiB));
  writeTable('import', {
    title: 'Import benchmark (npm run bench:import)',
    notes: [`${rows.toLocaleString('en')} rows, ${REPS} reps, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM.`],
    columns: ['run', 'time', 'rows/s (min)', 'peak RSS', 'goal'],
    rows: [
      ['(a) `sqlite3 .import` floor', stats(floor.map((r) => r.seconds)), Math.round(rows / bestFloor).toLocaleString('en'), '', ''],
      [
        '(b) `atlas import`',
        stats(atlas.map((r) => r.seconds)),
        Math.round(rows / best).toLocaleString('en'),
        `${rss.toFixed(0)} MiB`,
        `ratio <= ${RATIO_GOAL}: ${ratio.toFixed(2)}, ${ratio <= RATIO_GOAL ? 'met' : 'NOT met'}; RSS <= ${RSS_GOAL_MIB} MiB: ${rss <= RSS_GOAL_MIB ? 'met' : 'NOT met'}`,
      ],
    ],
  });
}

await main();
