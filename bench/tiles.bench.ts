// Tiles bench (`npm run bench:tiles`): the atlas side by side with what a GIS engineer would build
// instead — PostgreSQL + PostGIS holding the same release (its uncovered addresses, and the H3 cells of
// hex_stats precomputed as polygons with their counts at the default threshold), GIST-indexed and
// clustered, one ST_AsMVT query per tile timed inside the database (SQL only). The atlas is timed over
// HTTP with its tile cache off (tileCacheMb 0) and its indexes warm, and so is its null route.
// One seeded tile list (every populated tile at z5-z7, up to 50 each at z8/z10/z12/z14; layers hexes
// and uncovered), shuffled, the sides alternating per tile. Writes bench/out/tiles.md.
//
// BENCH_SCALE (default 0.05) picks the demo scale, BENCH_DB a database to use as is, BENCH_REPS (default 3)
// the timed passes over the list. Without PostGIS (not installable here) it times the atlas alone and says so.
import Database from 'better-sqlite3';
import { cellToBoundary } from 'h3-js';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { DEFAULT_DOWN, hexResolutionForZoom, UNCOVERED_POINTS_MIN_ZOOM } from '../common/constants.ts';
import { DEFAULT_DEFINITIONS, downClassIn } from '../common/definitions.ts';
import { runAtlasChildIfAsked, startAtlasChild } from './atlas-child.ts';
import { demoDbPath, ensureDemoDb, percentile, seededRandom, shuffle, tileOf, writeTable } from './lib.ts';
import { ensurePostgis, startCluster, type PostgisCluster } from './postgis.ts';

const SCALE = process.env.BENCH_SCALE ?? '0.05';
const DB = process.env.BENCH_DB ?? demoDbPath(SCALE);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const LAYERS = ['hexes', 'uncovered'] as const;
const ALL_TILES_ZOOMS = [5, 6, 7];
const SAMPLED_ZOOMS = [8, 10, 12, 14];
const PER_SAMPLED_ZOOM = 50;
const BATCH = 20000;

type Layer = (typeof LAYERS)[number];
interface Job {
  layer: Layer;
  z: number;
  x: number;
  y: number;
}
interface Times {
  atlas: number[];
  postgis: number[];
  postgisRoundTrip: number[];
  nullRoute: number[];
  atlasBytes: number[];
  atlasGzBytes: number[];
  postgisBytes: number[];
}

function newestRelease(db: Database.Database): { id: number; label: string } {
  const rows = db.prepare('SELECT id, label FROM releases ORDER BY as_of IS NULL DESC, as_of, id').all() as { id: number; label: string }[];
  const newest = rows.at(-1);
  if (!newest) throw new Error(`${DB} holds no release`);
  return newest;
}

/** Every populated tile at z5-z7 and up to 50 seeded ones at each sampled zoom, for both layers, shuffled. */
function tileJobs(db: Database.Database, release: number): Job[] {
  const points = db.prepare('SELECT lon, lat FROM addresses WHERE release_id = ?').raw().all(release) as [number, number][];
  const random = seededRandom(15);
  const tiles = new Map<string, [number, number, number]>();
  for (const z of ALL_TILES_ZOOMS) {
    for (const [lon, lat] of points) {
      const [x, y] = tileOf(lon, lat, z);
      tiles.set(`${z}/${x}/${y}`, [z, x, y]);
    }
  }
  for (const z of SAMPLED_ZOOMS) {
    const picked = new Set<string>();
    for (let tries = 0; picked.size < PER_SAMPLED_ZOOM && tries < PER_SAMPLED_ZOOM * 50; tries++) {
      const [lon, lat] = points[Math.floor(random() * points.length)];
      const [x, y] = tileOf(lon, lat, z);
      picked.add(`${z}/${x}/${y}`);
      tiles.set(`${z}/${x}/${y}`, [z, x, y]);
    }
  }
  const jobs = [...tiles.values()].flatMap(([z, x, y]) => LAYERS.map((layer) => ({ layer, z, x, y })));
  return shuffle(jobs, random);
}

/** PostGIS's side: the release's uncovered addresses and precomputed hexagon table, and the tile function. */
async function loadPostgis(client: pg.Client, db: Database.Database, release: number): Promise<void> {
  const dc = downClassIn(DEFAULT_DEFINITIONS, DEFAULT_DOWN);
  await client.query('CREATE EXTENSION postgis; CREATE EXTENSION btree_gist');
  await client.query(`
    CREATE TABLE uncovered (id bigint PRIMARY KEY, address_id text, best_down float8, best_technology text, geom geometry(Point, 3857));
    CREATE TABLE hex_cells (res int, cell text, addresses int, covered int, covered_pct float8,
                            center geometry(Point, 3857), geom geometry(Polygon, 3857))`);
  const uncovered = db
    .prepare('SELECT id, address_id, best_down, best_technology, lon, lat FROM addresses WHERE release_id = ? AND down_class < ?')
    .raw()
    .all(release, dc) as [number, string, number, string, number, number][];
  for (let i = 0; i < uncovered.length; i += BATCH) {
    const rows = uncovered.slice(i, i + BATCH);
    await client.query(
      `INSERT INTO uncovered SELECT id, a, d, t, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3857)
         FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[], $5::float8[], $6::float8[]) AS u(id, a, d, t, lon, lat)`,
      [0, 1, 2, 3, 4, 5].map((c) => rows.map((r) => r[c])),
    );
  }
  const cells = db
    .prepare(
      `SELECT res, cell, SUM(addresses), SUM(CASE WHEN down_class >= ? THEN addresses ELSE 0 END), lon, lat
         FROM hex_stats WHERE release_id = ? AND fixed_only = 0 GROUP BY res, cell`,
    )
    .raw()
    .all(dc, release) as [number, string, number, number, number, number][];
  for (let i = 0; i < cells.length; i += BATCH) {
    const rows = cells.slice(i, i + BATCH);
    const wkt = rows.map(([, cell]) => {
      const ring = cellToBoundary(cell, true);
      return `POLYGON((${ring.map(([lon, lat]) => `${lon} ${lat}`).join(',')}))`;
    });
    await client.query(
      `INSERT INTO hex_cells
       SELECT res, cell, n, covered, CASE WHEN n = 0 THEN 0 ELSE round(covered * 10000.0 / n) / 100 END,
              ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3857), ST_Transform(ST_GeomFromText(wkt, 4326), 3857)
         FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::float8[], $6::float8[], $7::text[]) AS h(res, cell, n, covered, lon, lat, wkt)`,
      [...[0, 1, 2, 3, 4, 5].map((c) => rows.map((r) => r[c])), wkt],
    );
  }
  await client.query(`
    CREATE INDEX uncovered_geom ON uncovered USING gist (geom);
    CLUSTER uncovered USING uncovered_geom;
    CREATE INDEX hex_cells_res_geom ON hex_cells USING gist (res, geom);
    CLUSTER hex_cells USING hex_cells_res_geom;
    ANALYZE uncovered; ANALYZE hex_cells;`);
  // One ST_AsMVT query per tile, timed inside the database: what SQL alone costs.
  await client.query(`
    CREATE FUNCTION timed_tile(layer text, z int, x int, y int, r int, OUT ms float8, OUT tile bytea) LANGUAGE plpgsql AS $$
    DECLARE t0 timestamptz := clock_timestamp();
    BEGIN
      IF layer = 'hexes' THEN
        SELECT ST_AsMVT(t.*, 'hexes', 4096, 'geom') INTO tile FROM (
          SELECT h.cell, h.res, h.addresses, h.covered, h.addresses - h.covered AS uncovered, h.covered_pct,
                 ST_AsMVTGeom(h.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
            FROM hex_cells h
           WHERE h.res = r AND h.addresses > 0 AND h.geom && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)) t;
      ELSIF z >= ${UNCOVERED_POINTS_MIN_ZOOM} THEN
        SELECT ST_AsMVT(t.*, 'uncovered', 4096, 'geom', 'id') INTO tile FROM (
          SELECT u.id, u.address_id, u.best_down, u.best_technology, 1 AS count,
                 ST_AsMVTGeom(u.geom, ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
            FROM uncovered u WHERE u.geom && ST_TileEnvelope(z, x, y, margin => 1.0 / 64)) t;
      ELSE
        SELECT ST_AsMVT(t.*, 'uncovered', 4096, 'geom') INTO tile FROM (
          SELECT h.cell, h.addresses - h.covered AS count, ST_AsMVTGeom(h.center, ST_TileEnvelope(z, x, y), 4096, 0, false) AS geom
            FROM hex_cells h
           WHERE h.res = r AND h.covered < h.addresses AND h.geom && ST_TileEnvelope(z, x, y)
             AND h.center && ST_TileEnvelope(z, x, y)) t;
      END IF;
      ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
    END $$`);
  console.log(
    `PostGIS: ${uncovered.length.toLocaleString('en')} uncovered addresses, ${cells.length.toLocaleString('en')} H3 cells loaded, indexed and clustered`,
  );
}

/** One GET over a kept-alive connection: milliseconds to the last byte, and the body. */
function get(agent: Agent, base: string, path: string): Promise<{ ms: number; status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = request(`${base}${path}`, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, status: res.statusCode ?? 0, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const tilePath = (j: Job) => `/tiles/${j.layer}/${j.z}/${j.x}/${j.y}.mvt`;
const p = (xs: number[], q: number) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    q,
  );
const kb = (xs: number[]) =>
  xs.length ? `${(xs.reduce((a, b) => a + b, 0) / xs.length / 1024).toFixed(1)} / ${(Math.max(...xs) / 1024).toFixed(1)}` : '–';

/** The pre-rendered tile sets of the release the database holds (what the atlas side reads instead of computing). */
function prerendered(db: Database.Database, releaseId: number): string {
  const sets = db
    .prepare('SELECT layer, min_zoom, max_zoom, tiles, down, up FROM tile_sets WHERE release_id = ? ORDER BY layer')
    .all(releaseId) as { layer: string; min_zoom: number; max_zoom: number; tiles: number; down: number; up: number | null }[];
  if (sets.length === 0) return 'none, every tile computed on request';
  return sets
    .map((s) => `${s.layer} z${s.min_zoom}–${s.max_zoom} (${s.tiles} tiles at ${s.down}${s.up === null ? '' : `/${s.up}`} Mbit/s)`)
    .join(', ');
}

async function main(): Promise<void> {
  ensureDemoDb(DB, SCALE);
  const db = new Database(DB, { readonly: true });
  const release = newestRelease(db);
  const jobs = tileJobs(db, release.id);
  const stored = prerendered(db, release.id);
  const postgis = ensurePostgis();
  let cluster: PostgisCluster | null = null;
  let client: pg.Client | null = null;
  const atlas = await startAtlasChild(fileURLToPath(import.meta.url), DB, { tileCacheMb: 0 });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  // Interrupted: still stop the child and remove the throwaway cluster.
  const interrupted = () => {
    atlas.child.kill('SIGTERM');
    cluster?.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    if ('skip' in postgis) console.log(`PostGIS SKIPPED: ${postgis.skip}. Timing the atlas alone.`);
    else {
      cluster = startCluster(postgis.bin);
      client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
      await client.connect();
      await loadPostgis(client, db, release.id);
    }
    db.close();
    /** The SQL-only time (inside the database) and the round trip from here over the socket. */
    const pgTile = async (j: Job) => {
      const start = process.hrtime.bigint();
      const r = await client!.query<{ ms: number; tile: Buffer | null }>('SELECT ms, tile FROM timed_tile($1, $2, $3, $4, $5)', [
        j.layer,
        j.z,
        j.x,
        j.y,
        hexResolutionForZoom(j.z),
      ]);
      return { ...r.rows[0], roundTrip: Number(process.hrtime.bigint() - start) / 1e6 };
    };
    // Warm-up: one untimed pass on both sides (the atlas builds its indexes, PostGIS fills its buffers).
    for (const j of jobs) {
      const r = await get(agent, atlas.base, tilePath(j));
      if (r.status !== 200 && r.status !== 204) throw new Error(`${tilePath(j)}: HTTP ${r.status}`);
      if (client) await pgTile(j);
    }
    const times = new Map<string, Times>();
    const key = (j: Job) => `${j.layer} z${j.z}`;
    for (let rep = 0; rep < REPS; rep++) {
      for (const [i, j] of jobs.entries()) {
        const t = times.get(key(j)) ?? {
          atlas: [],
          postgis: [],
          postgisRoundTrip: [],
          nullRoute: [],
          atlasBytes: [],
          atlasGzBytes: [],
          postgisBytes: [],
        };
        times.set(key(j), t);
        const runAtlas = async () => {
          const r = await get(agent, atlas.base, tilePath(j));
          t.atlas.push(r.ms);
          if (rep === 0 && r.body.length > 0) {
            t.atlasGzBytes.push(r.body.length);
            t.atlasBytes.push(gunzipSync(r.body).length);
          }
        };
        const runPostgis = async () => {
          if (!client) return;
          const r = await pgTile(j);
          t.postgis.push(r.ms);
          t.postgisRoundTrip.push(r.roundTrip);
          if (rep === 0 && r.tile && r.tile.length > 0) t.postgisBytes.push(r.tile.length);
        };
        // The sides take turns going first, and the null route runs between them.
        const [first, second] = (i + rep) % 2 === 0 ? [runAtlas, runPostgis] : [runPostgis, runAtlas];
        await first();
        t.nullRoute.push((await get(agent, atlas.base, '/__null')).ms);
        await second();
      }
    }
    const rows = [...times.entries()]
      .sort(([a], [b]) => a.split(' ')[0].localeCompare(b.split(' ')[0]) || Number(a.split('z')[1]) - Number(b.split('z')[1]))
      .map(([k, t]) => {
        const [layer, zoom] = k.split(' ');
        const a50 = p(t.atlas, 50);
        const g50 = p(t.postgis, 50);
        const n50 = p(t.nullRoute, 50);
        return [
          layer,
          zoom,
          t.atlas.length / REPS,
          a50.toFixed(2),
          p(t.atlas, 95).toFixed(2),
          client ? g50.toFixed(2) : '–',
          client ? p(t.postgis, 95).toFixed(2) : '–',
          client ? `${(a50 / g50).toFixed(2)}×` : '–',
          client ? p(t.postgisRoundTrip, 50).toFixed(2) : '–',
          n50.toFixed(2),
          `${(a50 / n50).toFixed(2)}×`,
          kb(t.atlasBytes),
          kb(t.atlasGzBytes),
          client ? kb(t.postgisBytes) : '–',
        ];
      });
    const biggest = Math.max(0, ...[...times.values()].flatMap((t) => t.atlasBytes));
    writeTable('tiles', {
      title: 'Tiles: the atlas over HTTP vs PostGIS SQL (npm run bench:tiles)',
      notes: [
        `Database ${DB} (atlas demo --scale ${SCALE} --seed 1), release ${release.label}, default threshold ${DEFAULT_DOWN} Mbit/s; ` +
          `${jobs.length} tile requests per pass (${jobs.length / LAYERS.length} tiles × ${LAYERS.join(', ')}), ${REPS} timed passes after one warm-up pass, shuffled, the sides alternating.`,
        client
          ? `PostGIS: ${(await client.query<{ v: string }>("SELECT version() || ', PostGIS ' || postgis_lib_version() AS v")).rows[0].v}; ` +
            'SQL-only time of one ST_AsMVT query per tile, measured inside the database (clock_timestamp around the query in a PL/pgSQL function, ' +
            'so with its plan cached); the round trip adds the call from Node over the Unix socket with the pg client.'
          : `PostGIS SKIPPED: ${'skip' in postgis ? postgis.skip : ''}.`,
        'Atlas: over HTTP on one kept-alive connection, time to the last byte of the gzipped tile, tile cache off (tileCacheMb 0), indexes warm; ' +
          'the null route (1 KB) is requested between the two sides of every tile.',
        `Atlas pre-rendered tiles (atlas tiles, stored by atlas demo): ${stored}.`,
        'Ratios: atlas p50 / PostGIS p50 (below 1: the atlas is faster) and atlas p50 / null-route p50. Sizes: mean / max KB per non-empty tile.',
      ],
      columns: [
        'layer',
        'zoom',
        'tiles',
        'atlas p50 ms',
        'atlas p95 ms',
        'PostGIS p50 ms',
        'PostGIS p95 ms',
        'atlas / PostGIS p50',
        'PostGIS round trip p50 ms',
        'null p50 ms',
        'atlas / null p50',
        'atlas KB',
        'atlas KB gzip',
        'PostGIS KB',
      ],
      rows,
      after: [`Largest atlas tile: ${(biggest / 1024).toFixed(1)} KB (limit 500 KB: ${biggest <= 500 * 1024 ? 'met' : 'MISSED'}).`],
    });
  } finally {
    agent.destroy();
    atlas.child.kill('SIGTERM');
    await client?.end().catch(() => undefined);
    cluster?.stop();
  }
}

if (!runAtlasChildIfAsked()) await main();
