// What a cluster reports: its addresses, their municipalities and technologies (most first),
// centroid, bounding box and outline. The nearest-covered distance is added by the caller.
import type { Polygon } from 'geojson';
import { bufferedHull } from './hull.ts';

export interface ClusterSummary {
  rowids: number[];
  /** [code, addresses] per municipality, most addresses first. */
  areas: [string, number][];
  technologies: string[];
  centroid: [number, number];
  bbox: [number, number, number, number];
  lons: number[];
  lats: number[];
  geometry: Polygon;
}

export interface ClusterMembers {
  rowid: readonly number[];
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  areaCode: readonly string[];
  technology: readonly string[];
}

/** Counts per value, most frequent first (ties by value, so output is stable). */
function tally(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function summarise(points: ClusterMembers, members: number[], bufferM: number): ClusterSummary {
  const lons = members.map((i) => points.lon[i]);
  const lats = members.map((i) => points.lat[i]);
  let sumLon = 0;
  let sumLat = 0;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  // A loop, not Math.min(...lons): a cluster of an old release can exceed the argument limit.
  for (let k = 0; k < lons.length; k++) {
    sumLon += lons[k];
    sumLat += lats[k];
    bbox[0] = Math.min(bbox[0], lons[k]);
    bbox[1] = Math.min(bbox[1], lats[k]);
    bbox[2] = Math.max(bbox[2], lons[k]);
    bbox[3] = Math.max(bbox[3], lats[k]);
  }
  return {
    rowids: members.map((i) => points.rowid[i]),
    areas: tally(members.map((i) => points.areaCode[i])),
    technologies: tally(members.map((i) => points.technology[i])).map(([t]) => t),
    centroid: [sumLon / lons.length, sumLat / lats.length],
    bbox,
    lons,
    lats,
    geometry: bufferedHull(lons, lats, bufferM),
  };
}

/** One summary per label, largest cluster first (ties keep label order). */
export function summariseClusters(points: ClusterMembers, labels: Int32Array, count: number, bufferM: number): ClusterSummary[] {
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < labels.length; i++) members[labels[i]].push(i);
  members.sort((a, b) => b.length - a.length);
  return members.map((m) => summarise(points, m, bufferM));
}
