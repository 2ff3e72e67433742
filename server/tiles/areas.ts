// The `areas` layer: every area polygon with its figures for the requested release and threshold.
// Geometry is cut in-process by geojson-vt (one index, built on first use); figures are merged into
// each feature when a tile is encoded, so one index serves every release and threshold.
import type { FeatureCollection } from 'geojson';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import type { Counts } from '../../common/types.ts';
import { Lru } from '../lru.ts';
import type { Store } from '../store/index.ts';
import { CUT_MAX_ZOOM, encodeLayer, type TileLayerSource, type TileRequest } from './registry.ts';

/** geojson-vt keeps every tile it cuts; past this many the index is rebuilt to bound memory. */
const MAX_INDEXED_TILES = 4000;

export function areasLayer(store: Store): TileLayerSource {
  let index: GeoJSONVT | null = null;
  const figures = new Lru<string, Map<string, Counts>>(8);

  function buildIndex(): GeoJSONVT {
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: Array.from(store.areas.shapes(), (a) => ({
        type: 'Feature',
        geometry: a.geometry,
        properties: { code: a.code, name: a.name, level: a.level },
      })),
    };
    return new GeoJSONVT(collection, { maxZoom: CUT_MAX_ZOOM, indexMaxZoom: 5, tolerance: 3, buffer: 64 });
  }

  function figuresOf(req: TileRequest): Map<string, Counts> {
    const key = `${req.release.id}/${req.threshold.down}/${req.threshold.up}/${req.threshold.fixed_only}`;
    return figures.getOrSet(key, () => {
      const byCode = new Map<string, Counts>();
      for (const level of store.areas.levels()) {
        for (const { code, addresses, covered, uncovered, covered_pct } of store.stats.areas(req.release.id, level, req.threshold)) {
          byCode.set(code, { addresses, covered, uncovered, covered_pct });
        }
      }
      return byCode;
    });
  }

  return {
    name: 'areas',
    description:
      'Area polygons of every level with code, name, level and coverage figures (covered_pct absent where an area has no addresses)',
    minzoom: 0,
    // Advertised in TileJSON, so MapLibre overzooms these tiles above it instead of asking for empty ones.
    maxzoom: CUT_MAX_ZOOM,
    fields: {
      code: 'String',
      name: 'String',
      level: 'String',
      addresses: 'Number',
      covered: 'Number',
      uncovered: 'Number',
      covered_pct: 'Number',
    },
    render(req) {
      if (!index || index.tileCoords.length > MAX_INDEXED_TILES) index = buildIndex();
      const tile = index.getTile(req.z, req.x, req.y);
      if (!tile || tile.features.length === 0) return null;
      const byCode = figuresOf(req);
      const features = tile.features.map((f): LegacyFeature => {
        const code = String(f.tags?.code);
        const { covered_pct, ...rest } = byCode.get(code) ?? { addresses: 0, covered: 0, uncovered: 0, covered_pct: null };
        // No addresses, no data: covered_pct is left out (MVT has no null), so the map paints it grey.
        return { ...f, tags: { ...f.tags, ...rest, ...(covered_pct === null ? {} : { covered_pct }) } };
      });
      return encodeLayer('areas', features);
    },
    reset() {
      index = null;
      figures.clear();
    },
  };
}
