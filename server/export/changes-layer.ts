// The `changes` layer of the GeoPackage export: every area (all levels) as a MultiPolygon with what changed
// between the exported release and the one before it (the figures of /api/v1/changes at the export's
// threshold). Empty when the release is the oldest.
import { levelChangeFigures } from '../change-figures.ts';
import { areasFeatures } from '../features/areas.ts';
import type { AtlasFeature, FeatureSelection, FieldType } from '../features/index.ts';
import type { Store } from '../store/index.ts';

const FIGURE_FIELDS = {
  addresses_from: 'integer',
  addresses_to: 'integer',
  newly_covered: 'integer',
  lost: 'integer',
  added: 'integer',
  added_covered: 'integer',
  removed: 'integer',
  removed_covered: 'integer',
  net_change_uncovered: 'integer',
} as const satisfies Record<string, FieldType>;

export function changesLayerSource(store: Store) {
  const areas = areasFeatures(store);
  return {
    id: 'changes',
    description: 'What changed in every area since the release before: newly covered, lost, added and removed addresses',
    geometryType: 'MultiPolygon' as const,
    fields: {
      code: 'string',
      name: 'string',
      level: 'string',
      from: 'string',
      to: 'string',
      synthetic: 'boolean',
      down: 'integer',
      up: 'integer',
      ...FIGURE_FIELDS,
    } satisfies Record<string, FieldType>,
    *all(sel: FeatureSelection): Generator<AtlasFeature> {
      const releases = store.releases.list();
      const from = releases[releases.findIndex((r) => r.id === sel.release.id) - 1];
      if (!from) return;
      const pair = { from, to: sel.release, threshold: sel.threshold };
      const figures = new Map(store.areas.levels().flatMap((level) => levelChangeFigures(store, pair, level).map((a) => [a.code, a])));
      for (const area of areas.all(sel)) {
        const f = figures.get(String(area.id));
        if (!f) continue;
        const { code, name, level, ...counts } = f;
        const properties = {
          code,
          name,
          level,
          from: from.label,
          to: sel.release.label,
          synthetic: from.synthetic || sel.release.synthetic,
          down: sel.threshold.down,
          up: sel.threshold.up,
          ...counts,
        };
        yield { type: 'Feature', id: code, geometry: area.geometry, properties };
      }
    },
  };
}
