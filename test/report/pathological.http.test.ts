// Reports of pathological areas (issue 16 items 3 and 5): a megabyte area name and 80 KB street
// names, as an old database or a hand-edited one may hold, render in bounded time; the server
// renders in a worker, so /healthz answers all the while (its latency is printed); a report over
// the time limit answers 503 and leaves the server serving.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WORD } from '../../server/report/page.ts';
import { renderReport } from '../../server/report/render.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { tempDir } from '../helpers/temp-db.ts';
import { expectError, startTestServer } from '../helpers/server.ts';
import { sampleAddresses, sampleReport } from './sample-report.ts';

const HUGE_NAME = 'N'.repeat(1_000_000);
const LONG_STREET = 'S'.repeat(80_000);

const dir = tempDir('atlas-pathological-');
let db: string;
let code: string;

beforeAll(async () => {
  db = await buildFixtureDb(dir);
  // What the import and the boundary check now refuse, written straight into the database.
  const raw = new Database(db);
  code = raw
    .prepare('SELECT area_code FROM addresses WHERE down_class < 3 GROUP BY area_code ORDER BY count(*) DESC LIMIT 1')
    .pluck()
    .get() as string;
  raw.prepare('UPDATE areas SET name = ? WHERE code = ?').run(HUGE_NAME, code);
  raw.prepare('UPDATE address_rows SET street = ? WHERE area_code = ? AND down_class < 3').run(LONG_STREET, code);
  raw.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The PDF's text in drawing order without whitespace: a clipped word wrapped over lines reads as one again. */
function unbroken(pdf: Buffer): string {
  const file = join(dir, 'report.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/\s+/g, '');
}

describe('pathological report text', () => {
  it('cuts words longer than MAX_WORD with an ellipsis instead of wrapping them letter by letter', async () => {
    const uncovered = sampleAddresses(40, 4, [6.05, 53.03]).map((a) => ({ ...a, street: LONG_STREET }));
    const data = sampleReport({ uncovered });
    data.area = { ...data.area, name: HUGE_NAME };
    const text = unbroken(await renderReport(data, 'en'));
    expect(text).toContain(`${'N'.repeat(MAX_WORD)}…`);
    expect(text).not.toContain('N'.repeat(MAX_WORD + 1));
    expect(text).toContain(`${'S'.repeat(MAX_WORD)}…`);
    expect(text).not.toContain('S'.repeat(MAX_WORD + 1));
  });

  it('renders in a worker while /healthz keeps answering', async () => {
    const server = await startTestServer(db);
    try {
      let done = false;
      const report = server.get(`/api/v1/areas/${code}/report.pdf?lang=en`).finally(() => (done = true));
      const latencies: number[] = [];
      while (!done) {
        const t0 = performance.now();
        const health = await server.get('/healthz');
        expect(health.status).toBe(200);
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
      const res = await report;
      expect(res.status).toBe(200);
      const text = unbroken(Buffer.from(await res.arrayBuffer()));
      expect(text).toContain(`${'N'.repeat(MAX_WORD)}…`);
      expect(text).toContain(`${'S'.repeat(MAX_WORD)}…`);
      latencies.sort((a, b) => a - b);
      console.log(
        `/healthz during the report: ${latencies.length} answers, p50 ${latencies[latencies.length >> 1].toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
      );
      // The report took a while, and the server answered health checks all along.
      expect(latencies.length).toBeGreaterThan(1);
    } finally {
      await server.stop();
    }
  });

  it('stops a report over the time limit with 503, and goes on serving', async () => {
    const server = await startTestServer(db, { reportTimeoutSeconds: 0.001 });
    try {
      await expectError(await server.get(`/api/v1/areas/${code}/report.pdf`), 503);
      expect((await server.get('/healthz')).status).toBe(200);
      const again = await server.get(`/api/v1/areas/${code}/report.pdf`);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('report_timeout');
      expect((await server.get(`/api/v1/areas/${code}/uncovered.csv`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
