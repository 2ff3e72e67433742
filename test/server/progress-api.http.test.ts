// `progress` in /api/v1/summary and /api/v1/areas/{code} over the two-release fixture: the series it
// is computed from, the rank against a brute-force ranking, and the parent and national figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressOf } from '../../server/progress.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { openBrute, type Brute } from '../helpers/brute-force-counts.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let server: TestServer;
let brute: Brute;
const AS_OF: Record<string, string> = { '2023-12': '2023-12-31', '2024-12': '2024-12-31' };
const goal = { year: 2030, pct: 100 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-progress-'));
  const db = await buildFixtureDb(dir);
  brute = openBrute(db);
  server = await startTestServer(db);
});

afterAll(async () => {
  await server?.stop();
  brute?.close();
  rmSync(dir, { recursive: true, force: true });
});

const series = (count: (label: string) => { addresses: number; uncovered: number }, labels: string[]) =>
  labels.map((label) => ({ as_of: AS_OF[label], ...count(label) }));

describe('national progress', () => {
  it('follows the national figures of every release up to the viewed one', async () => {
    const labels = brute.labels();
    expect(labels).toEqual(Object.keys(AS_OF));
    const body = await server.json('/api/v1/summary');
    const want = progressOf(
      series((l) => brute.national(l, 1000), labels),
      goal,
    );
    expect(body.progress).toEqual({ ...want, national_covered_pct: body.covered_pct });
    expect(body.progress.uncovered_now).toBe(brute.national(labels[1], 1000).uncovered);
    expect(body.progress.recent_per_year).not.toBeNull();
    expect(['on_track', 'at_risk', 'off_track']).toContain(body.progress.status);
  });

  it('of the oldest release sees no later release: no pace yet', async () => {
    const body = await server.json(`/api/v1/summary?release=${brute.labels()[0]}`);
    expect(body.progress).toMatchObject({
      uncovered_now: brute.national(brute.labels()[0], 1000).uncovered,
      status: null,
      recent_per_year: null,
    });
  });

  it('follows the threshold', async () => {
    const body = await server.json('/api/v1/summary?down=100');
    expect(body.progress.uncovered_now).toBe(brute.national(brute.labels()[1], 100).uncovered);
  });
});

describe('area progress', () => {
  it('ranks every municipality like a brute-force ranking by covered share, with parent and national figures', async () => {
    const newest = brute.labels()[1];
    const codes = brute.areaCodes('municipality');
    const shares = new Map(codes.map((c) => [c, brute.area(newest, c, 1000)]));
    const ranked = codes.filter((c) => shares.get(c)!.addresses > 0);
    const national = await server.json('/api/v1/summary');
    for (const code of codes) {
      const body = await server.json(`/api/v1/areas/${code}`);
      const own = shares.get(code)!;
      if (own.addresses === 0) {
        expect(body.progress.rank).toBeNull();
        continue;
      }
      const better = ranked.filter((c) => shares.get(c)!.covered / shares.get(c)!.addresses > own.covered / own.addresses).length;
      expect(body.progress.rank, code).toBe(better + 1);
      expect(body.progress.rank_of).toBe(ranked.length);
      expect(body.progress.national_covered_pct).toBe(national.covered_pct);
      const parent = await server.json(`/api/v1/areas/${body.parent_code}`);
      expect(body.progress).toMatchObject({
        parent_code: body.parent_code,
        parent_name: parent.name,
        parent_level: parent.level,
        parent_covered_pct: parent.covered_pct,
      });
      expect(body.progress).toMatchObject(
        progressOf(
          series((l) => brute.area(l, code, 1000), brute.labels()),
          goal,
        ),
      );
    }
  });
});

describe('area list with progress and parent', () => {
  it("gives every area the detail's progress figures and rank, also when limited to one parent", async () => {
    const province = brute.areaCodes('province')[0];
    const all = await server.json('/api/v1/areas?level=municipality&progress=1');
    const inside = await server.json(`/api/v1/areas?parent=${province}&progress=1`);
    expect(inside).toMatchObject({ level: 'municipality', parent: province });
    expect(inside.areas.length).toBeGreaterThan(0);
    for (const a of all.areas) {
      const detail = await server.json(`/api/v1/areas/${a.code}`);
      const { to_go, needed_per_year, recent_per_year, projected_year, status, rank, rank_of } = detail.progress;
      expect(a.progress, a.code).toEqual({ to_go, needed_per_year, recent_per_year, projected_year, status, rank, rank_of });
      expect(a.parent_code).toBe(detail.parent_code);
    }
    const want = all.areas.filter((a: { parent_code: string }) => a.parent_code === province);
    expect(inside.areas).toEqual(want);
  });

  it('leaves progress out unless asked, and answers 404 for an unknown parent', async () => {
    const plain = await server.json('/api/v1/areas');
    expect(plain.parent).toBeNull();
    expect(plain.areas.every((a: object) => !('progress' in a))).toBe(true);
    const res = await fetch(`${server.url}/api/v1/areas?parent=NOPE`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.parameter).toBe('parent');
  });
});
