// Pairs of releases the import did not store (not adjacent) over a real server: computed in a worker
// thread with the same figures, lists and tiles as a brute-force diff; identical concurrent requests share
// one computation; and /healthz keeps answering while a pair of large releases is being computed, and
// while the stored changed addresses of a large pair are read for a list.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWritable, openWritable } from '../../common/schema.ts';
import { writePair } from '../../pipeline/changes/index.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { ALL_THRESHOLDS, bruteChanges, bruteIds, variedRelease } from '../helpers/change-releases.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { boundariesDb, tempDir } from '../helpers/temp-db.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';
import { createVillageDb, insertRelease, villageAddresses } from '../helpers/village-db.ts';
import { parseCsv } from '../report/csv-parse.ts';

const KINDS = ['newly_covered', 'lost', 'added', 'removed'] as const;

describe('a pair the import did not store', () => {
  let dir: string;
  let server: TestServer;
  let brute: Database.Database;
  const workerRuns = () => server.running.ctx.store.changes.workerRuns();

  beforeAll(async () => {
    const b = boundariesDb(tempDir('atlas-changes-worker-'));
    dir = b.dir;
    for (const [release, asOf, seed] of [
      ['A', '2023-01-01', 1],
      ['M', '2023-06-01', 3],
      ['B', '2024-01-01', 2],
    ] as const) {
      importRelease(b.db, { release, asOf, files: [variedRelease(dir, `${release}.csv`, seed)], synthetic: true, allowRejects: true });
    }
    const stored = b.db.prepare('SELECT count(*) FROM change_pairs').pluck().get();
    expect(stored, 'only the adjacent pairs A>M and M>B are stored').toBe(2);
    closeWritable(b.db);
    server = await startTestServer(b.path);
    brute = new Database(b.path, { readonly: true });
  });

  afterAll(async () => {
    brute?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the figures of a brute-force diff, nationally and per municipality, at every threshold', async () => {
    for (const { down, up } of ALL_THRESHOLDS) {
      const body = await server.json(`/api/v1/changes?from=A&to=B&down=${down}${up === undefined ? '' : `&up=${up}`}`);
      const expected = bruteChanges(brute, 'A', 'B', down, up);
      for (const k of [...KINDS, 'added_covered', 'removed_covered', 'net_change_uncovered', 'addresses_from', 'addresses_to'])
        expect(body[k], `${k} ${down} ${up}`).toBe(expected.get('all')![k as keyof ReturnType<typeof expected.get> & string]);
      for (const { code, name: _n, level: _l, ...figures } of body.areas)
        expect(figures, `${code} ${down} ${up}`).toEqual(expected.get(code));
    }
    expect(workerRuns()).toBe(1);
  });

  it('shares one computation between concurrent identical requests, then answers from memory', async () => {
    const before = workerRuns();
    const answers = await Promise.all(Array.from({ length: 5 }, () => server.get('/api/v1/changes?from=B&to=A&down=100')));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(bodies.every((b) => JSON.stringify(b) === JSON.stringify(bodies[0]))).toBe(true);
    expect(bodies[0].lost).toBe(bruteChanges(brute, 'B', 'A', 100, undefined).get('all')!.lost);
    expect(workerRuns() - before).toBe(1);
    // Distinct pairs asked at once are computed one after another, each with its own figures.
    const [ma, bm] = await Promise.all([
      server.json('/api/v1/changes?from=M&to=A&down=100'),
      server.json('/api/v1/changes?from=B&to=M&down=100'),
    ]);
    expect(ma.lost).toBe(bruteChanges(brute, 'M', 'A', 100, undefined).get('all')!.lost);
    expect(bm.newly_covered).toBe(bruteChanges(brute, 'B', 'M', 100, undefined).get('all')!.newly_covered);
    expect(workerRuns() - before).toBe(3);
    expect(server.running.ctx.store.changes.workerPeak()).toBe(1);
    // Another threshold of the computed pair reads the same diff.
    await server.json('/api/v1/changes?from=B&to=A&down=1000');
    expect(workerRuns() - before).toBe(3);
  });

  it('lists the addresses behind each figure and draws them in the changes tiles', async () => {
    const ab = await server.json('/api/v1/changes?from=A&to=B&down=100');
    for (const kind of KINDS) {
      const res = await server.get(`/api/v1/changes/addresses.csv?from=A&to=B&kind=${kind}&down=100`);
      expect(res.status).toBe(200);
      const [columns, ...rows] = parseCsv(await res.text());
      const at = columns.indexOf('address_id');
      expect(rows.map((r) => r[at]).sort(), kind).toEqual(bruteIds(brute, 'A', 'B', kind, 100));
      expect(rows.length).toBe(ab[kind]);
    }
    const sums = { newly_covered: 0, lost: 0, added: 0, removed: 0 };
    for (const [z, x, y] of tilesCovering([3.3, 50.7, 7.3, 53.6], 6)) {
      const res = await rawGet(`${server.url}/tiles/changes/${z}/${x}/${y}.mvt?from=A&to=B&down=100`);
      expect([200, 204]).toContain(res.status);
      for (const f of decodeLayer(res, 'changes')) for (const k of KINDS) sums[k] += Number(f.properties[k]);
    }
    for (const k of KINDS) expect(sums[k], k).toBe(ab[k]);
  });
});

describe('the server while a pair of large releases is computed', () => {
  let dir: string;
  let path: string;
  let server: TestServer;
  const ids = { from: 0, to: 0 };

  /** Health checks one after another until `request` answers; returns how many answered before it. */
  async function healthAnswersDuring(request: Promise<Response>): Promise<{ res: Response; meanwhile: number }> {
    let settled = false;
    const answer = request.then((res) => {
      settled = true;
      return res;
    });
    // With the work on the event loop none would be answered before it (each would wait for all of it).
    let meanwhile = 0;
    while (!settled) {
      const res = await server.get('/healthz');
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      if (!settled) meanwhile++;
    }
    return { res: await answer, meanwhile };
  }

  beforeAll(async () => {
    dir = tempDir('atlas-changes-slow-');
    path = join(dir, 'atlas.sqlite');
    // Two releases of 300,000 addresses each (the same address ids, other speeds): no diff is stored
    // (the releases are written straight into the tables), so the pair is computed on request, which
    // reads both releases whole and takes a measurable time.
    const { db, releaseId } = createVillageDb(path, 1, 300_000);
    ids.from = releaseId;
    ids.to = insertRelease(db, 'second', villageAddresses(2, 300_000, [5.0, 52.0, 5.6, 52.4], 0.3));
    closeWritable(db);
    const check = openWritable(path);
    expect(check.prepare('SELECT count(*) FROM change_pairs').pluck().get()).toBe(0);
    closeWritable(check);
    server = await startTestServer(path);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz while the pair is computed in a worker', async () => {
    const { res, meanwhile } = await healthAnswersDuring(server.get('/api/v1/changes?from=test&to=second&area=GM0001'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.newly_covered + body.lost).toBeGreaterThan(0);
    expect(meanwhile).toBeGreaterThanOrEqual(3);
    expect(server.running.ctx.store.changes.workerRuns()).toBe(1);
  }, 120_000);

  it('answers /healthz while the stored changed addresses of a large pair are read for a list', async () => {
    // Now the import's diff of the pair is stored (as an import stores adjacent pairs); the server sees
    // the database change and reads the stored pair, its changed addresses in a worker.
    const w = openWritable(path);
    const changed = w.transaction(() => writePair(w, ids))();
    closeWritable(w);
    expect(changed).toBeGreaterThan(50_000);
    const runs = server.running.ctx.store.changes.workerRuns();
    const { res, meanwhile } = await healthAnswersDuring(server.get('/api/v1/changes/addresses.csv?from=test&to=second&kind=lost'));
    expect(res.status).toBe(200);
    const lost = (await res.text()).trim().split(/\r?\n/).length - 1;
    expect(lost).toBe((await server.json('/api/v1/changes?from=test&to=second')).lost);
    expect(lost).toBeGreaterThan(0);
    expect(meanwhile).toBeGreaterThanOrEqual(3);
    expect(server.running.ctx.store.changes.workerRuns() - runs).toBe(1);
  }, 120_000);
});
