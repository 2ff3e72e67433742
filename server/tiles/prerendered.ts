// Pre-rendered tiles (issue 15) on the server's side: renders a layer's pyramid for `atlas tiles` to
// store (with the same layer code and gzip as the tile route), and looks a requested tile up in the
// stored sets. A tile is taken from a set only when the set was made for exactly the request's
// release (and its stamp), layer, threshold, definitions and maxTilePoints, and the set walked that
// tile (descendPyramid); otherwise the route computes it as before.
import { definitionsFingerprint, TILE_RENDERER_VERSION, type TileSetKey } from '../../common/prerendered-tiles.ts';
import type { Threshold } from '../../common/types.ts';
import type { Store } from '../store/index.ts';
import type { StoredTileSet } from '../store/prerendered-tiles.ts';
import type { Release } from '../store/releases.ts';
import { type Descent, descendPyramid, gzipTile, walkedByDescent } from './pyramid.ts';
import { descendShared, type SharedDescentState } from './shared-descent.ts';
import type { TileLayerSource, TileRequest } from './registry.ts';

/** The key of a layer's set at a release and threshold under the store's current definitions. */
export function tileSetKey(store: Store, layer: string, release: Release, threshold: Threshold, maxTilePoints: number): TileSetKey {
  return {
    releaseId: release.id,
    layer,
    threshold,
    definitions: definitionsFingerprint(store.definitions()),
    maxTilePoints,
    renderer: TILE_RENDERER_VERSION,
  };
}

/** One gzipped tile of a pre-rendered pyramid. */
export interface PrerenderedTile {
  z: number;
  x: number;
  y: number;
  gz: Buffer;
}

/**
 * Tiles to render at one zoom, at most: a deeper zoom is left to the tile route. About 20-60 s a zoom
 * at 0.3-1 ms a tile; two US states fill ~50 k tiles at z14, the whole country several hundred thousand.
 */
export const MAX_TILES_PER_ZOOM = 65_536;

/** A walk shared with another thread (shared-descent.ts): its state, and what to do while waiting for the other. */
export interface SharedWalk {
  state: SharedDescentState;
  waiting?: () => void;
}

/**
 * The non-empty tiles of a layer over the bounds at minZoom..maxZoom (within the layer's own range),
 * gzipped: from the top down, only below non-empty tiles (a continent's bounds hold millions of empty z14 tiles),
 * and no deeper than the first zoom of over MAX_TILES_PER_ZOOM tiles (`descent` tells the zoom reached).
 * With `shared`, this thread renders its part of a walk another thread renders the rest of (descendShared).
 */
export function* prerenderLayer(
  layer: TileLayerSource,
  release: Release,
  threshold: Threshold,
  bounds: readonly number[],
  minZoom: number,
  maxZoom: number,
  descent?: Descent,
  shared?: SharedWalk,
): Generator<PrerenderedTile> {
  const from = Math.max(minZoom, layer.minzoom);
  const to = Math.min(maxZoom, layer.maxzoom);
  const render = (z: number, x: number, y: number) => layer.render({ z, x, y, release, threshold });
  const walk = shared
    ? descendShared(bounds, from, to, render, MAX_TILES_PER_ZOOM, shared.state, descent, shared.waiting)
    : descendPyramid(bounds, from, to, render, MAX_TILES_PER_ZOOM, descent);
  for (const { z, x, y, raw } of walk) {
    yield { z, x, y, gz: gzipTile(raw) };
  }
}

/** Looks requests up in the stored sets; `reset` when the database changed. */
export function createPrerenderedLookup(store: Store, maxTilePoints: number) {
  const sets = new Map<string, StoredTileSet | null>();
  let definitions: string | null = null;

  function setFor(layer: string, req: TileRequest): StoredTileSet | null {
    definitions ??= definitionsFingerprint(store.definitions());
    const key: TileSetKey = { ...tileSetKey(store, layer, req.release, req.threshold, maxTilePoints), definitions };
    const id = `${key.layer}/${key.releaseId}/${key.threshold.down}/${key.threshold.up}/${key.threshold.fixed_only}`;
    let set = sets.get(id);
    if (set === undefined) {
      set = store.prerenderedTiles.set(key);
      sets.set(id, set);
    }
    return set;
  }

  return {
    /**
     * The stored gzipped tile of the request (null: the set holds it as empty), or undefined when no
     * set answers for it. Filtered requests (a technology choice) are never pre-rendered.
     */
    tile(layer: string, req: TileRequest): Buffer | null | undefined {
      if (req.technologies !== undefined) return undefined;
      const set = setFor(layer, req);
      if (!set) return undefined;
      const { z, x, y } = req;
      const found = store.prerenderedTiles.tile(set.id, z, x, y);
      if (found) return found;
      // Not stored: empty if the pre-render walked it, else unknown (computed on request).
      const walked = walkedByDescent(set.bounds, set.minZoom, set.maxZoom, z, x, y, (pz, px, py) =>
        store.prerenderedTiles.has(set.id, pz, px, py),
      );
      return walked ? null : undefined;
    },
    reset(): void {
      sets.clear();
      definitions = null;
    },
  };
}
export type PrerenderedLookup = ReturnType<typeof createPrerenderedLookup>;
