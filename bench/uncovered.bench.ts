// Uncovered pages benchmark (`npm run bench:uncovered`, issue 16 item 2): every threshold (3 download
// × 5 upload conditions) over the largest municipalities, random ones and two provinces, paging with
// the cursor; each page timed in-process against the previous query (one statement, ORDER BY id over
// the area's rows) run on the same pages in the same run. Then, over HTTP against `atlas serve`,
// /api/v1/summary one at a time while 4 clients page through `up=` lists.
//
// ATLAS_BENCH_SCALE (default 1) / ATLAS_BENCH_DB pick the database as in the other benches;
// ATLAS_BENCH_PAGES (default 30) pages per list, ATLAS_BENCH_LIMIT (default 100) rows per page.
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { DOWN_THRESHOLDS, UP_THRESHOLDS } from '../common/constants.ts';
import type { Threshold } from '../common/types.ts';
import { encodeCursor } from '../server/params.ts';
import { ADDRESS_COLUMNS } from '../server/store/addresses.ts';
import { coverClasses } from '../server/store/figures.ts';
import { openStore } from '../server/store/index.ts';
import type { UncoveredQuery } from '../server/store/uncovered.ts';
import { benchDbPath, ensureDemoDb, percentile, startAtlasServe } from './lib.ts';

const SCALE = process.env.ATLAS_BENCH_SCALE ?? '1';
const DB = benchDbPath(SCALE);
const PAGES = Number(process.env.ATLAS_BENCH_PAGES ?? 30);
const LIMIT = Number(process.env.ATLAS_BENCH_LIMIT ?? 100);
const GOAL_P95_MS = 20;

type Autocannon = (opts: Record<string, unknown>) => PromiseLike<{
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

ensureDemoDb(DB, SCALE);
const store = openStore(DB);
const release = store.releases.resolve();
const municipalities = store.stats.areas(release.id, 'municipality', { down: 1000, up: null, fixed_only: false });
const provinces = store.stats.areas(release.id, 'province', { down: 1000, up: null, fixed_only: false });
const bySize = [...municipalities].sort((a, b) => b.addresses - a.addresses);
const areas = [
  ...bySize.slice(0, 5),
  ...bySize.filter((_, i) => i % Math.max(1, Math.floor(bySize.length / 5)) === 3).slice(0, 5),
  ...provinces.slice(0, 2),
];
const thresholds: Threshold[] = DOWN_THRESHOLDS.flatMap((down) => [null, ...UP_THRESHOLDS].map((up) => ({ down, up, fixed_only: false })));

// The query before issue 16: one statement over the area's rows in id order (a sort with `up`).
const previous = store.db.prepare(
  `SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE release_id = @release AND area_code IN (SELECT value FROM json_each(@codes))
    AND id > @after AND (down_class < @dc OR up_class < @uc) ORDER BY id LIMIT @limit`,
);

const now = [] as number[];
const before = [] as number[];
// CPU time of the page alone: on a shared machine the wall clock also counts waiting for a core.
const nowCpu = [] as number[];
const beforeCpu = [] as number[];
const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const byThreshold = new Map<string, number[]>();
const uncoveredCursors: string[] = [];
let pages = 0;
// Two passes over the same pages; the first warms SQLite's page cache and the JIT and is not counted.
for (const pass of [0, 1]) {
  for (const area of areas) {
    const areaCodes = store.areas.addressCodes(store.areas.get(area.code));
    for (const threshold of thresholds) {
      const q: UncoveredQuery = { release: release.id, areaCodes, threshold };
      const { dc, uc } = coverClasses(threshold, store.definitions());
      let after: number | null = 0;
      let previousAfter = 0;
      const key = `${threshold.down}${threshold.up === null ? '' : `/${threshold.up}`}`;
      for (let p = 0; p < PAGES && after !== null; p++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const page = store.uncovered.page(q, after, LIMIT);
        const ms = performance.now() - t0;
        if (pass === 1) {
          nowCpu.push(cpuMs(c0));
          now.push(ms);
          byThreshold.set(key, [...(byThreshold.get(key) ?? []), ms]);
          pages++;
        }
        if (pass === 1 && threshold.up !== null && after !== 0 && uncoveredCursors.length < 2000) {
          uncoveredCursors.push(
            `/api/v1/uncovered?area=${area.code}&down=${threshold.down}&up=${threshold.up}&limit=${LIMIT}&cursor=${encodeCursor(after)}`,
          );
        }
        after = page.nextAfter;
        const c1 = process.cpuUsage();
        const t1 = performance.now();
        const rows = previous.all({
          release: release.id,
          codes: JSON.stringify(areaCodes),
          after: previousAfter,
          dc,
          uc,
          limit: LIMIT,
        }) as { id: number }[];
        if (pass === 1) {
          before.push(performance.now() - t1);
          beforeCpu.push(cpuMs(c1));
        }
        previousAfter = rows.at(-1)?.id ?? 0;
      }
    }
  }
}
store.close();
for (const xs of [now, before, nowCpu, beforeCpu]) xs.sort((a, b) => a - b);

console.log(`\nGigabit Atlas uncovered pages — ${DB}, release ${release.label} (${release.addresses.toLocaleString('en')} addresses)`);
console.log(
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${areas.length} areas (5 largest municipalities, 5 others, 2 provinces) × ${thresholds.length} thresholds, up to ${PAGES} pages of ${LIMIT}: ${pages} pages\n`,
);
console.log('| query | p50 ms | p95 ms | p99 ms | max ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const line = (label: string, xs: number[]) =>
  console.log(
    `| ${label} | ${percentile(xs, 50).toFixed(2)} | ${percentile(xs, 95).toFixed(2)} | ${percentile(xs, 99).toFixed(2)} | ${xs.at(-1)!.toFixed(2)} |`,
  );
line('index cells (now)', now);
line('previous query (ORDER BY id over the area)', before);
line('index cells (now), CPU time', nowCpu);
line('previous query, CPU time', beforeCpu);
console.log('\n| threshold (down/up) | p95 ms now |');
console.log('| --- | ---: |');
for (const [key, xs] of byThreshold)
  console.log(
    `| ${key} | ${percentile(
      [...xs].sort((a, b) => a - b),
      95,
    ).toFixed(2)} |`,
  );
const worst = Math.max(
  ...[...byThreshold.values()].map((xs) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      95,
    ),
  ),
);
console.log(
  `\n${worst <= GOAL_P95_MS ? 'met    ' : 'MISSED '} every threshold's page p95 <= ${GOAL_P95_MS} ms: worst ${worst.toFixed(2)} ms`,
);

// Over HTTP: does paging `up=` lists hold up an unrelated request?
const { child, base } = await startAtlasServe(DB);
try {
  let next = 0;
  const pagers = autocannon({
    url: base,
    connections: 4,
    duration: 10,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: uncoveredCursors[next++ % uncoveredCursors.length] }) }],
  });
  const summary = await autocannon({ url: base, connections: 1, duration: 10, requests: [{ path: '/api/v1/summary' }] });
  const paged = await pagers;
  console.log(
    `\nHTTP, 10 s: 4 clients paging up= lists: ${paged.requests.average.toFixed(0)} req/s, p50 ${paged.latency.p50} ms, p99 ${paged.latency.p99} ms, max ${paged.latency.max} ms, non-2xx ${paged.non2xx}`,
  );
  console.log(
    `meanwhile /api/v1/summary (1 client): ${summary.requests.average.toFixed(0)} req/s, p50 ${summary.latency.p50} ms, p99 ${summary.latency.p99} ms, max ${summary.latency.max} ms`,
  );
} finally {
  child.kill('SIGTERM');
}
