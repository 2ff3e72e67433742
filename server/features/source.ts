// What a feature collection offers the OGC API Features routes and the GeoPackage export: its schema,
// a count, keyset or offset pages, one feature by id, and every feature (no HTTP here).
import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { Feature, Geometry } from 'geojson';
import type { Bbox } from '../../common/api.ts';
import type { Threshold } from '../../common/types.ts';
import type { Release } from '../store/releases.ts';

export const FEATURE_COLLECTIONS = ['areas', 'uncovered', 'clusters'] as const;
export type FeatureCollectionId = (typeof FEATURE_COLLECTIONS)[number];

/** Column types of a property, as a GeoPackage and a JSON schema need them. */
export type FieldType = 'string' | 'integer' | 'real' | 'boolean';

export interface FeatureSelection {
  release: Release;
  threshold: Threshold;
  /** Only features whose geometry intersects it (WGS84 degrees). */
  bbox?: Bbox;
}

export type AtlasFeature = Feature<Geometry, Record<string, string | number | boolean | null>> & { id: string | number };

export interface FeaturePage {
  features: AtlasFeature[];
  /** Position to continue after (opaque to clients), or null on the last page. */
  next: number | null;
}

export interface FeatureSource {
  id: FeatureCollectionId;
  title: string;
  description: string;
  /** The one geometry type of every feature. */
  geometryType: 'Point' | 'Polygon' | 'MultiPolygon';
  /** Property names in output order with their types. */
  fields: Record<string, FieldType>;
  /** Whether an upload threshold changes the collection (clusters are built per download threshold only). */
  supportsUp: boolean;
  count(sel: FeatureSelection): number;
  page(sel: FeatureSelection, after: number, limit: number): FeaturePage;
  /** One feature by its id, or undefined when the selection holds none with that id. */
  get(id: string, sel: FeatureSelection): AtlasFeature | undefined;
  all(sel: FeatureSelection): Iterable<AtlasFeature>;
  reset?(): void;
}

/** The properties every feature carries: what it describes and whether it is synthetic. */
export function selectionProperties(release: Release, threshold: Threshold) {
  return { release: release.label, synthetic: release.synthetic, down: threshold.down, up: threshold.up };
}
export const SELECTION_FIELDS = { release: 'string', synthetic: 'boolean', down: 'integer', up: 'integer' } as const satisfies Record<
  string,
  FieldType
>;

/** Whether a geometry with bounds `bounds` intersects `bbox`; the exact test runs only for geometries on its edge. */
export function intersectsBbox(geometry: Geometry, bounds: readonly number[], bbox: Bbox): boolean {
  const [w, s, e, n] = bbox;
  if (bounds[2] < w || bounds[0] > e || bounds[3] < s || bounds[1] > n) return false;
  if (bounds[0] >= w && bounds[2] <= e && bounds[1] >= s && bounds[3] <= n) return true;
  return booleanIntersects(bboxPolygon(bbox), geometry);
}

/** An offset page of a list computed whole: the items after `after` and where the next page starts. */
export function slicePage<T>(list: T[], after: number, limit: number): { items: T[]; next: number | null } {
  const end = after + limit;
  return { items: list.slice(after, end), next: end < list.length ? end : null };
}
