// Server benchmark (`npm run bench:server`): Express's own floor (a null route sending 1 KB), vector
// tiles (>= 1,000 shuffled URLs z5-z14 over populated places, every layer, cold then warm) and the
// API routes, loaded with autocannon at 32 connections and at 1 against a child process; then its RSS.
// Every route alternates with the null route in short rounds, and its ratios are to the null route
// of those same rounds. The table goes to bench/out/server.md.
//
// ATLAS_BENCH_SCALE (default 1) picks the demo scale, ATLAS_BENCH_DB a database to use as is,
// ATLAS_BENCH_SECONDS (default 1) the length of a round, ATLAS_BENCH_ROUNDS (default 6) the rounds per route.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runAtlasChildIfAsked, startAtlasChild } from './atlas-child.ts';
import { demoDbPath, ensureDemoDb, percentile, seededRandom, shuffle, tileOf, writeTable } from './lib.ts';

const CONNECTIONS = 32;
const TILE_URLS = 1200;
/** Further uncached tile URLs, requested one at a time: the service time without queueing. */
const ALONE_URLS = 300;
/** Each route and the null route alternate in ROUNDS short rounds of ROUND_SECONDS each. */
const ROUND_SECONDS = Number(process.env.ATLAS_BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.ATLAS_BENCH_ROUNDS ?? 6);
const SCALE = process.env.ATLAS_BENCH_SCALE ?? '1';
const DB = process.env.ATLAS_BENCH_DB ?? demoDbPath(SCALE);

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
interface Instance extends PromiseLike<Result> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>) => Instance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** What one autocannon run returns. */
interface Round {
  times: number[];
  requests: number;
  seconds: number;
  bad: number;
}

/** One autocannon run over a list of paths, cycling, for a duration or exactly once each. */
async function round(base: string, paths: string[], mode: 'timed' | 'once', connections: number): Promise<Round> {
  let next = 0;
  const times: number[] = [];
  let bad = 0;
  // autocannon starts on creation, so the clock of a `once` run starts just before.
  const started = performance.now();
  const instance = autocannon({
    url: base,
    connections,
    headers: { 'accept-encoding': 'gzip' },
    ...(mode === 'once' ? { amount: paths.length } : { duration: ROUND_SECONDS }),
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  instance.on('response', (_c, status, _b, ms) => {
    times.push(ms);
    if (status >= 400) bad++;
  });
  const result = await instance;
  return { times, requests: times.length, seconds: (performance.now() - started) / 1000, bad: bad + result.errors };
}

/** A route's figures, or the null route's over the same rounds. */
interface Side {
  rps: number;
  p50: number;
  p95: number;
  requests: number;
  bad: number;
}

interface Sample {
  label: string;
  connections: number;
  route: Side;
  nullRoute: Side;
}

function side(rounds: Round[]): Side {
  const times = rounds.flatMap((r) => r.times).sort((a, b) => a - b);
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const secs = rounds.reduce((a, r) => a + r.seconds, 0);
  return {
    rps: requests / secs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    requests,
    bad: rounds.reduce((a, r) => a + r.bad, 0),
  };
}

/**
 * The route and the null route in alternating short rounds (ABBA: null first in even rounds, the
 * route first in odd ones), so outside load in one stretch of time weighs on both sides alike.
 * A `once` route's URLs are split over the rounds, each URL requested once.
 */
async function interleaved(
  label: string,
  base: string,
  paths: string[],
  mode: 'timed' | 'once',
  connections = CONNECTIONS,
): Promise<Sample> {
  const routeRounds: Round[] = [];
  const nullRounds: Round[] = [];
  const chunk = Math.ceil(paths.length / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    const routePaths = mode === 'once' ? paths.slice(r * chunk, (r + 1) * chunk) : paths;
    if (routePaths.length === 0) break;
    const runRoute = async () => routeRounds.push(await round(base, routePaths, mode, connections));
    const runNull = async () => nullRounds.push(await round(base, ['/__null'], 'timed', connections));
    if (r % 2 === 0) {
      await runNull();
      await runRoute();
    } else {
      await runRoute();
      await runNull();
    }
  }
  return { label, connections, route: side(routeRounds), nullRoute: side(nullRounds) };
}

/** Realistic tile URLs: random addresses (dense where people live), zoom 5-14, every layer. */
function tileUrls(db: Database.Database, random: () => number, layers: string[]): string[] {
  const { lo, hi } = db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi FROM addresses').get() as { lo: number; hi: number };
  const at = db.prepare<[number], { lon: number; lat: number }>('SELECT lon, lat FROM addresses WHERE id >= ? LIMIT 1');
  const urls = new Set<string>();
  const wanted = TILE_URLS + ALONE_URLS;
  for (let tries = 0; urls.size < wanted && tries < wanted * 20; tries++) {
    const p = at.get(lo + Math.floor(random() * (hi - lo + 1)));
    if (!p) continue;
    const z = 5 + Math.floor(random() * 10);
    const [x, y] = tileOf(p.lon, p.lat, z);
    urls.add(`/tiles/${layers[Math.floor(random() * layers.length)]}/${z}/${x}/${y}.mvt`);
  }
  return shuffle([...urls], random);
}

function apiUrls(db: Database.Database, random: () => number) {
  const codes = (db.prepare("SELECT code FROM areas WHERE level = 'municipality'").all() as { code: string }[]).map((r) => r.code);
  const { lo, hi } = db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi FROM addresses').get() as { lo: number; hi: number };
  const at = db.prepare<[number], { postcode: string; house_number: number }>(
    'SELECT postcode, house_number FROM addresses WHERE id >= ? AND postcode IS NOT NULL AND house_number IS NOT NULL LIMIT 1',
  );
  const lookups: string[] = [];
  for (let i = 0; i < 500; i++) {
    const a = at.get(lo + Math.floor(random() * (hi - lo + 1)));
    if (a) lookups.push(`/api/v1/addresses?postcode=${a.postcode}&house_number=${a.house_number}`);
  }
  return {
    summary: ['/api/v1/summary'],
    areas: ['/api/v1/areas?level=municipality', '/api/v1/areas?level=province'],
    area: shuffle(
      codes.map((c) => `/api/v1/areas/${c}`),
      random,
    ),
    lookups,
  };
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function row(s: Sample): (string | number)[] {
  const { route: r, nullRoute: n } = s;
  return [
    s.label,
    s.connections,
    r.rps.toFixed(0),
    n.rps.toFixed(0),
    `${((r.rps / n.rps) * 100).toFixed(1)}%`,
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    n.p50.toFixed(1),
    n.p95.toFixed(1),
    ratio(r.p50, n.p50),
    ratio(r.p95, n.p95),
    r.requests,
    r.bad + n.bad,
  ];
}

async function main(): Promise<void> {
  ensureDemoDb(DB, SCALE);
  const db = new Database(DB, { readonly: true });
  const random = seededRandom(20240601);
  const { child, base } = await startAtlasChild(fileURLToPath(import.meta.url), DB);
  try {
    const layers = ((await (await fetch(`${base}/api/v1/meta`)).json()) as { tile_layers: string[] }).tile_layers;
    const tiles = tileUrls(db, random, layers);
    const api = apiUrls(db, random);
    const addresses = (db.prepare('SELECT COUNT(*) AS n FROM addresses').get() as { n: number }).n;
    db.close();
    const firstUse: string[] = [];
    // One-time index builds (geometry, hex cells, uncovered points) happen on a layer's first tile;
    // time them apart so the cold tile figures show the per-tile cost.
    for (const [layer, z] of [
      ['areas', 5],
      ['hexes', 5],
      ['hexes', 14],
      ['uncovered', 14],
      ['uncovered', 8],
    ] as const) {
      const t0 = performance.now();
      await (await fetch(`${base}/tiles/${layer}/${z}/0/0.mvt`)).arrayBuffer();
      firstUse.push(`${layer} z${z}: ${(performance.now() - t0).toFixed(0)} ms`);
    }
    const alone = tiles.splice(TILE_URLS);
    const cold = await interleaved(`tiles, uncached (${tiles.length} URLs, each once)`, base, tiles, 'once');
    const coldAlone = await interleaved(`tiles, uncached (${alone.length} other URLs, each once)`, base, alone, 'once', 1);
    const warm = await interleaved('tiles, warm (the first URLs, cycled)', base, tiles, 'timed');
    const routes: [string, string[]][] = [
      ['GET /api/v1/summary', api.summary],
      ['GET /api/v1/areas', api.areas],
      ['GET /api/v1/areas/{code}', api.area],
      ['GET /api/v1/addresses?postcode&house_number', api.lookups],
    ];
    const apis: Sample[] = [];
    const apisAlone: Sample[] = [];
    for (const [label, paths] of routes) {
      apis.push(await interleaved(label, base, paths, 'timed'));
      apisAlone.push(await interleaved(label, base, paths, 'timed', 1));
    }
    const memory = memoryOf(child.pid!);

    const pct = (s: Sample) => `${((s.route.rps / s.nullRoute.rps) * 100).toFixed(1)}%`;
    const goals = [
      [`warm tiles >= 50% of the null route's req/s: ${pct(warm)}`, warm.route.rps >= warm.nullRoute.rps / 2],
      [`uncached tiles p95 <= 25 ms at ${CONNECTIONS} connections: ${cold.route.p95.toFixed(1)} ms`, cold.route.p95 <= 25],
      [`uncached tiles p95 <= 25 ms one at a time: ${coldAlone.route.p95.toFixed(1)} ms`, coldAlone.route.p95 <= 25],
      [
        `API p95 <= 10 ms at ${CONNECTIONS} connections: ${apis.map((a) => a.route.p95.toFixed(1)).join(', ')} ms`,
        apis.every((a) => a.route.p95 <= 10),
      ],
      [
        `API p95 <= 10 ms one at a time: ${apisAlone.map((a) => a.route.p95.toFixed(1)).join(', ')} ms`,
        apisAlone.every((a) => a.route.p95 <= 10),
      ],
      [`server RSS <= 500 MB: ${memory.peakMb.toFixed(0)} MB peak`, memory.peakMb <= 500],
    ] as const;
    writeTable('server', {
      title: 'Server benchmark (npm run bench:server)',
      notes: [
        `Database ${DB} (${addresses.toLocaleString('en')} address rows), layers ${layers.join(', ')}.`,
        `Each route alternates with the null route (1 KB) in ${ROUNDS} rounds of ${ROUND_SECONDS} s each (an uncached run's URLs split over the rounds), ` +
          'so both sides of every ratio share the same stretch of time. "null" columns are the null route in those same rounds.',
        `First use of a layer (index build, once): ${firstUse.join('; ')}.`,
      ],
      columns: [
        'route',
        'connections',
        'req/s',
        'null req/s',
        'of null req/s',
        'p50 ms',
        'p95 ms',
        'null p50 ms',
        'null p95 ms',
        'p50 / null',
        'p95 / null',
        'requests',
        'errors',
      ],
      rows: [cold, coldAlone, warm, ...apis.flatMap((a, i) => [a, apisAlone[i]])].map(row),
      after: [
        `Server RSS after the runs: ${memory.rssMb.toFixed(0)} MB (peak ${memory.peakMb.toFixed(0)} MB).`,
        '',
        ...goals.map(([text, met]) => `- ${met ? 'met' : 'MISSED'}: ${text}`),
      ],
    });
  } finally {
    child.kill('SIGTERM');
  }
}

if (!runAtlasChildIfAsked()) await main();
