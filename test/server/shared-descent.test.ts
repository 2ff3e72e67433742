// The pyramid walk shared by two threads (shared-descent.ts) against the walk of one (descendPyramid):
// this thread and a worker thread walk a seeded pattern of filled tiles together; between them they
// draw exactly the tiles descendPyramid draws, each once, and both end at the zoom it reaches, the
// tile budget per zoom included.
import { describe, expect, it } from 'vitest';
import { WorkerBatches } from '../../pipeline/import/worker-batches.ts';
import { descendPyramid } from '../../server/tiles/pyramid.ts';
import { descendShared, SharedDescentStopped, sharedDescentState } from '../../server/tiles/shared-descent.ts';
import type { SharedDescentWorkerData } from '../helpers/shared-descent-worker.ts';
import { patterned } from '../helpers/patterned-render.ts';

const BOUNDS = [3.2, 50.7, 7.3, 53.6];

function walkWithWorker(minZoom: number, maxZoom: number, share: number, maxTilesPerZoom: number) {
  const state = sharedDescentState(maxTilesPerZoom);
  const data: SharedDescentWorkerData = { bounds: BOUNDS, minZoom, maxZoom, share, maxTilesPerZoom, state };
  const other = new WorkerBatches<string[]>(new URL('../helpers/shared-descent-worker.ts', import.meta.url), data, {
    ahead: Number.MAX_SAFE_INTEGER,
  });
  try {
    const descent = { deepestZoom: -1 };
    const mine: string[] = [];
    const render = patterned(share);
    for (const t of descendShared(BOUNDS, minZoom, maxZoom, render, maxTilesPerZoom, state, descent)) mine.push(`${t.z}/${t.x}/${t.y}`);
    const theirs = other.next()!;
    expect(other.next()).toBeNull();
    return { mine, theirs, deepestZoom: descent.deepestZoom };
  } finally {
    other.close();
  }
}

function walkAlone(minZoom: number, maxZoom: number, share: number, maxTilesPerZoom: number) {
  const descent = { deepestZoom: -1 };
  const keys = [...descendPyramid(BOUNDS, minZoom, maxZoom, patterned(share), maxTilesPerZoom, descent)].map((t) => `${t.z}/${t.x}/${t.y}`);
  return { keys, deepestZoom: descent.deepestZoom };
}

describe('descendShared', () => {
  it.each([
    [6, 13, 0.9, 65_536],
    [8, 13, 0.6, 65_536],
    // The budget ends the walk above a zoom of more than 200 tiles, as it ends descendPyramid's.
    [0, 12, 1, 200],
    // Nothing below z3 is filled: the walk ends there.
    [3, 9, 0, 65_536],
  ])(
    'draws the tiles of z%i-%i descendPyramid draws, each once, between two threads (%f filled, budget %i)',
    (minZoom, maxZoom, share, budget) => {
      const alone = walkAlone(minZoom, maxZoom, share, budget);
      const shared = walkWithWorker(minZoom, maxZoom, share, budget);
      const both = [...shared.mine, ...shared.theirs];
      expect(new Set(both).size).toBe(both.length);
      expect(both.sort()).toEqual([...alone.keys].sort());
      expect(shared.deepestZoom).toBe(alone.deepestZoom);
      if (share > 0) expect(alone.keys.length).toBeGreaterThan(100);
    },
  );

  it('gives up with an error when the other thread stops the walk', () => {
    const state = sharedDescentState(1024);
    const walk = descendShared(BOUNDS, 0, 8, patterned(1), 1024, state, undefined, () => {
      throw new SharedDescentStopped();
    });
    // Alone, this thread draws z0 and then waits at z1 for the other to arrive: the hook gives up.
    expect(() => [...walk]).toThrow(SharedDescentStopped);
  });

  it('refuses a walk without a budget per zoom', () => {
    expect(() => sharedDescentState(Number.POSITIVE_INFINITY)).toThrow(/finite budget/);
  });
});
