// Reads the pre-rendered tile sets (atlas tiles): the newest set stored for exactly a release's current
// stamp, layer, threshold, definitions, maxTilePoints and renderer, and one tile of it by z/x/y.
import { RELEASE_STAMP_SQL, tileSetKeyValues, type TileSetKey } from '../../common/prerendered-tiles.ts';
import type { DB } from './db.ts';

/** A stored tile set: the zooms and bounds it was rendered over, from the top down (descendPyramid). */
export interface StoredTileSet {
  id: number;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
}

interface SetRow {
  id: number;
  min_zoom: number;
  max_zoom: number;
  bounds: string;
}

export function createPrerenderedTileStore(db: DB) {
  const findSet = db.prepare<unknown[], SetRow>(
    `SELECT s.id, s.min_zoom, s.max_zoom, s.bounds FROM tile_sets s JOIN releases r ON r.id = s.release_id
      WHERE s.release_id = ? AND s.layer = ? AND s.down = ? AND s.up IS ? AND s.fixed_only = ? AND s.definitions = ?
        AND s.max_tile_points = ? AND s.renderer = ? AND s.release_stamp = ${RELEASE_STAMP_SQL}
      ORDER BY s.id DESC LIMIT 1`,
  );
  const findTile = db
    .prepare<[number, number, number, number], Buffer>('SELECT gz FROM tile_blobs WHERE set_id = ? AND z = ? AND x = ? AND y = ?')
    .pluck();
  const hasTile = db
    .prepare<[number, number, number, number], number>('SELECT 1 FROM tile_blobs WHERE set_id = ? AND z = ? AND x = ? AND y = ?')
    .pluck();
  const stampOf = db.prepare<[number], string>(`SELECT ${RELEASE_STAMP_SQL} FROM releases r WHERE r.id = ?`).pluck();
  return {
    /** A release's stamp (RELEASE_STAMP_SQL): what a tile set made from it records. */
    stamp(releaseId: number): string | undefined {
      return stampOf.get(releaseId);
    },
    /** The set made for exactly this key, or null when there is none (the tiles are computed on request). */
    set(key: TileSetKey): StoredTileSet | null {
      const row = findSet.get(key.releaseId, ...tileSetKeyValues(key));
      return row ? { id: row.id, minZoom: row.min_zoom, maxZoom: row.max_zoom, bounds: JSON.parse(row.bounds) } : null;
    },
    /** Whether the set holds a (non-empty) tile there. */
    has(setId: number, z: number, x: number, y: number): boolean {
      return hasTile.get(setId, z, x, y) !== undefined;
    },
    /** A stored tile's gzipped bytes, or undefined when the set holds none there. */
    tile(setId: number, z: number, x: number, y: number): Buffer | undefined {
      return findTile.get(setId, z, x, y);
    },
  };
}
export type PrerenderedTileStore = ReturnType<typeof createPrerenderedTileStore>;
