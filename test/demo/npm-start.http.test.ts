// `npm start` on a fresh checkout serves the newest demo release as soon as it is committed, while
// the older ones are still being built (GET /api/v1/meta lists them as pending), then every release
// arrives and the database is complete. Fails if the server waits for all releases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseState } from '../../pipeline/demo/database-state.ts';
import { DEMO_RELEASES } from '../../pipeline/demo/calibration.ts';
import { npmStart, type NpmStart } from '../helpers/npm-start.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-npm-start-'));
let started: NpmStart | null = null;

afterAll(async () => {
  await started?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

describe('npm start on a fresh checkout', () => {
  it('serves the newest release while the older ones are built, then all of them', async () => {
    const db = join(dir, 'atlas.sqlite');
    started = await npmStart(db, ['--scale', '0.002']);
    const labels = DEMO_RELEASES.map((r) => r.label);
    const newest = labels.at(-1)!;

    // The first answers: the newest release, and the older ones announced, not yet there.
    const meta = await json<{ release: string; pending_releases: string[] }>(`${started.url}/api/v1/meta`);
    const first = await json<{ releases: { label: string }[] }>(`${started.url}/api/v1/releases`);
    expect(meta.release).toBe(newest);
    expect(meta.pending_releases.length).toBeGreaterThan(0);
    expect(first.releases.map((r) => r.label)).toContain(newest);
    expect(first.releases.length).toBeLessThan(labels.length);
    const summary = await json<{ release: string; addresses: number }>(`${started.url}/api/v1/summary`);
    expect(summary.release).toBe(newest);
    expect(summary.addresses).toBeGreaterThan(0);

    // Then every release arrives on the running server, and nothing is pending any more.
    const deadline = Date.now() + 240_000;
    let now = meta;
    while (now.pending_releases.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      now = await json(`${started.url}/api/v1/meta`);
    }
    expect(now.pending_releases).toEqual([]);
    const all = await json<{ releases: { label: string }[] }>(`${started.url}/api/v1/releases`);
    expect(all.releases.map((r) => r.label)).toEqual(labels);
    // The builder crosses a release off pending_releases just after committing it (the server already
    // counts it as there), so the file's own state may lag the server's answer by a moment.
    const settled = Date.now() + 30_000;
    while (databaseState(db).state !== 'complete' && Date.now() < settled) await new Promise((r) => setTimeout(r, 200));
    expect(databaseState(db)).toEqual({ state: 'complete' });
    const oldest = await json<{ release: string; addresses: number }>(`${started.url}/api/v1/summary?release=${labels[0]}`);
    expect(oldest.addresses).toBeGreaterThan(0);
  }, 300_000);
});
