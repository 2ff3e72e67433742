// Covered tiles (`npm run bench:covered`, issue 12): the `covered` layer rendered in-process for the
// tiles z13-16 around seeded random addresses (so dense where people live), each tile once, against
// the `uncovered` layer's render of the same tiles in the same run (its index built beforehand): the
// baseline is what the map already asks of every tile at those zooms. Prints p50/p95 per zoom and the
// p95 tile size. Goal: an uncached covered tile p95 <= 25 ms (the server bench's uncached tile goal).
//
// ATLAS_BENCH_SCALE (default 1) / ATLAS_BENCH_DB pick the database as in the other benches;
// ATLAS_BENCH_TILES (default 200) tiles per zoom.
import { COVERED_POINTS_MIN_ZOOM, TILE_MAX_ZOOM } from '../common/constants.ts';
import type { Threshold } from '../common/types.ts';
import { openStore } from '../server/store/index.ts';
import { createTileLayers } from '../server/tiles/index.ts';
import { benchDbPath, ensureDemoDb, percentile, randomAddresses, tileOf, writeTable } from './lib.ts';

const SCALE = process.env.ATLAS_BENCH_SCALE ?? '1';
const DB = benchDbPath(SCALE);
const TILES = Number(process.env.ATLAS_BENCH_TILES ?? 200);
const GOAL_P95_MS = 25;
const MAX_TILE_POINTS = 5000; // the server's default maxTilePoints
const THRESHOLD: Threshold = { down: 1000, up: null, fixed_only: false };

ensureDemoDb(DB, SCALE);
const store = openStore(DB);
const release = store.releases.resolve();
const layers = createTileLayers(store, MAX_TILE_POINTS);
const covered = layers.get('covered')!;
const uncovered = layers.get('uncovered')!;

const places = randomAddresses(DB, TILES, 12, release.id);

// The uncovered layer's in-memory index is built once, outside the timings.
const t0 = performance.now();
uncovered.render({ z: 14, x: 0, y: 0, release, threshold: THRESHOLD });
const indexMs = performance.now() - t0;

const rows: (string | number)[][] = [];
let worstP95 = 0;
for (let z = COVERED_POINTS_MIN_ZOOM; z <= TILE_MAX_ZOOM; z++) {
  const tiles = [...new Set(places.map((p) => tileOf(p.lon, p.lat, z).join('/')))].map((k) => k.split('/').map(Number));
  const times = { covered: [] as number[], uncovered: [] as number[] };
  const bytes: number[] = [];
  for (const [x, y] of tiles) {
    // Alternated, so a drift in the machine's load falls on both.
    for (const [name, layer] of [
      ['uncovered', uncovered],
      ['covered', covered],
    ] as const) {
      const s = performance.now();
      const out = layer.render({ z, x, y, release, threshold: THRESHOLD });
      times[name].push(performance.now() - s);
      if (name === 'covered') bytes.push(out?.length ?? 0);
    }
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [c, u] = [sorted(times.covered), sorted(times.uncovered)];
  const p95 = percentile(c, 95);
  worstP95 = Math.max(worstP95, p95);
  rows.push([
    `z${z}`,
    tiles.length,
    percentile(c, 50).toFixed(2),
    p95.toFixed(2),
    percentile(u, 50).toFixed(2),
    percentile(u, 95).toFixed(2),
    `${(p95 / Math.max(percentile(u, 95), 0.01)).toFixed(2)}×`,
    Math.round(percentile(sorted(bytes), 95) / 1024),
  ]);
}
store.close();

writeTable('covered', {
  title: 'Covered tiles: the covered layer against the uncovered layer on the same tiles',
  notes: [
    `- database: ${DB} (release ${release.label}), threshold ${THRESHOLD.down} Mbit/s, maxTilePoints ${MAX_TILE_POINTS}`,
    `- tiles around ${TILES} seeded random addresses per zoom, each rendered once per layer, alternating; uncovered index built first in ${indexMs.toFixed(0)} ms`,
  ],
  columns: [
    'zoom',
    'tiles',
    'covered p50 ms',
    'covered p95 ms',
    'uncovered p50 ms',
    'uncovered p95 ms',
    'covered / uncovered p95',
    'covered tile p95 KiB',
  ],
  rows,
  after: [
    `- covered tile p95 <= ${GOAL_P95_MS} ms at every zoom: ${worstP95 <= GOAL_P95_MS ? 'met' : '**missed**'} (worst ${worstP95.toFixed(2)} ms)`,
  ],
});
