// The `clusters` layer: each unserved cluster as its outline (from OUTLINE_MIN_ZOOM) and its centroid
// point, both with id, size, distance to the nearest covered address, technologies and areas.
// One geojson-vt index per release and threshold, built from the stored clusters on first use and
// kept in the shared index cache, weighed by what its tiles hold.
import type { Feature, FeatureCollection } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import type { DownThreshold } from '../../common/constants.ts';
import { clusterUpload } from '../../common/definitions.ts';
import type { Cluster } from '../store/clusters.ts';
import type { Store } from '../store/index.ts';
import type { IndexCache } from './index-cache.ts';
import { CUT_MAX_ZOOM, encodeLayer, type TileLayerSource } from './registry.ts';
import { tileCoordsBytes } from './vt-bytes.ts';

/**
 * geojson-vt keeps every tile it cuts while drilling down to a requested one. Each index is weighed
 * by the tiles it holds (re-weighed as it drills), and past this many drilled tiles it is dropped
 * and rebuilt, so distinct-tile traffic cannot grow it without end.
 */
export const MAX_DRILLED_TILES = 2000;

interface ClusterIndex {
  vt: GeoJSONVT;
  /** Tiles of the first pass (indexMaxZoom), and how many tiles the weight counts. */
  firstPass: number;
  counted: number;
  bytes: number;
}

/** Below this zoom clusters are drawn as points only: outlines would be specks and fill tiles. */
export const OUTLINE_MIN_ZOOM = 9;
/** Below OUTLINE_MIN_ZOOM a tile keeps the largest clusters up to this many, so it stays far below 500 KB. */
export const MAX_LOW_ZOOM_POINTS = 8000;
const POLYGON = 3;

function properties(c: Cluster, kind: 'outline' | 'centroid') {
  return {
    kind,
    id: c.id,
    addresses: c.addresses,
    technologies: c.technologies.join(' '),
    area_codes: c.area_codes.join(' '),
    // Absent (not null) when no covered address exists: MVT has no null.
    ...(c.nearest_covered_m === null ? {} : { nearest_covered_m: Math.round(c.nearest_covered_m) }),
  };
}

function features(clusters: Cluster[]): Feature[] {
  return clusters.flatMap((c): Feature[] => [
    { type: 'Feature', geometry: c.geometry, properties: properties(c, 'outline') },
    { type: 'Feature', geometry: { type: 'Point', coordinates: c.centroid }, properties: properties(c, 'centroid') },
  ]);
}

export function clustersLayer(store: Store, indexes: IndexCache, maxDrilledTiles = MAX_DRILLED_TILES): TileLayerSource {
  function indexOf(key: string, release: number, down: DownThreshold, up: number | null): ClusterIndex {
    return indexes.get(key, () => {
      const clusters = store.clusters.all({ release, down, up, minAddresses: 1, sort: 'size' });
      const collection: FeatureCollection = { type: 'FeatureCollection', features: features(clusters) };
      const vt = new GeoJSONVT(collection, { maxZoom: CUT_MAX_ZOOM, indexMaxZoom: 5, tolerance: 3, buffer: 64 });
      const bytes = tileCoordsBytes(vt, 0);
      return { value: { vt, firstPass: vt.tileCoords.length, counted: vt.tileCoords.length, bytes }, bytes };
    });
  }

  /** Weighs the tiles a request drilled, or drops an index that drilled too far. */
  function reweigh(key: string, index: ClusterIndex): void {
    const coords = index.vt.tileCoords;
    if (coords.length === index.counted) return;
    if (coords.length - index.firstPass > maxDrilledTiles) {
      indexes.delete(key);
      return;
    }
    index.bytes += tileCoordsBytes(index.vt, index.counted);
    index.counted = coords.length;
    indexes.resize(key, index.bytes);
  }

  return {
    name: 'clusters',
    description: `Unserved clusters: centroid points (kind centroid; below z${OUTLINE_MIN_ZOOM} the ${MAX_LOW_ZOOM_POINTS} largest per tile) and, from z${OUTLINE_MIN_ZOOM}, outlines (kind outline)`,
    minzoom: 0,
    // Advertised in TileJSON, so MapLibre overzooms these tiles above it instead of asking for empty ones.
    maxzoom: CUT_MAX_ZOOM,
    fields: {
      kind: 'String',
      id: 'Number',
      addresses: 'Number',
      nearest_covered_m: 'Number',
      technologies: 'String',
      area_codes: 'String',
    },
    render(req) {
      // The goal's pair has clusters of its own (e.g. 100/20); any other upload condition shows the download's.
      const up = clusterUpload(store.definitions(), req.threshold.down, req.threshold.up) ?? null;
      const key = `clusters/${req.release.id}/${req.threshold.down}/${up ?? ''}`;
      const index = indexOf(key, req.release.id, req.threshold.down, up);
      const tile = index.vt.getTile(req.z, req.x, req.y);
      reweigh(key, index);
      const features = tile?.features ?? [];
      if (req.z >= OUTLINE_MIN_ZOOM) return encodeLayer('clusters', features);
      const points = features.filter((f) => f.type !== POLYGON);
      points.sort((a, b) => Number(b.tags?.addresses) - Number(a.tags?.addresses));
      return encodeLayer('clusters', points.slice(0, MAX_LOW_ZOOM_POINTS));
    },
    reset() {
      indexes.clear();
    },
  };
}
