// Pre-rendered tiles (issue 15): what a stored tile set is keyed by, shared by the writer
// (pipeline/tiles/) and the server's reader (server/store/prerendered-tiles.ts), so that neither can
// serve a tile made for other data, another threshold or other definitions.
import { createHash } from 'node:crypto';
import type { CoverageDefinitions } from './definitions.ts';
import type { Threshold } from './types.ts';

/** The layers pre-rendered at the default threshold: the aggregate layers a user sees first. */
export const PRERENDERED_LAYERS = ['hexes', 'uncovered'] as const;

/**
 * Version of the tile renderer the stored tiles come from: bump it whenever server/tiles draws a
 * pre-rendered layer differently, so stored tiles of an older renderer are never served.
 * 2: `hexes` of a release of H3 resolution-8 positions stop at resolution 8 (finestHexResolution).
 */
export const TILE_RENDERER_VERSION = 2;

/**
 * The release's state a tile set was made from, in SQL over `releases r`: its import time and
 * counts, which a re-import of the label changes (the id stays).
 */
export const RELEASE_STAMP_SQL = "r.imported_at || '/' || r.addresses || '/' || r.covered || '/' || r.uncovered";

/** A digest of the coverage definitions (classes, goal, vocabulary) the tiles were drawn under. */
export function definitionsFingerprint(d: CoverageDefinitions): string {
  const { down, up, goal, technologies, tiers } = d;
  return createHash('sha1').update(JSON.stringify({ down, up, goal, technologies, tiers })).digest('base64url');
}

/** Everything a stored tile set must match, beside its release's stamp, to be served. */
export interface TileSetKey {
  releaseId: number;
  layer: string;
  threshold: Threshold;
  definitions: string;
  /** The `maxTilePoints` setting the `uncovered` tiles were cut with. */
  maxTilePoints: number;
  renderer: number;
}

/** The key's values in the order of tile_sets' columns (layer, down, up, fixed_only, definitions, max_tile_points, renderer). */
export function tileSetKeyValues(key: TileSetKey): [string, number, number | null, number, string, number, number] {
  const t = key.threshold;
  return [key.layer, t.down, t.up, t.fixed_only ? 1 : 0, key.definitions, key.maxTilePoints, key.renderer];
}
