// Benchmark of the unserved clusters (issue 5): clustering every uncovered address of a national-scale
// release, and the algorithms against brute force on a subset measured in the same run.
//   npx tsx bench/clusters.bench.ts [--addresses N] [--uncovered-share F] [--reps N]
// Data: seeded synthetic villages over the Netherlands' bounding box written straight into the schema
// (bench/out/, reused across runs with the same parameters).
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readDefinitions } from '../common/definitions.ts';
import { gzipSync } from 'node:zlib';
import { openReadOnly, openWritable } from '../common/schema.ts';
import { buildClusters } from '../pipeline/clusters/index.ts';
import { linkPoints } from '../pipeline/clusters/link.ts';
import { CoveredIndex } from '../pipeline/clusters/nearest.ts';
import { readAddressPoints, readUncovered } from '../pipeline/clusters/points.ts';
import { createStore } from '../server/store/index.ts';
import { createIndexCache } from '../server/tiles/index-cache.ts';
import { clustersLayer } from '../server/tiles/clusters.ts';
import {
  bruteForceLabels,
  bruteForceNearestM,
  cpuSeconds,
  formatSummary,
  insertRelease,
  seconds,
  summary,
  villageAddresses,
  writeTable,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    addresses: { type: 'string', default: '9400000' },
    'uncovered-share': { type: 'string', default: '0.009' },
    reps: { type: 'string', default: '3' },
    subset: { type: 'string', default: '4000' },
  },
});
const total = Number(values.addresses);
const share = Number(values['uncovered-share']);
const reps = Number(values.reps);
const subset = Number(values.subset);
const NL_BOX: [number, number, number, number] = [3.36, 50.75, 7.23, 53.47];

const stats = (xs: number[]) => formatSummary(summary(xs), 's', 2);

function prepareDb(): string {
  const dir = 'bench/out';
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `clusters-${total}-${share}.sqlite`);
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const start = process.hrtime.bigint();
  const db = openWritable(partial);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  insertRelease(db, 'bench', villageAddresses(42, total, NL_BOX, share));
  db.close();
  renameSync(partial, path);
  console.log(`generated ${total.toLocaleString('en')} addresses in ${seconds(start).toFixed(1)} s -> ${path}`);
  return path;
}

const path = prepareDb();
const db = openWritable(path);
const releaseId = 1;
/** The result table's rows: what was measured, and the figure. */
const rows: string[][] = [];
function record(what: string, figure: string): void {
  rows.push([what, figure]);
  console.log(`${what}: ${figure}`);
}

// National clustering, as the import runs it: with every address's point and class collected while
// loading (read here once, untimed), read the uncovered back, cluster every threshold, write.
let start = process.hrtime.bigint();
const points = readAddressPoints(db, releaseId);
const readPoints = seconds(start);
let counts = buildClusters(db, releaseId, { points }); // warm-up (page cache, JIT)
const runs: number[] = [];
const cpuRuns: number[] = [];
for (let r = 0; r < reps; r++) {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  counts = buildClusters(db, releaseId, { points });
  runs.push(seconds(start));
  cpuRuns.push(cpuSeconds(cpu));
}
record(
  `buildClusters, national (${total.toLocaleString('en')} addresses, 3 thresholds: ` +
    `${counts.map((c) => `${c.down} Mbit/s ${c.addresses.toLocaleString('en')} uncovered -> ${c.clusters.toLocaleString('en')} clusters`).join('; ')})`,
  `wall ${stats(runs)}; CPU ${stats(cpuRuns)} (goal <= 10 s wall: ${Math.min(...runs) <= 10 ? 'met' : 'MISSED'})`,
);

// Phases of one run, to see where the time goes.
start = process.hrtime.bigint();
const uncovered = readUncovered(db, releaseId, readDefinitions(db));
record(`of which: reading ${uncovered.rowid.length.toLocaleString('en')} uncovered`, `${seconds(start).toFixed(2)} s`);
start = process.hrtime.bigint();
const index = new CoveredIndex(points);
// The index of a class is built by its first search.
index.nearestM([uncovered.lon[0]], [uncovered.lat[0]], 3);
record(`of which: index over the covered of ${points.lon.length.toLocaleString('en')} addresses`, `${seconds(start).toFixed(2)} s`);
record(
  `(not timed above) reading all ${points.lon.length.toLocaleString('en')} points back in one scan, for callers without them`,
  `${readPoints.toFixed(2)} s`,
);
start = process.hrtime.bigint();
const linkage = linkPoints(uncovered.lon, uncovered.lat, 250);
record(
  `of which: linking ${uncovered.rowid.length.toLocaleString('en')} points`,
  `${seconds(start).toFixed(2)} s -> ${linkage.count.toLocaleString('en')} clusters`,
);

// Against brute force on a subset: the first `subset` uncovered points, and their nearest covered.
const lon = uncovered.lon.subarray(0, subset);
const lat = uncovered.lat.subarray(0, subset);
start = process.hrtime.bigint();
bruteForceLabels(lon, lat, 250);
const bruteLink = seconds(start);
start = process.hrtime.bigint();
for (let r = 0; r < 10; r++) linkPoints(lon, lat, 250);
const gridLink = seconds(start) / 10;
record(
  `linking ${subset} points: brute force vs grid`,
  `${bruteLink.toFixed(3)} s vs ${gridLink.toFixed(4)} s (${(bruteLink / gridLink).toFixed(0)}×)`,
);

const probes = 10;
const coveredPairs = Array.from({ length: points.lon.length }, (_, i) => [points.lon[i], points.lat[i]] as const).filter(
  (_, i) => points.downClass[i] >= 3,
);
start = process.hrtime.bigint();
for (let i = 0; i < probes; i++) bruteForceNearestM(lon[i], lat[i], coveredPairs);
const bruteNearest = seconds(start) / probes;
start = process.hrtime.bigint();
for (let i = 0; i < probes; i++) index.nearestM([lon[i]], [lat[i]], 3);
const indexNearest = seconds(start) / probes;
record(
  `nearest covered of one address among ${coveredPairs.length.toLocaleString('en')}: brute force vs the kd walk`,
  `${(bruteNearest * 1e3).toFixed(1)} ms vs ${(indexNearest * 1e6).toFixed(1)} µs (${(bruteNearest / indexNearest).toFixed(0)}×)`,
);
db.close();

// The clusters tile over the whole country at low zoom: the largest the layer makes.
const store = createStore(openReadOnly(path));
const layer = clustersLayer(store, createIndexCache(192));
const release = store.releases.resolve();
for (const [z, x, y] of [
  [5, 16, 10],
  [7, 65, 42],
  [9, 262, 168],
]) {
  const tile = layer.render({ z, x, y, release, threshold: { down: 1000, up: null, fixed_only: false } });
  record(`clusters tile ${z}/${x}/${y}`, `${tile?.length ?? 0} bytes, ${tile ? gzipSync(tile).length : 0} gzipped (limit 500 KB)`);
}
store.close();
record('peak RSS', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
writeTable('clusters', { title: 'Clusters benchmark (npx tsx bench/clusters.bench.ts)', columns: ['what', 'figure'], rows });
