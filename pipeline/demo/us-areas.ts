// The real US areas of the US demo: the us-atlas package's Census cartographic boundaries (TopoJSON,
// objects `states` and `counties`, feature ids = FIPS codes), cut to the chosen states and loaded as
// the levels `state` and `county` (a county's parent is the state of its first 2 digits).
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { loadBoundaries } from '../boundaries/index.ts';
import { readBoundariesSync, type BoundarySource } from '../boundaries/read-source.ts';
import { STATE_USPS } from './us-states.ts';

const require = createRequire(import.meta.url);

/** The us-atlas TopoJSON files (Census 2017 cartographic boundaries, 1:10 M). */
export const US_ATLAS_FILES = {
  states: require.resolve('us-atlas/states-10m.json'),
  counties: require.resolve('us-atlas/counties-10m.json'),
} as const;

export interface UsCounty {
  /** 5-digit county FIPS code, leading zeros kept. */
  code: string;
  name: string;
  stateCode: string;
  geometry: Polygon | MultiPolygon;
}

export interface UsAreas {
  states: { code: string; name: string; usps: string }[];
  /** The chosen states' counties, by code. */
  counties: UsCounty[];
  /** The files as read, cut to the chosen states, for loadBoundaries. */
  sources: { states: BoundarySource; counties: BoundarySource };
}

type AreaFeature = Feature<Polygon | MultiPolygon | null, { name?: string }>;

function featuresOf(source: BoundarySource): AreaFeature[] {
  return (source.collection as { features: AreaFeature[] }).features;
}

function cut(source: BoundarySource, keep: (f: AreaFeature) => boolean): BoundarySource {
  return { ...source, collection: { type: 'FeatureCollection', features: featuresOf(source).filter(keep) } };
}

/**
 * Reads us-atlas and keeps the states `stateCodes` (2-digit FIPS; all of them when absent) and their
 * counties; unknown codes are an error.
 */
export function readUsAreas(stateCodes?: readonly string[]): UsAreas {
  const allStates = readBoundariesSync(US_ATLAS_FILES.states, 'states');
  const known = new Map(featuresOf(allStates).map((f) => [String(f.id), f.properties?.name ?? String(f.id)]));
  stateCodes ??= [...known.keys()];
  const unknown = stateCodes.filter((c) => !known.has(c) || !STATE_USPS[c]);
  if (unknown.length > 0) {
    const list = [...known.keys()].filter((c) => STATE_USPS[c]).sort();
    throw new Error(`unknown state FIPS code(s) ${unknown.join(', ')}; us-atlas has ${list.join(', ')}.`);
  }
  const wanted = new Set(stateCodes);
  const states = cut(allStates, (f) => wanted.has(String(f.id)));
  const counties = cut(readBoundariesSync(US_ATLAS_FILES.counties, 'counties'), (f) => wanted.has(String(f.id).slice(0, 2)));
  return {
    states: [...wanted].sort().map((code) => ({ code, name: known.get(code)!, usps: STATE_USPS[code] })),
    counties: featuresOf(counties)
      .filter((f) => f.geometry !== null)
      .map((f) => ({
        code: String(f.id),
        name: f.properties?.name ?? String(f.id),
        stateCode: String(f.id).slice(0, 2),
        geometry: f.geometry as Polygon | MultiPolygon,
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    sources: { states, counties },
  };
}

/** The credit of the us-atlas boundaries, stored with them (shown on the map, reports and exports). */
export const US_ATLAS_CREDIT = 'U.S. Census Bureau, cartographic boundaries (us-atlas)';

/** Loads the states, then their counties under them, as `atlas boundaries` does with us-atlas. */
export function loadUsAreas(db: Database.Database, areas: UsAreas): { states: number; counties: number } {
  const states = loadBoundaries(db, {
    file: US_ATLAS_FILES.states,
    source: areas.sources.states,
    level: 'state',
    object: 'states',
    codeField: 'id',
    nameField: 'name',
    attribution: US_ATLAS_CREDIT,
  });
  const counties = loadBoundaries(db, {
    file: US_ATLAS_FILES.counties,
    source: areas.sources.counties,
    level: 'county',
    object: 'counties',
    codeField: 'id',
    nameField: 'name',
    parentFromCode: 2,
    allowDuplicateNames: true,
    attribution: US_ATLAS_CREDIT,
  });
  return { states: states.areas, counties: counties.areas };
}
