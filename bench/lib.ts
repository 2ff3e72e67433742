// Shared bench helpers: timers, summaries of repeated runs, percentiles, removing a database;
// and the benches' one door to what they share with the tests in test/helpers/ (plain modules, no vitest):
// the seeded PRNG, tile math, the synthetic village addresses and the brute-force clustering baselines;
// and writeTable, which prints a bench's result table and writes it to bench/out/<bench>.md.
import Database from 'better-sqlite3';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_SIZE, SCHEMA_VERSION } from '../common/schema.ts';

export { bdcLine, type BdcRow, loadUsCounties } from '../test/helpers/bdc.ts';
export { bruteForceLabels, bruteForceNearestM } from '../test/helpers/brute-force-clusters.ts';
export { LocalFileSource } from '../test/helpers/pmtiles-source.ts';
import { seededRandom } from '../test/helpers/random.ts';
export { seededRandom, shuffle } from '../test/helpers/random.ts';
export { startStaticServer } from '../test/helpers/static-server.ts';
export { tileOf, tilesCovering } from '../test/helpers/tiles.ts';
export { insertRelease, villageAddresses } from '../test/helpers/village-db.ts';

/**
 * True when a database a bench cached in bench/out has this version's schema and page size. An older one
 * would measure the old layout (an import into a 4 KiB-page template writes 4 KiB pages) or add a
 * migration to the timed run, so it is built again.
 */
export function hasCurrentLayout(path: string): boolean {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('page_size', { simple: true }) === PAGE_SIZE && db.pragma('user_version', { simple: true }) === SCHEMA_VERSION;
  } finally {
    db.close();
  }
}

/** Seconds since a process.hrtime.bigint() start. */
export function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Milliseconds since a process.hrtime.bigint() start. */
export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU seconds this process used since `since`: on a machine shared with other jobs, wall time overstates. */
export function cpuSeconds(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
}

export interface Summary {
  min: number;
  mean: number;
  sd: number;
}

/** Minimum, mean and (population) standard deviation of repeated measurements. */
export function summary(xs: number[]): Summary {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { min: Math.min(...xs), mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

/** "min 1.23 s, mean 1.40 ± 0.10 s" with the given unit and decimals. */
export function formatSummary(s: Summary, unit: string, digits: number): string {
  return `min ${s.min.toFixed(digits)} ${unit}, mean ${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)} ${unit}`;
}

/** The p-th percentile of an ascending array (nearest rank), NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

export interface TimedRun {
  seconds: number;
  rssMiB: number;
  stdout: string;
}

/** Runs a command to its end under /usr/bin/time: its wall time, peak RSS and standard output. */
export function timed(command: string, args: string[]): TimedRun {
  mkdirSync(outDir, { recursive: true });
  const stats = join(outDir, `time-${process.pid}.txt`);
  const run = spawnSync('/usr/bin/time', ['-o', stats, '-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stderr.slice(-2000)}`);
  const [seconds, kib] = readFileSync(stats, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  rmSync(stats, { force: true });
  return { seconds, rssMiB: kib / 1024, stdout: run.stdout };
}

/**
 * Runs a rep's floor and atlas timings, the floor first in odd reps and last in even ones: a run right after
 * another big load was measured slower (the NL import 56.7-57.1 s alone, 64.7 s right after its floor), so
 * neither side always takes the second turn.
 */
export function inTurns(rep: number, floor: () => void, atlas: () => void): void {
  if (rep % 2 === 1) {
    floor();
    atlas();
  } else {
    atlas();
    floor();
  }
}

/** Prints one rep of an import bench: the floor's time, the atlas import's time and its peak RSS. */
export function logImportRep(rep: number, reps: number, floor: TimedRun, atlas: TimedRun): void {
  console.log(
    `rep ${rep}/${reps}: sqlite3 .import ${floor.seconds.toFixed(1)} s, atlas import ${atlas.seconds.toFixed(1)} s, peak RSS ${atlas.rssMiB.toFixed(0)} MiB`,
  );
}

/**
 * The columns and rows of an import bench's table: (a) the `sqlite3 .import` floor and (b) `atlas import`
 * of the same `rows`, with the ratio of their minimums against `ratioGoal` (and peak RSS against `rssGoalMiB`).
 */
export function importTable(
  rows: number,
  floor: TimedRun[],
  atlas: TimedRun[],
  ratioGoal: number,
  rssGoalMiB?: number,
): Pick<BenchTable, 'columns' | 'rows'> {
  const best = Math.min(...atlas.map((r) => r.seconds));
  const bestFloor = Math.min(...floor.map((r) => r.seconds));
  const ratio = best / bestFloor;
  const rss = Math.max(...atlas.map((r) => r.rssMiB));
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const times = (runs: TimedRun[]) => formatSummary(summary(runs.map((r) => r.seconds)), 's', 1);
  const goals = [`ratio <= ${ratioGoal}: ${ratio.toFixed(2)}, ${met(ratio <= ratioGoal)}`];
  if (rssGoalMiB !== undefined) goals.push(`RSS <= ${rssGoalMiB} MiB: ${met(rss <= rssGoalMiB)}`);
  return {
    columns: ['run', 'time', 'rows/s (min)', 'peak RSS', 'goal'],
    rows: [
      ['(a) `sqlite3 .import` floor', times(floor), Math.round(rows / bestFloor).toLocaleString('en'), '', ''],
      ['(b) `atlas import`', times(atlas), Math.round(rows / best).toLocaleString('en'), `${rss.toFixed(0)} MiB`, goals.join('; ')],
    ],
  };
}

/** Size of an SQLite database with its WAL, in MiB. */
export function sizeMiB(path: string): number {
  return ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0) / 2 ** 20;
}

/** Removes an SQLite database with its -wal, -shm and -journal files. */
export function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** The repository root (bench/ sits in it). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where every bench writes its databases and its result table (git-ignored). */
export const outDir = join(repoRoot, 'bench', 'out');

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!docs'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

// Taken when the bench starts: the code measured is the code checked out then.
const loadAtStart = loadavg();
const commitAtStart = commit();

const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

/** The run's header lines: date, commit ("with uncommitted changes" when code outside docs/ was edited), machine, Node version and load average (1/5/15 min) at start and end. */
export function runHeader(): string[] {
  return [
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- commit: ${commitAtStart}`,
    `- machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    `- Node: ${process.version}`,
    `- load average (1 / 5 / 15 min): ${loads(loadAtStart)} at the start, ${loads(loadavg())} at the end`,
  ];
}

export interface BenchTable {
  /** A heading, e.g. "Tiles: atlas over HTTP vs PostGIS SQL". */
  title: string;
  /** Lines under the header (setup, scale, notes), printed before the table. */
  notes?: string[];
  columns: string[];
  /** Cells; a column whose header ends in a unit or a number is right-aligned when its cells are numeric. */
  rows: (string | number)[][];
  /** Lines after the table (goals met or missed). */
  after?: string[];
}

/** The table as markdown (numeric columns right-aligned). */
export function markdownTable(columns: string[], rows: (string | number)[][]): string[] {
  const numeric = columns.map(
    (_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number' || /^[\d.,\s×%–-]*$/.test(String(r[c] ?? ''))),
  );
  const cell = (v: string | number | undefined) => String(v ?? '').replace(/\|/g, '\\|');
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((_, c) => cell(r[c])).join(' | ')} |`),
  ];
}

/**
 * Prints a bench's result table with the run's header and writes it to bench/out/<name>.md,
 * as docs/performance.md promises. Returns the markdown.
 */
export function writeTable(name: string, table: BenchTable): string {
  const text = [
    `# ${table.title}`,
    '',
    ...runHeader(),
    ...(table.notes?.length ? ['', ...table.notes] : []),
    '',
    ...markdownTable(table.columns, table.rows),
    ...(table.after?.length ? ['', ...table.after] : []),
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.md`);
  writeFileSync(path, text);
  console.log(`\n${text}\n(written to ${path})`);
  return text;
}

/** The demo database a bench uses at a scale: bench/out/national.sqlite at 1, national-<scale>.sqlite otherwise. */
export function demoDbPath(scale: string): string {
  return join(outDir, `national${scale === '1' ? '' : `-${scale}`}.sqlite`);
}

/** Builds `atlas demo --scale <scale> --seed 1` into db when it does not exist yet (later runs reuse it). */
export function ensureDemoDb(db: string, scale: string): void {
  if (existsSync(db)) return;
  console.log(`building ${db} with atlas demo --scale ${scale} --seed 1 (once; later runs reuse it)`);
  mkdirSync(dirname(db), { recursive: true });
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'atlas.js'), 'demo', '--scale', scale, '--seed', '1', '--db', db], {
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`atlas demo failed with exit code ${run.status}`);
}

/** The database a bench runs on: ATLAS_BENCH_DB as is, else the demo database at the scale. */
export function benchDbPath(scale: string): string {
  return process.env.ATLAS_BENCH_DB ?? demoDbPath(scale);
}

/** Starts `atlas serve` on a free port as a user would (heap flag included), with extra ATLAS_* settings in `env`; resolves with its URL. */
export function startAtlasServe(db: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'atlas.js'), 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/\S+?)\/?\s/.exec(out);
      if (match) resolve({ child, base: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`atlas serve exited with ${code}`)));
  });
}

/**
 * `n` seeded random addresses of a release (of any release when `releaseId` is null), drawn by row id
 * (one rowid search each), so they are dense where people live.
 */
export function randomAddresses(path: string, n: number, seed: number, releaseId: number | null = null): { lon: number; lat: number }[] {
  const db = new Database(path, { readonly: true });
  try {
    const where = releaseId === null ? '' : ' WHERE release_id = @release';
    const { lo, hi } = db.prepare(`SELECT MIN(id) AS lo, MAX(id) AS hi FROM addresses${where}`).get({ release: releaseId }) as {
      lo: number;
      hi: number;
    };
    const at = db.prepare<[number], { lon: number; lat: number; release_id: number }>(
      'SELECT lon, lat, release_id FROM addresses WHERE id >= ? ORDER BY id LIMIT 1',
    );
    const random = seededRandom(seed);
    const out: { lon: number; lat: number }[] = [];
    for (let tries = 0; out.length < n && tries < n * 20; tries++) {
      const p = at.get(lo + Math.floor(random() * (hi - lo + 1)));
      if (p && (releaseId === null || p.release_id === releaseId)) out.push({ lon: p.lon, lat: p.lat });
    }
    return out;
  } finally {
    db.close();
  }
}
