// Server benchmark (`npm run bench:server`): Express's own floor (a null route sending 1 KB), vector
// tiles (>= 1,000 shuffled URLs z5-z14 over populated places, every layer, cold then warm) and the
// API routes, loaded with autocannon at 32 connections against a child process; then its RSS.
//
// ATLAS_BENCH_SCALE (default 1) picks the demo scale, ATLAS_BENCH_DB a database to use as is,
// ATLAS_BENCH_SECONDS (default 5) the length of each timed run, ATLAS_BENCH_REPS (default 3) reps.
import Database from 'better-sqlite3';
import express from 'express';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { percentile, seededRandom, shuffle, summary, tileOf } from './lib.ts';

const CONNECTIONS = 32;
const TILE_URLS = 1200;
/** Further uncached tile URLs, requested one at a time: the service time without queueing. */
const ALONE_URLS = 300;
const SECONDS = Number(process.env.ATLAS_BENCH_SECONDS ?? 5);
const REPS = Number(process.env.ATLAS_BENCH_REPS ?? 3);
const SCALE = process.env.ATLAS_BENCH_SCALE ?? '1';
const DB = process.env.ATLAS_BENCH_DB ?? `bench/out/national${SCALE === '1' ? '' : `-${SCALE}`}.sqlite`;
const NULL_BODY = Buffer.alloc(1024, 'x');

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

/** The child: the atlas app mounted behind one bare null route, on port 0. */
function runChild(db: string): void {
  const atlas = createApp(loadConfig({ db, port: 0 }, {}));
  const outer = express();
  outer.get('/__null', (_req, res) => {
    res.type('application/octet-stream').send(NULL_BODY);
  });
  outer.use(atlas.app);
  const server = outer.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
  });
}

function ensureDb(): void {
  if (existsSync(DB)) return;
  console.log(`building ${DB} with atlas demo --scale ${SCALE} --seed 1 (once; later runs reuse it)`);
  const run = spawnSync(process.execPath, ['bin/atlas.js', 'demo', '--scale', SCALE, '--seed', '1', '--db', DB], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`atlas demo failed with exit code ${run.status}`);
}

function startChild(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', DB], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(chunk.toString());
      if (match) resolve({ child, base: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

interface Sample {
  label: string;
  rps: number;
  rpsStd: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  bad: number;
}

/** Runs autocannon over a list of paths, cycling, for a duration or exactly once each. */
async function load(label: string, base: string, paths: string[], mode: 'timed' | 'once', connections = CONNECTIONS): Promise<Sample> {
  const reps = mode === 'once' ? 1 : REPS;
  const rates: number[] = [];
  const times: number[] = [];
  let bad = 0;
  for (let rep = 0; rep < reps; rep++) {
    let next = 0;
    // autocannon starts on creation, so the clock of a `once` run starts just before.
    const started = performance.now();
    const instance = autocannon({
      url: base,
      connections,
      headers: { 'accept-encoding': 'gzip' },
      ...(mode === 'once' ? { amount: paths.length } : { duration: SECONDS }),
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[next++ % paths.length] }) }],
    });
    instance.on('response', (_c, status, _b, ms) => {
      times.push(ms);
      if (status >= 400) bad++;
    });
    const result = await instance;
    bad += result.errors;
    rates.push(mode === 'once' ? paths.length / ((performance.now() - started) / 1000) : result.requests.average);
  }
  times.sort((a, b) => a - b);
  const { mean, sd } = summary(rates);
  return { label, rps: mean, rpsStd: sd, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), requests: times.length, bad };
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
    area: shuffle(codes.map((c) => `/api/v1/areas/${c}`), random),
    lookups,
  };
}

function row(s: Sample, baseline?: Sample): string {
  const ratio = baseline ? `${((s.rps / baseline.rps) * 100).toFixed(1)}%` : '';
  const cells = [s.label, `${s.rps.toFixed(0)} ± ${s.rpsStd.toFixed(0)}`, ratio, s.p50.toFixed(1), s.p95.toFixed(1), s.p99.toFixed(1), String(s.requests), String(s.bad)];
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  ensureDb();
  const db = new Database(DB, { readonly: true });
  const random = seededRandom(20240601);
  const { child, base } = await startChild();
  try {
    const layers = ((await (await fetch(`${base}/api/v1/meta`)).json()) as { tile_layers: string[] }).tile_layers;
    const tiles = tileUrls(db, random, layers);
    const api = apiUrls(db, random);
    const addresses = (db.prepare('SELECT COUNT(*) AS n FROM addresses').get() as { n: number }).n;
    db.close();
    const firstUse: string[] = [];
    // One-time index builds (geometry, hex cells, uncovered points) happen on a layer's first tile;
    // time them apart so the cold tile figures show the per-tile cost.
    for (const [layer, z] of [['areas', 5], ['hexes', 5], ['hexes', 14], ['uncovered', 14], ['uncovered', 8]] as const) {
      const t0 = performance.now();
      await fetch(`${base}/tiles/${layer}/${z}/0/0.mvt`);
      firstUse.push(`${layer} z${z}: ${(performance.now() - t0).toFixed(0)} ms`);
    }
    const nullRoute = await load('null route (1 KB)', base, ['/__null'], 'timed');
    const alone = tiles.splice(TILE_URLS);
    const cold = await load(`tiles, uncached (${tiles.length} URLs, each once)`, base, tiles, 'once');
    const coldAlone = await load(`tiles, uncached, 1 connection (${alone.length} other URLs)`, base, alone, 'once', 1);
    const warm = await load('tiles, warm (the first URLs, cycled)', base, tiles, 'timed');
    const routes: [string, string[]][] = [
      ['GET /api/v1/summary', api.summary],
      ['GET /api/v1/areas', api.areas],
      ['GET /api/v1/areas/{code}', api.area],
      ['GET /api/v1/addresses?postcode&house_number', api.lookups],
    ];
    const apis: Sample[] = [];
    const apisAlone: Sample[] = [];
    for (const [label, paths] of routes) {
      apis.push(await load(label, base, paths, 'timed'));
      apisAlone.push(await load(`${label}, 1 connection`, base, paths, 'timed', 1));
    }
    const memory = memoryOf(child.pid!);

    console.log(`\nGigabit Atlas server benchmark — ${DB} (${addresses.toLocaleString('en')} address rows), layers ${layers.join(', ')}`);
    console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, autocannon ${CONNECTIONS} connections, ${SECONDS} s × ${REPS} reps`);
    console.log(`first use of a layer (index build): ${firstUse.join('; ')}\n`);
    console.log('| run | req/s (mean ± std) | of null route | p50 ms | p95 ms | p99 ms | requests | errors |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const s of [nullRoute, cold, coldAlone, warm, ...apis.flatMap((a, i) => [a, apisAlone[i]])]) {
      console.log(row(s, s === nullRoute ? undefined : nullRoute));
    }
    console.log(`\nserver RSS after the runs: ${memory.rssMb.toFixed(0)} MB (peak ${memory.peakMb.toFixed(0)} MB)`);
    const goals = [
      [`warm tiles >= 50% of the null route: ${((warm.rps / nullRoute.rps) * 100).toFixed(1)}%`, warm.rps >= nullRoute.rps / 2],
      [`uncached tiles p95 <= 25 ms at ${CONNECTIONS} connections: ${cold.p95.toFixed(1)} ms`, cold.p95 <= 25],
      [`uncached tiles p95 <= 25 ms one at a time: ${coldAlone.p95.toFixed(1)} ms`, coldAlone.p95 <= 25],
      [`API p95 <= 10 ms at ${CONNECTIONS} connections: ${apis.map((a) => a.p95.toFixed(1)).join(', ')} ms`, apis.every((a) => a.p95 <= 10)],
      [`API p95 <= 10 ms one at a time: ${apisAlone.map((a) => a.p95.toFixed(1)).join(', ')} ms`, apisAlone.every((a) => a.p95 <= 10)],
      [`server RSS <= 500 MB: ${memory.peakMb.toFixed(0)} MB peak`, memory.peakMb <= 500],
    ] as const;
    for (const [text, met] of goals) console.log(`${met ? 'met    ' : 'MISSED '} ${text}`);
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.argv[2] === '--child') runChild(process.argv[3]);
else await main();
