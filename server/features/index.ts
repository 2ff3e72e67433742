// The feature collections by id, shared by the OGC API Features routes and the GeoPackage export.
import type { Store } from '../store/index.ts';
import { areasFeatures } from './areas.ts';
import { clustersFeatures } from './clusters.ts';
import { FEATURE_COLLECTIONS, type FeatureSource } from './source.ts';
import { uncoveredFeatures } from './uncovered.ts';

export function createFeatureCollections(store: Store) {
  const sources = [areasFeatures(store), uncoveredFeatures(store), clustersFeatures(store)];
  const byId = new Map<string, FeatureSource>(sources.map((s) => [s.id, s]));
  return {
    ids: (): string[] => [...FEATURE_COLLECTIONS],
    list: (): FeatureSource[] => sources,
    get: (id: string): FeatureSource | undefined => byId.get(id),
    resetAll(): void {
      for (const s of sources) s.reset?.();
    },
  };
}
export type FeatureCollections = ReturnType<typeof createFeatureCollections>;
export type { FeatureSource, FeatureSelection, AtlasFeature, FieldType, FeatureCollectionId } from './source.ts';
