// Deploy bench (`npm run bench:deploy`): the shapes of docs/deploy.md side by side on this machine.
// One `atlas serve` process answering tiles warm (its tile cache filled by a first pass) and uncached
// (tileCacheMb 0, indexes warm), against a plain static file server (test/helpers/static-server.py:
// Python's threaded http.server with byte ranges) serving the site of `atlas export --format site`,
// asked for the same tiles as the byte ranges the `pmtiles` reader asks for. Also the export's build
// time and archive size. Writes bench/out/deploy.md.
//
// ATLAS_BENCH_SCALE (default 0.01) picks the demo scale, ATLAS_BENCH_DB a database to use as is,
// ATLAS_BENCH_SECONDS (default 10) the length of each measured run.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PMTiles } from 'pmtiles';
import { TILE_LAYERS } from '../common/constants.ts';
import { STATIC_ARCHIVE_FILE } from '../common/static-site.ts';
import { buildClient } from '../client/build.ts';
import { tilesOver } from '../server/export/pmtiles.ts';
import { openStore } from '../server/store/index.ts';
import {
  demoDbPath,
  ensureDemoDb,
  LocalFileSource,
  outDir,
  percentile,
  repoRoot,
  seededRandom,
  shuffle,
  startAtlasServe,
  startStaticServer,
  writeTable,
} from './lib.ts';

const SCALE = process.env.ATLAS_BENCH_SCALE ?? '0.01';
const DB = process.env.ATLAS_BENCH_DB ?? demoDbPath(SCALE);
const SECONDS = Number(process.env.ATLAS_BENCH_SECONDS ?? 10);
const CONNECTIONS = 8;
/** Each side's SECONDS are split over this many rounds, the sides alternating. */
const ROUNDS = 5;
/** Tile positions requested (each for every layer from the server; once from the archive). */
const POSITIONS = 400;
const ZOOMS = [6, 7, 8, 9, 10, 11, 12];

interface Instance extends PromiseLike<{ errors: number }> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>) => Instance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Req {
  path: string;
  headers?: Record<string, string>;
}

interface Run {
  times: number[];
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  bad: number;
  mbPerS: number;
}

async function load(base: string, reqs: Req[], seconds: number): Promise<Run> {
  let next = 0;
  const times: number[] = [];
  let bad = 0;
  let bytes = 0;
  const started = performance.now();
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip' },
    requests: [
      {
        setupRequest: (req: { headers: Record<string, string> }) => {
          const r = reqs[next++ % reqs.length];
          return { ...req, path: r.path, headers: { ...req.headers, ...r.headers } };
        },
      },
    ],
  });
  instance.on('response', (_c, status, size, ms) => {
    times.push(ms);
    bytes += size;
    if (status >= 400) bad++;
  });
  const result = await instance;
  const secs = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    times,
    seconds: secs,
    requests: times.length,
    rps: times.length / secs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    bad: bad + result.errors,
    mbPerS: bytes / secs / 1e6,
  };
}

/** Runs of one side as one: requests over the summed time; percentiles of the pooled latencies. */
function combine(runs: Run[]): Run {
  const times = runs.flatMap((r) => r.times).sort((a, b) => a - b);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  return {
    requests: times.length,
    rps: times.length / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    bad: runs.reduce((a, r) => a + r.bad, 0),
    mbPerS: runs.reduce((a, r) => a + r.mbPerS * r.seconds, 0) / seconds,
    times,
    seconds,
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  ensureDemoDb(DB, SCALE);
  const clientDir = join(repoRoot, 'client', 'dist');
  if (!existsSync(join(clientDir, 'index.html'))) await buildClient(clientDir);

  // The static site, timed as a user runs it.
  const site = join(outDir, `site-${SCALE}`);
  const started = performance.now();
  const exported = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'atlas.js'), 'export', '--db', DB, '--format', 'site', '--out', site, '--force'],
    { encoding: 'utf8', env: { ...process.env, ATLAS_CLIENT_DIR: clientDir } },
  );
  const exportSeconds = (performance.now() - started) / 1000;
  if (exported.status !== 0) throw new Error(`atlas export failed: ${exported.stderr}`);
  const archivePath = join(site, STATIC_ARCHIVE_FILE);
  const archiveBytes = statSync(archivePath).size;

  // The tile positions: held tiles of the archive at z6-z12, shuffled, POSITIONS of them.
  const source = new LocalFileSource(archivePath);
  const archive = new PMTiles(source);
  const header = await archive.getHeader();
  const random = seededRandom(11);
  const held: { z: number; x: number; y: number; range: [number, number] }[] = [];
  for (const z of ZOOMS) {
    for (const { x, y } of shuffle(tilesOver([header.minLon, header.minLat, header.maxLon, header.maxLat], z), random).slice(0, 400)) {
      if (await archive.getZxy(z, x, y)) held.push({ z, x, y, range: source.last });
    }
  }
  const positions = shuffle(held, random).slice(0, POSITIONS);
  const store = openStore(DB);
  const release = store.releases.newest()?.label;
  store.close();
  if (!release) throw new Error(`${DB} holds no release`);
  const serverReqs: Req[] = positions.flatMap(({ z, x, y }) =>
    TILE_LAYERS.map((layer) => ({ path: `/tiles/${layer}/${z}/${x}/${y}.mvt?release=${encodeURIComponent(release)}&down=1000` })),
  );
  const staticReqs: Req[] = positions.map(({ range: [offset, length] }) => ({
    path: `/${STATIC_ARCHIVE_FILE}`,
    headers: { range: `bytes=${offset}-${offset + length - 1}` },
  }));

  // All three sides up at once, measured in alternating short rounds (the order rotating each
  // round), so the load of this shared machine in one stretch of time weighs on every side alike.
  const warm = await startAtlasServe(DB);
  const cold = await startAtlasServe(DB, { ATLAS_TILE_CACHE_MB: '0' });
  const files = await startStaticServer(site);
  const sides = [
    { name: 'atlas serve, warm (tile cache)', base: warm.base, reqs: serverReqs, perPosition: TILE_LAYERS.length, runs: [] as Run[] },
    {
      name: 'atlas serve, uncached (tileCacheMb 0)',
      base: cold.base,
      reqs: serverReqs,
      perPosition: TILE_LAYERS.length,
      runs: [] as Run[],
    },
    { name: 'static site, python http.server + ranges', base: files.url, reqs: staticReqs, perPosition: 1, runs: [] as Run[] },
  ];
  try {
    // Warm-up: every URL once on each side (fills the warm server's tile cache, builds indexes).
    for (const side of sides) await load(side.base, side.reqs, Math.max(3, SECONDS / 2));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < sides.length; i++) {
        const side = sides[(round + i) % sides.length];
        side.runs.push(await load(side.base, side.reqs, SECONDS / ROUNDS));
      }
    }
  } finally {
    await stop(warm.child);
    await stop(cold.child);
    await files.stop();
  }
  const rows = sides.map((side) => {
    const r = combine(side.runs);
    return [
      side.name,
      r.requests,
      Math.round(r.rps),
      Math.round(r.rps / side.perPosition),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.mbPerS.toFixed(2),
      r.bad,
    ];
  });
  const positionsPerS = sides.map((side) => combine(side.runs).rps / side.perPosition);

  writeTable('deploy', {
    title: 'Deploy shapes: one atlas process vs a static file server serving the exported site',
    notes: [
      `- data: ${DB} (scale ${SCALE}), release ${release}, 1000 Mbit/s`,
      `- site export (\`atlas export --format site\`): ${exportSeconds.toFixed(1)} s; archive ${(archiveBytes / 1024 / 1024).toFixed(1)} MiB, ` +
        `${header.numAddressedTiles} tiles (${header.numTileContents} distinct), z${header.minZoom}-${header.maxZoom}`,
      `- ${positions.length} tile positions held by the archive at z${ZOOMS[0]}-z${ZOOMS.at(-1)}, shuffled; the server is asked for every ` +
        `layer of each (${TILE_LAYERS.length} requests, as the live client does), the static server for the position's byte range ` +
        '(one request holding every layer)',
      `- autocannon, ${CONNECTIONS} connections, ${SECONDS} s per side in ${ROUNDS} alternating rounds after a warm-up run; ` +
        'all on this machine (load generator included)',
    ],
    columns: ['side', 'requests', 'requests/s', 'tile positions/s', 'p50 ms', 'p95 ms', 'MB/s', 'errors'],
    rows,
    after: [
      `Tile positions per second, static file server / atlas uncached: ${(positionsPerS[2] / positionsPerS[1]).toFixed(1)}×; ` +
        `static / atlas warm: ${(positionsPerS[2] / positionsPerS[0]).toFixed(1)}×; atlas warm / uncached: ${(positionsPerS[0] / positionsPerS[1]).toFixed(1)}×.`,
    ],
  });
}

await main();
