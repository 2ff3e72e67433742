// Areas as loaded: names, levels, bounds and geometry (for the areas tile layer).
import type { Geometry } from 'geojson';
import type { AreaLevel } from '../../common/constants.ts';
import { addressLevel, parentLevel } from '../../common/levels.ts';
import { NotFound } from './errors.ts';
import type { DB } from './db.ts';

export interface Area {
  code: string;
  level: AreaLevel;
  name: string;
  parent_code: string | null;
  bbox: [number, number, number, number];
}

interface AreaRow {
  code: string;
  level: AreaLevel;
  name: string;
  parent_code: string | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

const AREA_COLUMNS = 'code, level, name, parent_code, min_lon, min_lat, max_lon, max_lat';

function toArea(row: AreaRow): Area {
  return {
    code: row.code,
    level: row.level,
    name: row.name,
    parent_code: row.parent_code,
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
  };
}

export function createAreaStore(db: DB) {
  const byCode = db.prepare<[string], AreaRow>(`SELECT ${AREA_COLUMNS} FROM areas WHERE code = ?`);
  const children = db.prepare<[string], { code: string }>('SELECT code FROM areas WHERE parent_code = ? ORDER BY code');
  const inBbox = db.prepare<{ w: number; s: number; e: number; n: number; level: string }, { code: string }>(
    `SELECT code FROM areas
      WHERE level = @level AND max_lon >= @w AND min_lon <= @e AND max_lat >= @s AND min_lat <= @n ORDER BY code`,
  );
  const bounds = db.prepare<[], { w: number | null; s: number; e: number; n: number }>(
    'SELECT MIN(min_lon) AS w, MIN(min_lat) AS s, MAX(max_lon) AS e, MAX(max_lat) AS n FROM areas',
  );
  const levels = db.prepare<[], { level: AreaLevel }>('SELECT DISTINCT level FROM areas ORDER BY level');
  const shapes = db.prepare<[], AreaRow & { geometry: string }>(`SELECT ${AREA_COLUMNS}, geometry FROM areas ORDER BY level, code`);

  const credits = db.prepare<[], string>('SELECT credit FROM boundary_credits ORDER BY level').pluck();
  return {
    find(code: string): Area | undefined {
      const row = byCode.get(code);
      return row && toArea(row);
    },
    /** The area with this code; NotFound naming `parameter` when unknown. */
    get(code: string, parameter = 'code'): Area {
      const row = byCode.get(code);
      if (!row) throw new NotFound('unknown_area', `Unknown area code '${code}'. List codes with /api/v1/areas.`, parameter);
      return toArea(row);
    },
    /** Codes of the areas whose parent is `code` (the municipalities of a province). */
    childCodes(code: string): string[] {
      return children.all(code).map((r) => r.code);
    },
    /** The codes addresses carry inside the area: its own, or those of its children. */
    addressCodes(area: Area): string[] {
      return area.level === this.addressLevel() ? [area.code] : this.childCodes(area.code);
    },
    /** Codes of the areas of one level whose bounding box meets the bbox. */
    codesInBbox(level: AreaLevel, [w, s, e, n]: readonly number[]): string[] {
      return inBbox.all({ level, w, s, e, n }).map((r) => r.code);
    },
    /** [w, s, e, n] of every loaded area, or null when none is loaded. */
    bounds(): [number, number, number, number] | null {
      const b = bounds.get();
      return b && b.w !== null ? [b.w, b.s, b.e, b.n] : null;
    },
    /** The level addresses are assigned to (common/levels.ts: the finest loaded level). */
    addressLevel(): AreaLevel {
      return addressLevel(db);
    },
    /** The level of the address level's parents (common/levels.ts), or null. */
    parentLevel(): AreaLevel | null {
      return parentLevel(db, addressLevel(db));
    },
    levels(): AreaLevel[] {
      return levels.all().map((r) => r.level);
    },
    /** The credits stored with the boundaries (atlas boundaries --attribution), by level. */
    credits(): string[] {
      return credits.all();
    },
    /** Every area with its geometry, for building tiles. */
    *shapes(): Generator<Area & { geometry: Geometry }> {
      for (const row of shapes.iterate()) yield { ...toArea(row), geometry: JSON.parse(row.geometry) as Geometry };
    },
  };
}
export type AreaStore = ReturnType<typeof createAreaStore>;
