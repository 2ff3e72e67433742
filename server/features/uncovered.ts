// The `uncovered` collection: every address uncovered at the selected threshold as a point with its
// best offer, in row-id order (keyset pages). Counts come from the aggregates without a bbox.
import { UNCOVERED_COLUMNS } from '../export/uncovered.ts';
import type { AddressRow } from '../store/addresses.ts';
import type { Store } from '../store/index.ts';
import { NATIONAL } from '../store/stats.ts';
import type { UncoveredQuery } from '../store/uncovered.ts';
import type { Threshold } from '../../common/types.ts';
import type { Release } from '../store/releases.ts';
import { selectionProperties, SELECTION_FIELDS, type AtlasFeature, type FeatureSelection, type FeatureSource } from './source.ts';

const WORLD = [-180, -90, 180, 90] as const;
/** The columns of the uncovered downloads (server/export/uncovered.ts) but the coordinates, which are the geometry. */
const PROPERTY_COLUMNS = UNCOVERED_COLUMNS.filter((c) => c !== 'lon' && c !== 'lat');

/** The properties every feature of a release carries: the selection's, and where the release's points are H3 cell centres, `location_precision`. */
function commonProperties(release: Release, threshold: Threshold) {
  const precision = release.location_precision;
  return { ...selectionProperties(release, threshold), ...(precision ? { location_precision: precision } : {}) };
}

function toFeature(row: AddressRow, common: ReturnType<typeof commonProperties>): AtlasFeature {
  return {
    type: 'Feature',
    id: row.address_id,
    geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
    properties: { ...Object.fromEntries(PROPERTY_COLUMNS.map((c) => [c, row[c]])), ...common },
  };
}

export function uncoveredFeatures(store: Store): FeatureSource {
  function query(sel: FeatureSelection): UncoveredQuery {
    const areaCodes = store.areas.codesInBbox(store.areas.addressLevel(), sel.bbox ?? WORLD);
    return { release: sel.release.id, areaCodes, bbox: sel.bbox, threshold: sel.threshold };
  }

  return {
    id: 'uncovered',
    title: 'Uncovered addresses',
    description:
      'Every address below the selected threshold as a point with its best offer (download, upload, technology); ' +
      'location_precision h3r8: the point is the centre of its H3 resolution-8 cell, not the building (absent when the point is the address)',
    geometryType: 'Point',
    fields: {
      address_id: 'string',
      postcode: 'string',
      house_number: 'integer',
      house_letter: 'string',
      house_number_suffix: 'string',
      street: 'string',
      city: 'string',
      area_code: 'string',
      best_technology: 'string',
      best_down: 'real',
      best_up: 'real',
      ...SELECTION_FIELDS,
      location_precision: 'string',
    },
    supportsUp: true,
    count(sel) {
      if (!sel.bbox) return store.stats.figures({ release: sel.release.id, ...NATIONAL }, sel.threshold).uncovered;
      return store.uncovered.count(query(sel));
    },
    page(sel, after, limit) {
      const { rows, nextAfter } = store.uncovered.page(query(sel), after, limit);
      const common = commonProperties(sel.release, sel.threshold);
      return { features: rows.map((r) => toFeature(r, common)), next: nextAfter };
    },
    get(addressId, sel) {
      const row = store.addresses.byId(sel.release.id, addressId);
      if (!row || store.addresses.isCovered(row, sel.threshold)) return undefined;
      const [w, s, e, n] = sel.bbox ?? WORLD;
      if (row.lon < w || row.lon > e || row.lat < s || row.lat > n) return undefined;
      return toFeature(row, commonProperties(sel.release, sel.threshold));
    },
    *all(sel) {
      const common = commonProperties(sel.release, sel.threshold);
      for (const row of store.uncovered.all(query(sel))) yield toFeature(row, common);
    },
  };
}
