// The `uncovered` layer: single uncovered addresses from UNCOVERED_POINTS_MIN_ZOOM, and below that
// (or where a tile would hold more than maxTilePoints) one point per H3 cell with its uncovered
// count. The release's uncovered points are indexed in memory once per threshold (Flatbush, in the
// shared index cache); every technology filter filters the same index.
import Flatbush from 'flatbush';
import type { LegacyFeature } from 'geojson-vt';
import { BEST_TECHNOLOGIES, hexResolutionForZoom, TILE_MAX_ZOOM, UNCOVERED_POINTS_MIN_ZOOM } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
import type { Store } from '../store/index.ts';
import type { UncoveredPoints } from '../store/tile-sources.ts';
import { bufferedBbox, projector, tileBbox, type TileCoord } from './geometry.ts';
import { hexIndex, searchHexes } from './hex-index.ts';
import { typedBytes, type IndexCache } from './index-cache.ts';
import { encodeLayer, type TileLayerSource, type TileRequest } from './registry.ts';

interface PointIndex extends UncoveredPoints {
  tree: Flatbush | null;
}

/** Bytes of a string beside its characters (header and the array's reference), roughly. */
const STRING_BYTES = 24;

/** Share of a tile added on each side so symbols at the edge are not cut. */
const POINT_BUFFER = 1 / 64;

/**
 * `detailsInIndex`: read every point's details (address id, best download and technology) with the index,
 * for a walk over every tile (a pre-render): each point is drawn at every zoom from UNCOVERED_POINTS_MIN_ZOOM,
 * and looking its row up per tile took 13 s of a 9.6 M-address pre-render (2.1 M lookups for 716 k points).
 * A server asks for few tiles and looks the details up per tile, so its indexes stay small.
 */
export function uncoveredLayer(store: Store, maxTilePoints: number, indexes: IndexCache, detailsInIndex = false): TileLayerSource {
  function pointIndex(release: number, threshold: Threshold): PointIndex {
    return indexes.get(`points/${release}/${threshold.down}/${threshold.up}/${threshold.fixed_only}`, () => {
      const p = store.tileSources.uncoveredPoints(release, threshold, detailsInIndex);
      let tree: Flatbush | null = null;
      if (p.ids.length > 0) {
        // Single-precision boxes halve the tree; a few centimetres do not move a point on a tile.
        tree = new Flatbush(p.ids.length, 16, Float32Array);
        for (let i = 0; i < p.ids.length; i++) tree.add(p.lon[i], p.lat[i]);
        tree.finish();
      }
      const detailBytes = p.details
        ? typedBytes(p.details.bestDown) + p.details.addressId.reduce((sum, a) => sum + STRING_BYTES + 2 * a.length, 0)
        : 0;
      return { value: { ...p, tree }, bytes: typedBytes(p.ids, p.lon, p.lat, p.technology, tree?.data) + detailBytes };
    });
  }

  /** Indices of the uncovered points in the tile, or null when there are more than the cap. */
  function pointsIn(req: TileRequest): number[] | null {
    const index = pointIndex(req.release.id, req.threshold);
    if (!index.tree) return [];
    const [w, s, e, n] = bufferedBbox(req, POINT_BUFFER);
    const keep = req.technologies ? new Set(req.technologies.map((t) => BEST_TECHNOLOGIES.indexOf(t as never))) : null;
    const found = index.tree.search(w, s, e, n, keep ? (i) => keep.has(index.technology[i]) : undefined);
    return found.length > maxTilePoints ? null : found;
  }

  function singles(req: TileRequest, found: number[]): LegacyFeature[] {
    const index = pointIndex(req.release.id, req.threshold);
    const project = projector(req);
    const held = index.details;
    const looked = held ? null : store.tileSources.pointDetails(found.map((i) => index.ids[i]));
    return found.map((i) => ({
      type: 1,
      id: index.ids[i],
      geometry: [project(index.lon[i], index.lat[i])],
      // Held with the index (a walk: one object a point, on the pre-render's path), or looked up for this tile's points.
      tags: held
        ? { address_id: held.addressId[i], best_down: held.bestDown[i], best_technology: held.bestTechnology[i], count: 1 }
        : { ...looked!.get(index.ids[i]), count: 1 },
    }));
  }

  function aggregates(req: TileRequest & TileCoord): LegacyFeature[] {
    const res = hexResolutionForZoom(req.z);
    const index = hexIndex(indexes, store, req.release.id, res, req.threshold, req.technologies ?? null);
    const project = projector(req);
    const [w, s, e, n] = tileBbox(req);
    const features: LegacyFeature[] = [];
    // Each cell centre belongs to exactly one tile, so no aggregate is drawn twice.
    for (const i of searchHexes(index, [w, s, e, n])) {
      const lon = index.lon[i];
      const lat = index.lat[i];
      if (lon < w || lon >= e || lat < s || lat >= n) continue;
      const count = index.uncovered[i];
      if (count === 0) continue;
      features.push({ type: 1, geometry: [project(lon, lat)], tags: { cell: index.cells[i], count } });
    }
    return features;
  }

  return {
    name: 'uncovered',
    description:
      `Uncovered addresses: single points (address_id, best_down, best_technology, count 1) from z${UNCOVERED_POINTS_MIN_ZOOM}, ` +
      'below that one point per H3 cell with its uncovered count',
    minzoom: 0,
    maxzoom: TILE_MAX_ZOOM,
    fields: { address_id: 'String', best_down: 'Number', best_technology: 'String', cell: 'String', count: 'Number' },
    render(req) {
      const found = req.z >= UNCOVERED_POINTS_MIN_ZOOM ? pointsIn(req) : null;
      return encodeLayer('uncovered', found ? singles(req, found) : aggregates(req));
    },
    reset() {
      indexes.clear();
    },
  };
}
