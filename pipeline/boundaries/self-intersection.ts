// Finds where a ring crosses or touches itself: segments are bucketed in a sparse grid of cells a
// few mean segment lengths wide and only segments sharing a cell are compared, so an 800k-vertex
// boundary is checked in about linear time (turf's kinks took minutes on such a ring).
import type { Position } from 'geojson';

export interface RingIntersections {
  /** Pairs of non-adjacent segments that cross, meeting inside both (counted up to `limit`). */
  count: number;
  /** Where the first crossing found lies. */
  first: Position | null;
  /** Pairs that only touch at a vertex (a ring pinched at a point): common in generalised data. */
  touches: number;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** A point where segments p1-p2 and q1-q2 meet, or null when they do not. */
export function segmentsMeet(p1: Position, p2: Position, q1: Position, q2: Position): Position | null {
  const [ax, ay] = p1;
  const [bx, by] = p2;
  const [cx, cy] = q1;
  const [dx, dy] = q2;
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) {
    if (o1 === 0) return q1;
    if (o2 === 0) return q2;
    if (o3 === 0) return p1;
    if (o4 === 0) return p2;
    const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / ((bx - ax) * (dy - cy) - (by - ay) * (dx - cx));
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return q1;
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return q2;
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return p1;
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return p2;
  return null;
}

/** Segments i and j (i < j) of a closed ring with m segments follow each other. */
function adjacent(i: number, j: number, m: number): boolean {
  return j === i + 1 || (i === 0 && j === m - 1);
}

/** Self-crossings of a closed ring (last position = first), counting at most `limit`, and touches. */
export function ringIntersections(ring: Position[], limit = 100): RingIntersections {
  const m = ring.length - 1;
  const result: RingIntersections = { count: 0, first: null, touches: 0 };
  if (m < 4) return result;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  let length = 0;
  for (let i = 0; i < m; i++) length += Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
  // Cells of about four mean segments: few segments share one. At most 2^26 a side, so keys stay exact.
  const cell = Math.max((4 * length) / m, (maxX - minX) / 2 ** 26, (maxY - minY) / 2 ** 26) || 1;
  const cols = Math.floor((maxX - minX) / cell) + 1;
  const col = (x: number) => Math.floor((x - minX) / cell);
  const row = (y: number) => Math.floor((y - minY) / cell);
  /** A segment over more cells than this is compared with every segment instead. */
  const LONG_CELLS = 1024;
  const cells = new Map<number, number[]>();
  /** Segments over many cells are compared with every segment instead of being bucketed. */
  const long: number[] = [];
  for (let i = 0; i < m; i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[i + 1];
    const [c0, c1, r0, r1] = [col(Math.min(ax, bx)), col(Math.max(ax, bx)), row(Math.min(ay, by)), row(Math.max(ay, by))];
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > LONG_CELLS) {
      long.push(i);
      continue;
    }
    for (let c = c0; c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        const key = r * cols + c;
        const list = cells.get(key);
        if (list) list.push(i);
        else cells.set(key, [i]);
      }
    }
  }
  const seen = new Set<number>();
  /** Compares segments i and j; true once `limit` meetings are counted. */
  const compare = (x: number, y: number): boolean => {
    const [i, j] = x < y ? [x, y] : [y, x];
    if (i === j || adjacent(i, j, m)) return false;
    const pair = i * m + j;
    if (seen.has(pair)) return false;
    const at = segmentsMeet(ring[i], ring[i + 1], ring[j], ring[j + 1]);
    if (!at) return false;
    seen.add(pair);
    if ([ring[i], ring[i + 1], ring[j], ring[j + 1]].some((p) => p[0] === at[0] && p[1] === at[1])) {
      result.touches++;
      return false;
    }
    result.first ??= at;
    return ++result.count >= limit;
  };
  for (const i of long) {
    for (let j = 0; j < m; j++) if (compare(i, j)) return result;
  }
  for (const list of cells.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) if (compare(list[a], list[b])) return result;
    }
  }
  return result;
}
