// descendPyramid (pyramid.ts) walked by two threads at once: each zoom's tiles are claimed one at a
// time from a counter in shared memory, each thread renders the tiles it claimed and marks them filled
// or empty, and both wait until the zoom is done before going on below the filled ones. So both take
// the same path, the one descendPyramid takes alone (the tile budget per zoom included), and between
// them render every tile of it once. Each thread yields the tiles it rendered.
import { childrenWithin, type Descent, type PyramidTile, tilesOver } from './pyramid.ts';
import { zxyToTileId } from 'pmtiles';

/** Zooms a shared walk can reach (tile zooms stop well below). */
const ZOOMS = 32;
/** Control slots: per zoom, the tiles claimed, the tiles done and the threads arrived; then a stop flag. */
const CLAIMED = 0;
const DONE = ZOOMS;
const ARRIVED = 2 * ZOOMS;
const STOP = 3 * ZOOMS;
/** Threads that share a walk. */
const THREADS = 2;
/** How long a wait sleeps before it checks the stop flag and calls its `waiting` hook again. */
const WAIT_MS = 50;
/** A tile's mark: the zoom (z + 1, so that 0 is "not rendered") shifted past its state. */
const FILLED = 1;
const EMPTY = 2;

/**
 * The memory two threads share for one walk: control counters, and a mark per tile of a zoom (two
 * zooms' worth, alternating, since one thread may begin the next zoom while the other still reads the marks).
 */
export interface SharedDescentState {
  control: Int32Array;
  marks: Int32Array;
}

/** A fresh state for a walk of at most `maxTilesPerZoom` tiles a zoom; post it to the other thread. */
export function sharedDescentState(maxTilesPerZoom: number): SharedDescentState {
  if (!Number.isFinite(maxTilesPerZoom)) throw new Error('a shared descent needs a finite budget of tiles per zoom');
  return {
    control: new Int32Array(new SharedArrayBuffer((STOP + 1) * Int32Array.BYTES_PER_ELEMENT)),
    marks: new Int32Array(new SharedArrayBuffer(2 * maxTilesPerZoom * Int32Array.BYTES_PER_ELEMENT)),
  };
}

/** Tells the threads of a walk to give up (the other thread failed or the caller stopped): their waits throw. */
export function stopSharedDescent(state: SharedDescentState): void {
  Atomics.store(state.control, STOP, 1);
  for (let slot = 0; slot < STOP; slot++) Atomics.notify(state.control, slot);
}

/** Thrown by a wait of a walk that was stopped. */
export class SharedDescentStopped extends Error {
  constructor() {
    super('the shared pyramid walk was stopped');
  }
}

/**
 * One thread's part of a walk shared with another thread running this with the same arguments (a
 * render of the same data, the same bounds, zooms, budget and state). Yields the non-empty tiles this
 * thread rendered; `descent` ends as descendPyramid's would. `waiting` is called while this thread
 * waits for the other (to take its messages, say); it may throw to give up.
 */
export function* descendShared(
  bounds: readonly number[],
  minZoom: number,
  maxZoom: number,
  render: (z: number, x: number, y: number) => Uint8Array | null,
  maxTilesPerZoom: number,
  state: SharedDescentState,
  descent: Descent = { deepestZoom: minZoom - 1 },
  waiting: () => void = () => {},
): Generator<PyramidTile> {
  const { control, marks } = state;
  if (maxZoom >= ZOOMS - 1 || marks.length < 2 * maxTilesPerZoom) throw new Error('the shared descent state is too small for this walk');
  const wait = (slot: number, until: number) => {
    for (let now = Atomics.load(control, slot); now < until; now = Atomics.load(control, slot)) {
      if (Atomics.load(control, STOP)) throw new SharedDescentStopped();
      waiting();
      Atomics.wait(control, slot, now, WAIT_MS);
    }
    if (Atomics.load(control, STOP)) throw new SharedDescentStopped();
  };
  let level = tilesOver(bounds, minZoom) as { x: number; y: number }[];
  descent.deepestZoom = minZoom - 1;
  for (let z = minZoom; z <= maxZoom && level.length <= maxTilesPerZoom; z++) {
    if (level.length === 0) {
      descent.deepestZoom = maxZoom;
      break;
    }
    descent.deepestZoom = z;
    // Both threads have read the marks of zoom z - 2 (which this zoom's overwrite) once both arrived at z - 1.
    Atomics.add(control, ARRIVED + z, 1);
    Atomics.notify(control, ARRIVED + z);
    if (z > minZoom) wait(ARRIVED + z - 1, THREADS);
    const base = (z & 1) * maxTilesPerZoom;
    const tag = (z + 1) << 2;
    for (let i = Atomics.add(control, CLAIMED + z, 1); i < level.length; i = Atomics.add(control, CLAIMED + z, 1)) {
      const { x, y } = level[i];
      const raw = render(z, x, y);
      marks[base + i] = tag | (raw ? FILLED : EMPTY);
      Atomics.add(control, DONE + z, 1);
      Atomics.notify(control, DONE + z);
      if (raw) yield { z, x, y, id: zxyToTileId(z, x, y), raw };
    }
    wait(DONE + z, level.length);
    if (z === maxZoom) break;
    const filled: { x: number; y: number }[] = [];
    for (let i = 0; i < level.length; i++) {
      const mark = Atomics.load(marks, base + i);
      if (mark >> 2 !== z + 1) throw new Error(`shared descent: tile ${i} of zoom ${z} was not marked`);
      if ((mark & 3) === FILLED) filled.push(level[i]);
    }
    level = childrenWithin(bounds, z, filled);
  }
}
