// Every tile layer over a store, registered in the order they are listed and stacked: the server and
// the PMTiles export build them here so both render the same tiles.
import type { Store } from '../store/index.ts';
import { areasLayer } from './areas.ts';
import { clustersLayer } from './clusters.ts';
import { hexesLayer } from './hexes.ts';
import { createTileRegistry, type TileRegistry } from './registry.ts';
import { uncoveredLayer } from './uncovered.ts';

export function createTileLayers(store: Store, maxTilePoints: number): TileRegistry {
  const tiles = createTileRegistry();
  tiles.register(areasLayer(store));
  tiles.register(hexesLayer(store));
  tiles.register(uncoveredLayer(store, maxTilePoints));
  tiles.register(clustersLayer(store));
  return tiles;
}
