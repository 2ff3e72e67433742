// The area locator (point in municipality) against turf on seeded random points, holes included.
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { readFileSync } from 'node:fs';
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { AreaLocator } from '../../pipeline/import/locate.ts';
import { seededRandom } from '../helpers/random.ts';

const national: FeatureCollection<Polygon | MultiPolygon, { gemeentecode: string }> = JSON.parse(
  readFileSync(new URL('../../data/gemeenten_2024.geojson', import.meta.url), 'utf8'),
);
const areas = national.features.map((f) => ({ code: f.properties.gemeentecode, parentCode: null, geometry: f.geometry, box: turfBbox(f) }));

describe('the area locator', () => {
  it('agrees with turf on 5,000 seeded random points across the Netherlands', () => {
    const locator = new AreaLocator(areas);
    const [minLon, minLat, maxLon, maxLat] = locator.bbox;
    const random = seededRandom(1);
    let inside = 0;
    for (let i = 0; i < 5_000; i++) {
      const point = [minLon + random() * (maxLon - minLon), minLat + random() * (maxLat - minLat)];
      const found = locator.locate(point[0], point[1]);
      const turf = areas.filter(
        (a) =>
          point[0] >= a.box[0] &&
          point[0] <= a.box[2] &&
          point[1] >= a.box[1] &&
          point[1] <= a.box[3] &&
          booleanPointInPolygon(point, a.geometry, { ignoreBoundary: true }),
      );
      if (turf.length > 0) inside++;
      expect(found >= 0 ? areas[found].code : null).toBe(turf[0]?.code ?? null);
    }
    expect(inside).toBeGreaterThan(1000);
  });

  it('treats holes as outside (Baarle-Nassau around the Belgian enclaves)', () => {
    const locator = new AreaLocator(areas);
    // Baarle-Hertog centre (Belgium) lies in a hole of GM0744 Baarle-Nassau.
    expect(locator.locate(4.9296, 51.4417)).toBe(-1);
    expect(areas[locator.locate(4.9, 51.45)].code).toBe('GM0744');
  });
});
