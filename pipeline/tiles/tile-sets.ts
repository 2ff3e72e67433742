// Writes pre-rendered tile sets (issue 15): given each layer's key and its gzipped tiles, replaces the
// database's sets in one transaction. Only the sets written here are kept (those of other releases,
// thresholds or renderers are dropped), so the table holds the one pyramid the server serves first.
import type Database from 'better-sqlite3';
import { RELEASE_STAMP_SQL, tileSetKeyValues, type TileSetKey } from '../../common/prerendered-tiles.ts';

/** One gzipped tile to store. */
export interface StoredTile {
  z: number;
  x: number;
  y: number;
  gz: Uint8Array;
}

/** A layer's set to write: its key, the pyramid it walks and its tiles (empty ones left out). */
export interface TileSetInput {
  key: TileSetKey;
  /** The release's stamp (RELEASE_STAMP_SQL) when rendering began: the set is refused if the release changed since. */
  stamp: string;
  minZoom: number;
  maxZoom: number;
  bounds: readonly [number, number, number, number];
  tiles: Iterable<StoredTile>;
  /** The deepest zoom the tiles reached, asked once they are all written (default maxZoom). */
  deepestZoom?: () => number;
}

export interface TileSetSummary {
  layer: string;
  minZoom: number;
  maxZoom: number;
  tiles: number;
  bytes: number;
}

/**
 * Replaces every stored tile set by `sets`, in one transaction (all or nothing). A set is stored only
 * while its release still has the stamp it was rendered at, so it is tied to the data it was drawn from.
 */
export function replaceTileSets(db: Database.Database, sets: TileSetInput[]): TileSetSummary[] {
  const insertSet = db.prepare(`INSERT INTO tile_sets (release_id, release_stamp, layer, down, up, fixed_only, definitions,
      max_tile_points, renderer, min_zoom, max_zoom, bounds, tiles, bytes, created_at)
    SELECT r.id, ${RELEASE_STAMP_SQL}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ? FROM releases r WHERE r.id = ? AND ${RELEASE_STAMP_SQL} = ?`);
  const insertTile = db.prepare('INSERT INTO tile_blobs (set_id, z, x, y, gz) VALUES (?, ?, ?, ?, ?)');
  const finish = db.prepare('UPDATE tile_sets SET tiles = ?, bytes = ?, max_zoom = ? WHERE id = ?');
  return db.transaction(() => {
    db.prepare('DELETE FROM tile_blobs').run();
    db.prepare('DELETE FROM tile_sets').run();
    return sets.map((set) => {
      const { key } = set;
      const inserted = insertSet.run(
        ...tileSetKeyValues(key),
        set.minZoom,
        set.maxZoom,
        JSON.stringify(set.bounds),
        new Date().toISOString(),
        key.releaseId,
        set.stamp,
      );
      if (inserted.changes !== 1) throw new Error(`release ${key.releaseId} was replaced or removed while its tiles were rendered`);
      const id = Number(inserted.lastInsertRowid);
      let tiles = 0;
      let bytes = 0;
      for (const tile of set.tiles) {
        insertTile.run(id, tile.z, tile.x, tile.y, tile.gz);
        tiles++;
        bytes += tile.gz.length;
      }
      const maxZoom = set.deepestZoom?.() ?? set.maxZoom;
      finish.run(tiles, bytes, maxZoom, id);
      return { layer: key.layer, minZoom: set.minZoom, maxZoom, tiles, bytes };
    });
  })();
}
