// The `areas` collection: every area (all levels) as a MultiPolygon with its figures for the
// selected release and threshold. Shapes are parsed once and kept until the database changes.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Counts } from '../../common/types.ts';
import type { Area } from '../store/areas.ts';
import type { Store } from '../store/index.ts';
import {
  intersectsBbox,
  selectionProperties,
  SELECTION_FIELDS,
  slicePage,
  type AtlasFeature,
  type FeatureSelection,
  type FeatureSource,
} from './source.ts';

type Shape = Area & { geometry: MultiPolygon };

/** One geometry type for the whole layer: a Polygon becomes a MultiPolygon of one part. */
function toMultiPolygon(g: Polygon | MultiPolygon): MultiPolygon {
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}

const NO_FIGURES: Counts = { addresses: 0, covered: 0, uncovered: 0, covered_pct: 0 };

export function areasFeatures(store: Store): FeatureSource {
  let shapes: Shape[] | null = null;

  function allShapes(): Shape[] {
    shapes ??= Array.from(store.areas.shapes(), (a) => ({
      ...a,
      geometry: toMultiPolygon(a.geometry as Polygon | MultiPolygon),
    }));
    return shapes;
  }

  function matching(sel: FeatureSelection): Shape[] {
    const { bbox } = sel;
    return bbox ? allShapes().filter((a) => intersectsBbox(a.geometry, a.bbox, bbox)) : allShapes();
  }

  function figures(sel: FeatureSelection): Map<string, Counts> {
    const byCode = new Map<string, Counts>();
    for (const level of store.areas.levels()) {
      for (const { code, addresses, covered, uncovered, covered_pct } of store.stats.areas(sel.release.id, level, sel.threshold)) {
        byCode.set(code, { addresses, covered, uncovered, covered_pct });
      }
    }
    return byCode;
  }

  function features(list: Shape[], sel: FeatureSelection): AtlasFeature[] {
    const byCode = figures(sel);
    const common = selectionProperties(sel.release, sel.threshold);
    return list.map((a) => ({
      type: 'Feature',
      id: a.code,
      geometry: a.geometry,
      properties: {
        code: a.code,
        name: a.name,
        level: a.level,
        parent_code: a.parent_code,
        ...(byCode.get(a.code) ?? NO_FIGURES),
        ...common,
      },
    }));
  }

  return {
    id: 'areas',
    title: 'Areas with coverage figures',
    description:
      'Every area of every loaded level (e.g. municipalities and provinces, or counties and states) as a polygon with addresses, covered, uncovered and covered_pct for the selected release and threshold',
    geometryType: 'MultiPolygon',
    fields: {
      code: 'string',
      name: 'string',
      level: 'string',
      parent_code: 'string',
      addresses: 'integer',
      covered: 'integer',
      uncovered: 'integer',
      covered_pct: 'real',
      ...SELECTION_FIELDS,
    },
    supportsUp: true,
    count: (sel) => matching(sel).length,
    page(sel, after, limit) {
      const { items, next } = slicePage(matching(sel), after, limit);
      return { features: features(items, sel), next };
    },
    get(code, sel) {
      const shape = matching(sel).find((a) => a.code === code);
      return shape && features([shape], sel)[0];
    },
    all: (sel) => features(matching(sel), sel),
    reset() {
      shapes = null;
    },
  };
}
