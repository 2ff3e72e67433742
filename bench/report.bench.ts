// Benchmark of the area reports (issue 5): one report for the largest municipality and for the one
// with most uncovered addresses (collect + render, several reps after a warm-up), and `--all`
// municipalities; pdfkit's floor (a one-page PDF with one line) measured in the same run.
//   npm run bench:report            national scale: bench/out/national.sqlite (atlas demo --scale 1)
//   ATLAS_BENCH_SCALE=0.05 npm run bench:report     a quicker, smaller run
//   ATLAS_BENCH_REPS=5                               reps per single-report figure (default 5)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { AREA_LEVELS } from '../common/constants.ts';
import { writeAllReports } from '../server/report/batch.ts';
import { createReportCollector } from '../server/report/collect.ts';
import { renderReport } from '../server/report/render.ts';
import { selectArea } from '../server/report/selection.ts';
import { openStore } from '../server/store/index.ts';
import { formatSummary, ms, summary, writeTable, type Summary } from './lib.ts';

const SCALE = Number(process.env.ATLAS_BENCH_SCALE ?? 1);
const REPS = Number(process.env.ATLAS_BENCH_REPS ?? 5);
const GOAL_ONE_S = 1;
const GOAL_ALL_S = 180;
const threshold = { down: 1000, up: null, fixed_only: false } as const;
const attribution = ['Kadaster / Centraal Bureau voor de Statistiek, 2024'];

function databasePath(): string {
  const path = SCALE === 1 ? 'bench/out/national.sqlite' : `bench/out/national-${SCALE}.sqlite`;
  if (!existsSync(path)) {
    console.log(`building ${path} with atlas demo --scale ${SCALE} (once; reused by later runs) ...`);
    mkdirSync('bench/out', { recursive: true });
    try {
      execFileSync(process.execPath, ['bin/atlas.js', 'demo', '--scale', String(SCALE), '--seed', '1', '--db', path], { stdio: 'inherit' });
    } catch {
      console.error(`bench/report: could not build ${path} with atlas demo (see above); build it yourself or set ATLAS_BENCH_SCALE.`);
      process.exit(1);
    }
  }
  return path;
}

const fmt = (s: Summary) => formatSummary(s, 'ms', 0);

/** pdfkit's own floor: an A4 page with one line of text, to the same in-memory Buffer. */
function floorPdf(): Promise<number> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  const done = new Promise<number>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks).length)));
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.font('Helvetica').fontSize(12).text('Gigabit Atlas');
  doc.end();
  return done;
}

let sink = 0;
const path = databasePath();
const store = openStore(path);
const goal = { year: 2030, pct: 100 };
const collect = createReportCollector(store, attribution, goal);
const release = store.releases.resolve();
const areas = store.stats.areas(release.id, AREA_LEVELS[0], threshold);
const largest = areas.reduce((a, b) => (b.addresses > a.addresses ? b : a));
const mostUncovered = areas.reduce((a, b) => (b.uncovered > a.uncovered ? b : a));
console.log(
  `${path}: release ${release.label}, ` +
    `${release.addresses.toLocaleString('en')} addresses, ${release.uncovered.toLocaleString('en')} uncovered, ${areas.length} municipalities`,
);

for (let i = 0; i < 3; i++) sink += await floorPdf();
const floor: number[] = [];
for (let i = 0; i < REPS * 4; i++) {
  const t = process.hrtime.bigint();
  sink += await floorPdf();
  floor.push(ms(t));
}
const floorStats = summary(floor);
console.log(`\npdfkit floor (one page, one line): ${fmt(floorStats)}`);

const rows: (string | number)[][] = [];
for (const [label, area] of [
  ['largest', largest],
  ['most uncovered', mostUncovered],
] as const) {
  const selection = selectArea(store, area.code, release.label, threshold);
  sink += (await renderReport(collect(selection), 'nl')).length;
  const collects: number[] = [];
  const renders: number[] = [];
  const totals: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPS; i++) {
    const t0 = process.hrtime.bigint();
    const data = collect(selection);
    const c = ms(t0);
    const t1 = process.hrtime.bigint();
    bytes = (await renderReport(data, 'nl')).length;
    const r = ms(t1);
    collects.push(c);
    renders.push(r);
    totals.push(c + r);
  }
  const total = summary(totals);
  rows.push([
    `${label}: ${area.name} (${area.code})`,
    area.addresses.toLocaleString('en'),
    area.uncovered.toLocaleString('en'),
    summary(collects).mean.toFixed(0),
    summary(renders).mean.toFixed(0),
    fmt(total),
    Math.round(bytes / 1024),
    `${(total.mean / floorStats.mean).toFixed(0)}×`,
    total.mean <= GOAL_ONE_S * 1000 ? 'met' : 'MISSED',
  ]);
  sink += bytes;
}

const dir = join('bench/out', `reports-${SCALE}`);
rmSync(dir, { recursive: true, force: true });
const t = process.hrtime.bigint();
const files = await writeAllReports(store, dir, { threshold, lang: 'nl', attribution, goal });
const allS = ms(t) / 1000;
writeTable('report', {
  title: 'Report benchmark (npm run bench:report)',
  notes: [
    `${path}: release ${release.label}, ${release.addresses.toLocaleString('en')} addresses, ${release.uncovered.toLocaleString('en')} uncovered, ${areas.length} municipalities.`,
    `pdfkit floor (one page, one line): ${fmt(floorStats)}.`,
  ],
  columns: ['report', 'addresses', 'uncovered', 'collect (ms)', 'render (ms)', 'total', 'PDF KiB', 'vs floor', 'goal <= 1 s'],
  rows,
  after: [
    `atlas report --all: ${files.length} municipalities in ${allS.toFixed(1)} s ` +
      `(${((allS * 1000) / files.length).toFixed(0)} ms per report; goal <= ${GOAL_ALL_S} s: ${allS <= GOAL_ALL_S ? 'met' : 'MISSED'})`,
  ],
});
store.close();
console.log(`(sink ${sink})`);
