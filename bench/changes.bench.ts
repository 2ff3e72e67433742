// What the diff precompute (issue 10) adds to an import: two seeded demo releases (2023-12, 2024-12: the same
// addresses, a year of coverage apart, some new) imported as connection CSVs; the second import is timed whole,
// and the diff of the pair (pipeline/changes writePair) is timed again alone in transactions rolled back.
// Baseline in the same run: the import without its diff (whole import minus the diff). Goal: diff <= 20 %
// of it. Then the API: p95 of GET /api/v1/changes (stored pair, every municipality) with one connection,
// each URL once, after an untimed warm-up on the reversed pair. Then the changes tiles against the uncovered
// layer's on the same tiles (BENCH_TILES per zoom, default 40), each URL once: goal p95 <= 25 ms.
// Env: BENCH_SCALE (share of the ~8.1 M dwellings, default 0.05), BENCH_REPS (diff timings, default 3), BENCH_SEED (default 7).
// BENCH_CHANGES_DB=/path.sqlite skips generation, import and diff and runs only the API part against that
// existing database (its two newest releases, whose pair the import stored; nothing is written to it).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { closeWritable, openWritable } from '../common/schema.ts';
import { loadBoundaries } from '../pipeline/boundaries/index.ts';
import { writePair } from '../pipeline/changes/index.ts';
import { writeReleaseCsv } from '../pipeline/demo/release-csv.ts';
import { importRelease } from '../pipeline/import/index.ts';
import {
  formatSummary,
  outDir,
  percentile,
  removeDb,
  repoRoot,
  randomAddresses,
  startAtlasServe,
  summary,
  tileOf,
  writeTable,
} from './lib.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.05);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const SHARE_GOAL = 0.2;
const P95_GOAL_MS = 10;
const SORTS = ['name', 'newly_covered', 'lost', 'added', 'removed', 'net_change_uncovered'];
const LEVELS = ['municipality', 'province'];
const DOWNS = [30, 100, 1000];
const UPS = ['', '&up=10', '&up=50', '&up=100', '&up=1000'];

const CHANGES_DB = process.env.BENCH_CHANGES_DB;

/** What the import part measured, or null when BENCH_CHANGES_DB skips it. */
interface ImportRun {
  addresses: number;
  rowsRead: number;
  changed: number;
  importSeconds: number;
  diffSeconds: number[];
}

/** Generates both releases, imports them into db and times the import and the diff of the pair. */
async function importRun(db: string): Promise<ImportRun> {
  const OUT = dirname(db);
  removeDb(db);
  const files: Record<string, string> = {};
  for (const release of ['2023-12', '2024-12']) {
    files[release] = join(OUT, `${release}.csv`);
    console.log(`generating ${release} at scale ${SCALE} …`);
    await writeReleaseCsv(files[release], { release, scale: SCALE, seed: SEED });
  }

  const w = openWritable(db);
  const DATA = join(repoRoot, 'data');
  loadBoundaries(w, {
    file: join(DATA, 'gemeenten_2024.geojson'),
    level: 'municipality',
    codeField: 'gemeentecode',
    nameField: 'gemeentenaam',
    parentField: 'provinciecode',
  });
  loadBoundaries(w, {
    file: join(DATA, 'provincies_2024.geojson'),
    level: 'province',
    codeField: 'provinciecode',
    nameField: 'provincienaam',
  });
  importRelease(w, { release: '2023-12', asOf: '2023-12-31', files: [files['2023-12']], synthetic: true });
  const started = performance.now();
  const second = importRelease(w, { release: '2024-12', asOf: '2024-12-31', files: [files['2024-12']], synthetic: true });
  const importSeconds = (performance.now() - started) / 1000;
  const pair = w.prepare('SELECT from_release_id AS "from", to_release_id AS "to", changed FROM change_pairs').get() as {
    from: number;
    to: number;
    changed: number;
  };

  const diffSeconds: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    w.exec('BEGIN IMMEDIATE');
    try {
      for (const t of ['change_pairs', 'change_stats', 'change_cells', 'change_addresses'])
        w.prepare(`DELETE FROM ${t} WHERE from_release_id = ? AND to_release_id = ?`).run(pair.from, pair.to);
      const t0 = performance.now();
      writePair(w, pair);
      diffSeconds.push((performance.now() - t0) / 1000);
    } finally {
      w.exec('ROLLBACK');
    }
  }
  closeWritable(w);
  return { addresses: second.addresses, rowsRead: second.rows_read, changed: pair.changed, importSeconds, diffSeconds };
}

const OUT = join(outDir, 'changes');
mkdirSync(OUT, { recursive: true });
const db = CHANGES_DB ?? join(OUT, 'changes.sqlite');
const run = CHANGES_DB ? null : await importRun(db);

/** Tile zooms by band: the per-cell aggregates below z12, single addresses from z12. */
const TILE_BANDS: [number[], string][] = [
  [[5, 7, 9, 11], 'z5–z11 (cells)'],
  [[12, 14, 16], 'z12–z16 (addresses)'],
];
const TILES_PER_ZOOM = Number(process.env.BENCH_TILES ?? 40);
const TILE_GOAL_P95_MS = 25;
const tileTimes: Record<string, Record<'changes' | 'uncovered', number[]>> = Object.fromEntries(
  TILE_BANDS.map(([, band]) => [band, { changes: [], uncovered: [] }]),
);

/** Distinct tiles at zoom z around seeded random addresses of the database (dense where people live). */
function tilesAt(path: string, z: number): [number, number][] {
  const tiles = new Map<string, [number, number]>();
  for (const p of randomAddresses(path, TILES_PER_ZOOM * 20, z)) {
    const xy = tileOf(p.lon, p.lat, z);
    tiles.set(xy.join('/'), xy);
    if (tiles.size === TILES_PER_ZOOM) break;
  }
  return [...tiles.values()];
}

const { child, base } = await startAtlasServe(db);
const times: number[] = [];
try {
  const first = (await (await fetch(`${base}/api/v1/changes`)).json()) as { from: string; to: string }; // loads the pair once
  // Warm-up, not timed: the same requests on the reversed pair (computed once, in a worker), so the first
  // measured requests do not pay the server's JIT warm-up, while none of their answers or figures is cached.
  for (const level of LEVELS)
    for (const down of DOWNS)
      for (const up of UPS) {
        const res = await fetch(`${base}/api/v1/changes?from=${first.to}&to=${first.from}&level=${level}&down=${down}${up}`);
        if (res.status !== 200) throw new Error(`GET /api/v1/changes (warm-up): ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
  // Every URL once, so the JSON cache never answers: each request sums the class pairs anew.
  for (const level of LEVELS)
    for (const sort of SORTS)
      for (const down of DOWNS)
        for (const up of UPS) {
          const t0 = performance.now();
          const res = await fetch(`${base}/api/v1/changes?level=${level}&sort=${sort}&down=${down}${up}`);
          if (res.status !== 200) throw new Error(`GET /api/v1/changes: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
          times.push(performance.now() - t0);
        }
  // The changes tiles against the uncovered layer's (what the map already asks of every tile) on the same
  // tiles, alternating, each URL once (so the tile cache never answers), one connection.
  for (const [zooms, band] of TILE_BANDS) {
    for (const z of zooms) {
      for (const [x, y] of tilesAt(db, z)) {
        for (const layer of ['uncovered', 'changes'] as const) {
          const query = layer === 'changes' ? `from=${first.from}&to=${first.to}&down=1000` : `release=${first.to}&down=1000`;
          const t0 = performance.now();
          const res = await fetch(`${base}/tiles/${layer}/${z}/${x}/${y}.mvt?${query}`);
          if (res.status !== 200 && res.status !== 204) throw new Error(`${layer} tile ${z}/${x}/${y}: ${res.status}`);
          await res.arrayBuffer();
          tileTimes[band][layer].push(performance.now() - t0);
        }
      }
    }
  }
} finally {
  child.kill();
}
const p95 = percentile(
  [...times].sort((a, b) => a - b),
  95,
);

const apiNote = `- API: ${times.length} sequential requests over one connection, each URL once (level × sort × threshold), so none is answered from the JSON cache; before them, untimed, the ${LEVELS.length * DOWNS.length * UPS.length} level × threshold requests of the reversed pair warm the server up`;
const apiRow = ['GET /api/v1/changes p95 (ms)', p95.toFixed(2)];
const apiGoal = `- API p95 <= ${P95_GOAL_MS} ms: ${p95 <= P95_GOAL_MS ? 'met' : '**missed**'}`;
const sortedMs = (xs: number[]) => [...xs].sort((a, b) => a - b);
const tileRows = TILE_BANDS.flatMap(([, band]) => {
  const [c, u] = [sortedMs(tileTimes[band].changes), sortedMs(tileTimes[band].uncovered)];
  return [
    [`changes tiles ${band}: p50 / p95 (ms), ${c.length} tiles`, `${percentile(c, 50).toFixed(2)} / ${percentile(c, 95).toFixed(2)}`],
    [`uncovered tiles, same tiles: p50 / p95 (ms)`, `${percentile(u, 50).toFixed(2)} / ${percentile(u, 95).toFixed(2)}`],
  ];
});
const worstTileP95 = Math.max(...TILE_BANDS.map(([, band]) => percentile(sortedMs(tileTimes[band].changes), 95)));
const tileNote = `- tiles: ${TILES_PER_ZOOM} distinct tiles per zoom (${TILE_BANDS.flatMap(([z]) => z).join(', ')}) around seeded random addresses, each URL once over one connection, the changes tile (newest pair, down=1000) alternating with the uncovered tile of the newest release`;
const tileGoal = `- changes tile p95 <= ${TILE_GOAL_P95_MS} ms (the uncached tile goal of the other layers): ${worstTileP95 <= TILE_GOAL_P95_MS ? 'met' : '**missed**'} (worst ${worstTileP95.toFixed(2)} ms)`;
if (run) {
  const diff = summary(run.diffSeconds).mean;
  const baseline = run.importSeconds - diff;
  const share = diff / baseline;
  writeTable('changes', {
    title: 'Changes: the diff precompute against the import it is part of; GET /api/v1/changes',
    notes: [
      `- data: demo generator, scale ${SCALE}, seed ${SEED}: release 2024-12 with ${run.addresses.toLocaleString('en')} addresses (${run.rowsRead.toLocaleString('en')} rows) imported over 2023-12`,
      `- changed addresses between them (stored): ${run.changed.toLocaleString('en')}`,
      `- diff timed ${REPS}× alone (writePair in a transaction rolled back): ${formatSummary(summary(run.diffSeconds), 's', 2)}`,
      apiNote,
      tileNote,
    ],
    columns: ['measure', 'value'],
    rows: [
      ['import of 2024-12, whole (s)', run.importSeconds.toFixed(2)],
      ['of which the diff with 2023-12 (s, mean)', diff.toFixed(2)],
      ['baseline: the import without the diff (s)', baseline.toFixed(2)],
      ['diff / baseline', `${(share * 100).toFixed(1)} %`],
      apiRow,
      ...tileRows,
    ],
    after: [`- diff <= ${SHARE_GOAL * 100} % of the import: ${share <= SHARE_GOAL ? 'met' : '**missed**'}`, apiGoal, tileGoal],
  });
} else {
  writeTable('changes-api', {
    title: 'Changes: GET /api/v1/changes on an existing database',
    notes: [`- database: ${db} (BENCH_CHANGES_DB): the newest release against the one before it`, apiNote, tileNote],
    columns: ['measure', 'value'],
    rows: [apiRow, ...tileRows],
    after: [apiGoal, tileGoal],
  });
}
