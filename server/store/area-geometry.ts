// The boundary of one area, for the report map (the areas store reads geometry only in bulk, for tiles).
import type { MultiPolygon, Polygon } from 'geojson';
import type { DB } from './db.ts';

export function createAreaGeometryStore(db: DB) {
  const byCode = db.prepare<[string], { geometry: string }>('SELECT geometry FROM areas WHERE code = ?');
  return {
    /** The area's Polygon or MultiPolygon, or null for an unknown code. */
    geometry(code: string): Polygon | MultiPolygon | null {
      const row = byCode.get(code);
      return row ? (JSON.parse(row.geometry) as Polygon | MultiPolygon) : null;
    },
  };
}
export type AreaGeometryStore = ReturnType<typeof createAreaGeometryStore>;
