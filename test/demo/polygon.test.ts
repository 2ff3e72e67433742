// AreaShape's banded point-in-polygon against the plain even-odd rule over every edge (the brute-force
// oracle), on every embedded municipality: random points in the bbox, and points on vertex latitudes
// and at vertices, where a band edge or a ring's turn could make a difference.
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { AreaShape } from '../../pipeline/demo/polygon.ts';
import { readMunicipalities } from '../../pipeline/demo/reference.ts';
import { seededRandom } from '../helpers/random.ts';

function evenOdd(geometry: Polygon | MultiPolygon, lon: number, lat: number): boolean {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

describe('AreaShape', () => {
  it('answers as the even-odd rule over every edge does, for every municipality', () => {
    const random = seededRandom(15);
    let checked = 0;
    let inside = 0;
    const wrong: string[] = [];
    for (const m of readMunicipalities()) {
      const shape = new AreaShape(m.geometry);
      const rings = m.geometry.type === 'Polygon' ? m.geometry.coordinates : m.geometry.coordinates.flat();
      const vertices = rings.flat();
      const points: [number, number][] = [];
      for (let k = 0; k < 300; k++) {
        // A little beyond the bbox too, for the misses.
        const lon = shape.minLon - 0.01 + random() * (shape.maxLon - shape.minLon + 0.02);
        const lat = shape.minLat - 0.01 + random() * (shape.maxLat - shape.minLat + 0.02);
        points.push([lon, lat]);
      }
      for (let k = 0; k < 100; k++) {
        const [vx, vy] = vertices[Math.floor(random() * vertices.length)];
        points.push([vx, vy], [shape.minLon + random() * (shape.maxLon - shape.minLon), vy]);
      }
      points.push([shape.minLon, shape.minLat], [shape.maxLon, shape.maxLat], [(shape.minLon + shape.maxLon) / 2, shape.maxLat]);
      for (const [lon, lat] of points) {
        const expected = evenOdd(m.geometry, lon, lat);
        if (shape.contains(lon, lat) !== expected) wrong.push(`${m.code} ${lon} ${lat}`);
        checked++;
        if (expected) inside++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(300 * 342);
    // Both answers come up often: a shape that answered false everywhere would fail here.
    expect(inside).toBeGreaterThan(checked / 5);
  });
});
