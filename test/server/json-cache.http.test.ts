// The JSON answer cache (issue 16 item 4): keyed by the canonical query, weighed with its key, and
// not filled by junk. Long junk URLs leave it empty; more distinct valid ones than fit stay within
// its budget. (`npm run bench:soak` sends 30,000 junk URLs to a server process and prints its RSS.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const BUDGET_MB = 0.25;
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-json-cache-'));
  server = await startTestServer(await buildFixtureDb(dir), { jsonCacheMb: BUDGET_MB });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const stats = () => server.running.ctx.json.stats();

/** Requests every path, 16 at a time; every answer must be 200. */
async function requestAll(paths: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < paths.length) {
        const res = await server.get(paths[next++]);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    }),
  );
}

describe('JSON answer cache', () => {
  it('keeps one entry for one query however it is written', async () => {
    server.running.ctx.json.clear();
    const a = await (await server.get('/api/v1/areas?level=province&sort=code')).text();
    const b = await (await server.get('/api/v1/areas?sort=code&level=province')).text();
    expect(b).toBe(a);
    expect(stats().entries).toBe(1);
    // Empty parts are answered the same, and not kept.
    expect(await (await server.get('/api/v1/areas?level=province&&&sort=code&')).text()).toBe(a);
    expect(stats().entries).toBe(1);
  });

  it('stays within its budget, key bytes counted, over 2,000 junk and 2,000 distinct URLs', { timeout: 300_000 }, async () => {
    server.running.ctx.json.clear();
    const junk = Array.from({ length: 2000 }, (_, i) => `/api/v1/areas?level=province&q=zz${i % 7}${'&'.repeat(200 + (i % 50))}`);
    await requestAll(junk);
    expect(stats().entries).toBe(0);
    const distinct = Array.from({ length: 2000 }, (_, i) => `/api/v1/areas?level=province&q=${'z'.repeat(60)}${i}`);
    await requestAll(distinct);
    const { entries, bytes } = stats();
    expect(bytes).toBeLessThanOrEqual(BUDGET_MB * 1024 * 1024);
    // Each entry is weighed with its ~100-byte key and overhead, so fewer than 2,000 fit.
    expect(entries).toBeLessThan(2000);
    expect(bytes / entries).toBeGreaterThan(100 + 1000);
  });
});
