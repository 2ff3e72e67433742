// One label per area. Labels placed on tiled polygons repeat once per tile an area crosses, so the
// labels come from a GeoJSON source of points instead: for each area, the centre of its largest
// piece among the loaded tiles, recomputed when the map settles.
import type * as maplibregl from 'maplibre-gl';
import type { Feature, FeatureCollection, Point, Position } from 'geojson';

export const LABEL_SOURCE = 'area-labels';

interface Piece {
  size: number;
  at: Position;
  name: string;
  level: string;
}

function outerRings(geometry: GeoJSON.Geometry): Position[][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates[0]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map((p) => p[0]);
  return [];
}

function bboxPiece(ring: Position[]): { size: number; at: Position } {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  return { size: (e - w) * (n - s), at: [(w + e) / 2, (s + n) / 2] };
}

/** Label points of every area in the loaded `areas` tiles. */
export function labelPoints(map: maplibregl.Map): FeatureCollection<Point> {
  const best = new Map<string, Piece>();
  for (const f of map.querySourceFeatures('areas', { sourceLayer: 'areas' })) {
    const code = String(f.properties.code);
    for (const ring of outerRings(f.geometry)) {
      const piece = bboxPiece(ring);
      if (piece.size > (best.get(code)?.size ?? -1))
        best.set(code, { ...piece, name: String(f.properties.name), level: String(f.properties.level) });
    }
  }
  const features = [...best.entries()].map(
    ([code, p]): Feature<Point> => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: p.at },
      properties: { code, name: p.name, level: p.level },
    }),
  );
  return { type: 'FeatureCollection', features };
}

/** Keeps the label source in step with the loaded tiles (only writing when the labels changed). */
export function keepLabelsUpdated(map: maplibregl.Map): void {
  let last = '';
  map.on('idle', () => {
    const source = map.getSource(LABEL_SOURCE) as maplibregl.GeoJSONSource | undefined;
    if (!source) return;
    const points = labelPoints(map);
    const signature = JSON.stringify(points.features.map((f) => [f.properties?.code, f.geometry.coordinates.map((c) => c.toFixed(4))]));
    if (signature === last) return;
    last = signature;
    source.setData(points);
  });
}
