// The `hexes` layer: H3 cells from hex_stats at hexResolutionForZoom(z), at most the release's finest,
// with address and covered counts so a cell of two addresses cannot pass for a town. Cells are indexed
// in memory per release and resolution; the polygon of each cell comes from h3-js (kept per cell in a
// walk: hex-outlines.ts).
import type { LegacyFeature } from 'geojson-vt';
import { cellToBoundary } from 'h3-js';
import { finestHexResolution, hexResolutionForZoom, TILE_MAX_ZOOM } from '../../common/constants.ts';
import type { Store } from '../store/index.ts';
import { percentOf } from '../../common/percent.ts';
import { projector, tileBbox } from './geometry.ts';
import { hexIndex, searchHexes } from './hex-index.ts';
import { HexOutlines } from './hex-outlines.ts';
import type { IndexCache } from './index-cache.ts';
import { encodeLayer, type TileLayerSource } from './registry.ts';

/**
 * `walk`: the layer draws every tile of a pyramid (a pre-render, an export), so each cell's outline is
 * computed once and kept (HexOutlines, beside the index cache's budget: peak RSS +36-45 MB for the 4.1 M
 * addresses of the NL import bench) instead of once per tile.
 */
export function hexesLayer(store: Store, indexes: IndexCache, walk = false): TileLayerSource {
  // By the index's cell array, which the index cache keeps while it keeps the index.
  const outlines = new WeakMap<readonly string[], HexOutlines>();
  return {
    name: 'hexes',
    description: 'H3 cells (coarse at z5, fine from z12) with addresses, covered, uncovered and covered_pct',
    minzoom: 0,
    maxzoom: TILE_MAX_ZOOM,
    fields: { cell: 'String', res: 'Number', addresses: 'Number', covered: 'Number', uncovered: 'Number', covered_pct: 'Number' },
    render(req) {
      // Never finer than the release's positions (an FCC location is an H3 resolution-8 cell centre).
      const res = Math.min(hexResolutionForZoom(req.z), finestHexResolution(req.release.location_precision));
      const index = hexIndex(indexes, store, req.release.id, res, req.threshold);
      let kept: HexOutlines | null = null;
      if (walk) {
        kept = outlines.get(index.cells) ?? new HexOutlines(index.cells);
        outlines.set(index.cells, kept);
      }
      const project = projector(req);
      const features: LegacyFeature[] = [];
      for (const i of searchHexes(index, tileBbox(req))) {
        const addresses = index.addresses[i];
        const covered = index.covered[i];
        if (addresses === 0) continue;
        const cell = index.cells[i];
        // h3-js rings run counter-clockwise on the map; MVT wants exterior rings clockwise on screen (y down).
        const ring = kept
          ? kept.ring(i, req)
          : cellToBoundary(cell, true)
              .map(([lon, lat]) => project(lon, lat))
              .reverse();
        features.push({
          type: 3,
          geometry: [ring],
          tags: { cell, res, addresses, covered, uncovered: addresses - covered, covered_pct: percentOf(covered, addresses) },
        });
      }
      return encodeLayer('hexes', features);
    },
    reset() {
      indexes.clear();
    },
  };
}
