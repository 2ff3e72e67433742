// Soak benchmark (`npm run bench:soak`, issue 16 item 10): `atlas serve` as users start it (heap
// flag included) under distinct-tile traffic — every request a tile not asked before, every layer,
// z5-z16 around real addresses, releases and thresholds mixed — with the server's RSS sampled over
// time against the 500 MB goal; then 30,000 junk JSON URLs (`?q=zz1&&&&…`) and the RSS after them.
//
// ATLAS_BENCH_SCALE (default 1) picks the demo database bench/out/national[-SCALE].sqlite (built
// once if missing), ATLAS_BENCH_DB a database to use as is, ATLAS_SOAK_SECONDS (default 120) the
// length of the tile soak, ATLAS_SOAK_CONNECTIONS (default 8) its concurrency.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { DOWN_THRESHOLDS } from '../common/constants.ts';
import { benchDbPath, ensureDemoDb, seededRandom, startAtlasServe, tileOf } from './lib.ts';

const SCALE = process.env.ATLAS_BENCH_SCALE ?? '1';
const DB = benchDbPath(SCALE);
const SECONDS = Number(process.env.ATLAS_SOAK_SECONDS ?? 120);
const CONNECTIONS = Number(process.env.ATLAS_SOAK_CONNECTIONS ?? 8);
const SAMPLE_MS = 5000;
const GOAL_MB = 500;
const JUNK_URLS = 30_000;

type Autocannon = (
  opts: Record<string, unknown>,
) => PromiseLike<{ requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** RSS (MB) of a process and of its children (`atlas serve` runs the server in a child with the heap flag). */
function rssMb(pid: number): number {
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const children = existsSync(`/proc/${pid}/task/${pid}/children`)
    ? readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    : [];
  return own + children.reduce((sum, c) => sum + rssMb(Number(c)), 0);
}

function serverPid(parent: number): number {
  const children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.length > 0 ? Number(children[0]) : parent;
}

/** Distinct tile URLs: random addresses, zoom 5-16, every layer, every release and threshold. */
function tileUrls(count: number): string[] {
  const db = new Database(DB, { readonly: true });
  const random = seededRandom(160016);
  const { lo, hi } = db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi FROM addresses').get() as { lo: number; hi: number };
  const at = db.prepare<[number], { lon: number; lat: number }>('SELECT lon, lat FROM addresses WHERE id >= ? LIMIT 1');
  const releases = db.prepare('SELECT label FROM releases').pluck().all() as string[];
  const layers = ['areas', 'hexes', 'uncovered', 'clusters'];
  const urls = new Set<string>();
  for (let tries = 0; urls.size < count && tries < count * 10; tries++) {
    const p = at.get(lo + Math.floor(random() * (hi - lo + 1)));
    if (!p) continue;
    const z = 5 + Math.floor(random() * 12);
    const [x, y] = tileOf(p.lon, p.lat, z);
    const release = releases[Math.floor(random() * releases.length)];
    const down = DOWN_THRESHOLDS[Math.floor(random() * DOWN_THRESHOLDS.length)];
    urls.add(
      `/tiles/${layers[Math.floor(random() * layers.length)]}/${z}/${x}/${y}.mvt?release=${encodeURIComponent(release)}&down=${down}`,
    );
  }
  db.close();
  return [...urls];
}

async function main(): Promise<void> {
  ensureDemoDb(DB, SCALE);
  const addresses = (() => {
    const db = new Database(DB, { readonly: true });
    const n = db.prepare('SELECT COUNT(*) FROM addresses').pluck().get() as number;
    db.close();
    return n;
  })();
  const urls = tileUrls(Math.max(20_000, SECONDS * 1500));
  const { child, base } = await startAtlasServe(DB);
  try {
    const pid = child.pid!;
    const server = serverPid(pid);
    const serverCmd = readFileSync(`/proc/${server}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a.startsWith('--max'));
    const samples: [number, number][] = [[0, rssMb(pid)]];
    const t0 = performance.now();
    const timer = setInterval(() => samples.push([(performance.now() - t0) / 1000, rssMb(pid)]), SAMPLE_MS);
    let next = 0;
    const tiles = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { 'accept-encoding': 'gzip' },
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: urls[next++ % urls.length] }) }],
    });
    clearInterval(timer);
    samples.push([(performance.now() - t0) / 1000, rssMb(pid)]);
    const beforeJunk = rssMb(pid);
    let j = 0;
    const junkStarted = performance.now();
    const junk = await autocannon({
      url: base,
      connections: CONNECTIONS,
      amount: JUNK_URLS,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            path: `/api/v1/areas?q=zz${j++ % 10}${'&'.repeat(1000 + (j % 500))}`,
          }),
        },
      ],
    });
    const junkSeconds = (performance.now() - junkStarted) / 1000;
    const afterJunk = rssMb(pid);

    console.log(
      `\nGigabit Atlas soak — ${DB} (${addresses.toLocaleString('en')} address rows); atlas serve with ${serverCmd.join(' ') || 'no heap flag'}`,
    );
    console.log(
      `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s of distinct tiles (${urls.length.toLocaleString('en')} URLs, each asked once at most per cycle)`,
    );
    console.log(
      `tiles: ${tiles.requests.total.toLocaleString('en')} requests, ${tiles.requests.average.toFixed(0)} req/s, p50 ${tiles.latency.p50} ms, p99 ${tiles.latency.p99} ms, non-2xx ${tiles.non2xx}, errors ${tiles.errors}\n`,
    );
    console.log('| seconds | RSS MB (atlas serve, both processes) |');
    console.log('| ---: | ---: |');
    for (const [s, mb] of samples) console.log(`| ${s.toFixed(0)} | ${mb.toFixed(0)} |`);
    console.log(
      `\n${JUNK_URLS.toLocaleString('en')} junk URLs (/api/v1/areas?q=zz…&&&&…, 1-1.5 KB each) in ${junkSeconds.toFixed(1)} s, non-2xx ${junk.non2xx}: ` +
        `RSS ${beforeJunk.toFixed(0)} -> ${afterJunk.toFixed(0)} MB`,
    );
    const peak = Math.max(...samples.map(([, mb]) => mb), afterJunk);
    console.log(`${peak <= GOAL_MB ? 'met    ' : 'MISSED '} RSS <= ${GOAL_MB} MB throughout: peak ${peak.toFixed(0)} MB`);
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
