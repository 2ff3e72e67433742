// The `covered` layer: from COVERED_POINTS_MIN_ZOOM, the addresses covered at the threshold as bare
// points, so the network's edge shows beside the uncovered ones. Read per tile through the address
// grid index (8 M addresses nationally are too many to hold in memory); a tile denser than its cap
// keeps every k-th address, and says so in its `step` property.
import type { LegacyFeature } from 'geojson-vt';
import { COVERED_POINTS_MIN_ZOOM, TILE_MAX_ZOOM } from '../../common/constants.ts';
import type { Store } from '../store/index.ts';
import { bufferedBbox, projector } from './geometry.ts';
import { encodeLayer, type TileLayerSource } from './registry.ts';

/** Share of a tile added on each side so dots at the edge are not cut. */
const POINT_BUFFER = 1 / 64;

/** Most covered addresses in one tile, as a multiple of the uncovered layer's `maxTilePoints`. */
export const COVERED_PER_UNCOVERED_POINTS = 2;

export function coveredLayer(store: Store, maxTilePoints: number): TileLayerSource {
  const max = maxTilePoints * COVERED_PER_UNCOVERED_POINTS;
  return {
    name: 'covered',
    description:
      `Addresses covered at the threshold, one MultiPoint per tile whose only property is \`step\` (1, or k where a tile denser than ` +
      `${max.toLocaleString('en')} addresses keeps every k-th), from z${COVERED_POINTS_MIN_ZOOM}`,
    minzoom: COVERED_POINTS_MIN_ZOOM,
    maxzoom: TILE_MAX_ZOOM,
    fields: { step: 'Number' },
    render(req) {
      if (req.z < COVERED_POINTS_MIN_ZOOM) return null;
      const points = store.tileSources.coveredPoints(req.release.id, req.threshold, bufferedBbox(req, POINT_BUFFER), max);
      if (points.lon.length === 0) return null;
      const project = projector(req);
      // One MultiPoint feature: the points are delta-coded one after the other (about 3 bytes each,
      // against 10 for a feature per point) and nothing asks about a single covered address.
      const feature: LegacyFeature = {
        type: 1,
        geometry: points.lon.map((lon, i) => project(lon, points.lat[i])),
        tags: { step: points.step },
      };
      return encodeLayer('covered', [feature]);
    },
  };
}
