// Gathers a ReportData from the server's store: the same calls the /api/v1/areas/{code} route makes,
// so a report's figures always equal the API's.
import { clusterUpload } from '../../common/definitions.ts';
import { areaProgress, areasWithin, childLevel } from '../area-progress.ts';
import type { Goal } from '../progress.ts';
import { createAreaGeometryStore } from '../store/area-geometry.ts';
import type { Store } from '../store/index.ts';
import { addressListCap, type ReportAddress, type ReportClusters, type ReportData } from './model.ts';
import { selectionQuery, type AreaSelection } from './selection.ts';

/**
 * The clusters with addresses in the area. They are built per download threshold and for the goal's
 * pair, so with another upload condition the map shows addresses alone. Every uncovered address
 * belongs to a cluster, so uncovered addresses without any cluster mean a database from before
 * clustering: none drawn.
 */
function clustersOf(store: Store, s: AreaSelection, uncovered: number): ReportClusters | null {
  const up = clusterUpload(store.definitions(), s.threshold.down, s.threshold.up);
  if (up === undefined || s.threshold.fixed_only) return null;
  const query = { release: s.release.id, down: s.threshold.down, up, areaCodes: store.areas.addressCodes(s.area), minAddresses: 1 };
  const found = store.clusters.all({ ...query, sort: 'size' });
  if (found.length === 0 && uncovered > 0) return null;
  return {
    distanceM: found[0]?.distance_m ?? 0,
    items: found.map((c) => ({
      addresses: c.addresses,
      addressesInArea: c.addresses_in_area,
      technologies: c.technologies,
      nearestCoveredM: c.nearest_covered_m,
      geometry: c.geometry,
      centroid: c.centroid,
    })),
  };
}

/** Place names written on a report's map, largest first (fewer where they would overlap). */
const MAP_PLACES = 12;

export type CollectReport = (s: AreaSelection) => ReportData;

/**
 * A collector bound to one store (statements prepared once, reused for every report). It collects
 * at most `listCap` addresses for the list (the rest would fall beyond the page budget) and only
 * the positions of the others, for the map.
 */
export function createReportCollector(store: Store, attribution: string[], goal: Goal, listCap = addressListCap()): CollectReport {
  const geometries = createAreaGeometryStore(store.db);
  return (s) => {
    const { area, release, threshold } = s;
    const scope = { release: release.id, level: area.level, code: area.code };
    const query = { release: release.id, areaCodes: store.areas.addressCodes(area), threshold };
    const uncovered: ReportAddress[] = [];
    for (const row of store.uncovered.all(query)) {
      if (uncovered.length >= listCap) break;
      const { postcode, house_number, house_letter, house_number_suffix, street, city, lon, lat } = row;
      uncovered.push({ postcode, house_number, house_letter, house_number_suffix, street, city, lon, lat });
    }
    const uncoveredPositions = store.uncovered.positions(query);
    const trend = store.trend(area, threshold);
    const inner = childLevel(store, area.code);
    const releases = store.releases.list();
    const previous = releases[releases.findIndex((r) => r.id === release.id) - 1];
    const changed = previous && store.changes.figures(store.changes.pair(previous.id, release.id), area.level, area.code, threshold);
    return {
      area: { code: area.code, name: area.name, level: area.level },
      release: {
        label: release.label,
        as_of: release.as_of,
        synthetic: release.synthetic,
        ...(release.location_precision === 'h3r8' ? { location_precision: 'h3r8' as const } : {}),
      },
      threshold,
      totals: store.stats.figures(scope, threshold),
      byTechnology: store.stats.byTechnology(scope, threshold),
      byProvider: store.stats.byProvider(scope, threshold),
      trend,
      progress: areaProgress(store, area, trend, release, threshold, goal),
      change: previous && changed ? { from: previous.label, ...changed } : null,
      children: inner === null ? null : areasWithin(store, inner, area.code, release, threshold, goal),
      // The area exists (store.areas.get found it), so it has a geometry; so do its children.
      boundary: geometries.geometry(area.code)!,
      subdivisions: store.areas.childCodes(area.code).map((code) => geometries.geometry(code)!),
      uncovered,
      uncoveredPositions,
      clusters: clustersOf(store, s, uncoveredPositions.length / 2),
      places: store.places
        .rankedIn(release.id, store.areas.addressCodes(area), MAP_PLACES)
        .map(({ name, lon, lat }) => ({ name, lon, lat })),
      attribution,
      csvPath: `/api/v1/areas/${encodeURIComponent(area.code)}/uncovered.csv?${selectionQuery(s)}`,
      generatedAt: new Date(),
    };
  };
}
