// The tile layers by name, and what a layer provides to the shared tile plumbing.
import type { LegacyFeature } from 'geojson-vt';
import type { TileLayer } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
import type { Release } from '../store/releases.ts';
import { EXTENT, type TileCoord } from './geometry.ts';
import { encodeMvtLayer } from './mvt-writer.ts';

/**
 * Deepest zoom the polygon layers (areas, clusters) are cut to by geojson-vt; their TileJSON says so,
 * and a map client overzooms the z14 tiles beyond it.
 */
export const CUT_MAX_ZOOM = 14;

export interface TileRequest extends TileCoord {
  release: Release;
  threshold: Threshold;
  /** Best technologies the uncovered layer keeps (undefined: all); other layers ignore it. */
  technologies?: readonly string[];
}

export interface TileLayerSource {
  name: TileLayer;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** Property names and their types, for TileJSON vector_layers. */
  fields: Record<string, string>;
  /** Uncompressed MVT bytes, or null when the tile is empty. */
  render(req: TileRequest): Uint8Array | null;
  /** Drops the layer's in-memory indexes (the database changed). */
  reset?(): void;
}

/** Longest string property in a tile (characters); longer ones are cut and end in '…'. */
export const MAX_TILE_STRING = 200;

/**
 * Encodes features (already in tile coordinates) as one MVT layer; null when there are none.
 * String properties are capped (a 1 MB area name must not make a 1 MB tile).
 */
export function encodeLayer(name: string, features: LegacyFeature[]): Uint8Array | null {
  return encodeMvtLayer(name, features, EXTENT, MAX_TILE_STRING);
}

export function createTileRegistry() {
  const layers = new Map<string, TileLayerSource>();
  return {
    register(layer: TileLayerSource): void {
      layers.set(layer.name, layer);
    },
    get(name: string): TileLayerSource | undefined {
      return layers.get(name);
    },
    names(): string[] {
      return [...layers.keys()];
    },
    resetAll(): void {
      for (const layer of layers.values()) layer.reset?.();
    },
  };
}
export type TileRegistry = ReturnType<typeof createTileRegistry>;
