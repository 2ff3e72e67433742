// Every tile layer over a store, registered in the order they are listed and stacked: the server and
// the PMTiles export build them here so both render the same tiles. `changes` compares two releases and
// is kept beside the registry (its tiles take from/to, not one release).
import type { Store } from '../store/index.ts';
import { changesLayer, type ChangesLayer } from './changes.ts';
import { areasLayer } from './areas.ts';
import { clustersLayer } from './clusters.ts';
import { coveredLayer } from './covered.ts';
import { hexesLayer } from './hexes.ts';
import { createIndexCache, type IndexCache } from './index-cache.ts';
import { createTileRegistry, type TileRegistry } from './registry.ts';
import { uncoveredLayer } from './uncovered.ts';

/** The one-release layers by name, and the `changes` layer, which compares two releases (its own routes). */
export type TileLayers = TileRegistry & { changes: ChangesLayer };

/** The index cache budget (MB) when the caller brings none: the server's default `indexCacheMb`. */
const DEFAULT_INDEX_CACHE_MB = 192;

export interface TileLayerOptions {
  /** The index cache to build in (default: one of the server's default budget). */
  indexes?: IndexCache;
  /**
   * The layers draw every tile of a pyramid (a pre-render, an export), so an index may hold what each
   * tile would otherwise read from the database (uncovered.ts) or compute again (hexes.ts).
   */
  walk?: boolean;
}

export function createTileLayers(
  store: Store,
  maxTilePoints: number,
  { indexes = createIndexCache(DEFAULT_INDEX_CACHE_MB), walk = false }: TileLayerOptions = {},
): TileLayers {
  const tiles = createTileRegistry();
  tiles.register(areasLayer(store));
  tiles.register(hexesLayer(store, indexes, walk));
  tiles.register(coveredLayer(store, maxTilePoints));
  tiles.register(uncoveredLayer(store, maxTilePoints, indexes, walk));
  tiles.register(clustersLayer(store, indexes));
  return Object.assign(tiles, { changes: changesLayer(store, maxTilePoints, indexes) });
}
