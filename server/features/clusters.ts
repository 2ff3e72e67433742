// The `clusters` collection: the unserved clusters of the selected release and download threshold
// as outlines with their figures, largest first.
import { roundCoordinate, roundTo } from '../export/table.ts';
import type { Cluster, ClusterQuery } from '../store/clusters.ts';
import type { Store } from '../store/index.ts';
import type { Release } from '../store/releases.ts';
import { intersectsBbox, selectionProperties, slicePage, type AtlasFeature, type FeatureSelection, type FeatureSource } from './source.ts';

function toFeature(c: Cluster, release: Release): AtlasFeature {
  const { up: _up, ...common } = selectionProperties(release, { down: c.down, up: null, fixed_only: false });
  return {
    type: 'Feature',
    id: c.id,
    geometry: c.geometry,
    properties: {
      addresses: c.addresses,
      area_codes: c.area_codes.join(' '),
      technologies: c.technologies.join(' '),
      nearest_covered_m: c.nearest_covered_m === null ? null : roundTo(c.nearest_covered_m, 1),
      centroid_lon: roundCoordinate(c.centroid[0]),
      centroid_lat: roundCoordinate(c.centroid[1]),
      ...common,
    },
  };
}

export function clustersFeatures(store: Store): FeatureSource {
  const query = (sel: FeatureSelection): ClusterQuery => ({
    release: sel.release.id,
    down: sel.threshold.down,
    minAddresses: 1,
    sort: 'size',
    bbox: sel.bbox,
  });

  /** With a bbox the store's bounding-box match is refined to the outlines. */
  function matching(sel: FeatureSelection): Cluster[] {
    const { bbox } = sel;
    const candidates = store.clusters.all(query(sel));
    return bbox ? candidates.filter((c) => intersectsBbox(c.geometry, c.bbox, bbox)) : candidates;
  }

  return {
    id: 'clusters',
    title: 'Unserved clusters',
    description:
      'Uncovered addresses within 250 m of each other: outlines with size, areas, technologies and distance to the nearest covered address',
    geometryType: 'Polygon',
    fields: {
      addresses: 'integer',
      area_codes: 'string',
      technologies: 'string',
      nearest_covered_m: 'real',
      centroid_lon: 'real',
      centroid_lat: 'real',
      release: 'string',
      synthetic: 'boolean',
      down: 'integer',
    },
    supportsUp: false,
    count(sel) {
      return sel.bbox ? matching(sel).length : store.clusters.totals(query(sel)).clusters;
    },
    page(sel, after, limit) {
      if (sel.bbox) {
        const { items, next } = slicePage(matching(sel), after, limit);
        return { features: items.map((c) => toFeature(c, sel.release)), next };
      }
      const rows = store.clusters.list(query(sel), limit + 1, after);
      const more = rows.length > limit;
      return { features: rows.slice(0, limit).map((c) => toFeature(c, sel.release)), next: more ? after + limit : null };
    },
    get(id, sel) {
      if (!/^\d{1,15}$/.test(id)) return undefined;
      const c = store.clusters.get(Number(id));
      if (!c || c.release_id !== sel.release.id || c.down !== sel.threshold.down) return undefined;
      if (sel.bbox && !intersectsBbox(c.geometry, c.bbox, sel.bbox)) return undefined;
      return toFeature(c, sel.release);
    },
    all: (sel) => matching(sel).map((c) => toFeature(c, sel.release)),
  };
}
