// Checks a boundary FeatureCollection before anything is stored: GeoJSON validity
// (geojson-validation) plus what the atlas needs (areas, closed rings, lon/lat, unique code and name).
import gjv from 'geojson-validation';
import type { Position } from 'geojson';
import { polygonsOf, type AreaGeometry } from './geometry.ts';
import { checkShape, nestingProblem } from './shape-checks.ts';

export interface BoundaryFields {
  /** Property holding the code; `id` falls back to the feature's own id (RFC 7946 3.2, TopoJSON ids). */
  codeField: string;
  nameField: string;
  parentField?: string;
  /** The parent's code is the first N characters of the code (a US county 06037 -> state 06). */
  parentFromCode?: number;
  /** Names may repeat within one parent too (warned, not refused): codes tell the areas apart. */
  allowDuplicateNames?: boolean;
  /** The features come from quantised TopoJSON (see shape-checks.ts). */
  quantised?: boolean;
}

/** One area read from a boundary file, ready to store. */
export interface AreaFeature {
  code: string;
  name: string;
  parentCode: string | null;
  geometry: AreaGeometry;
  properties: Record<string, unknown>;
}

export interface FeatureProblem {
  index: number;
  code: string | null;
  problem: string;
}

/**
 * Longest area name and code accepted (characters). Names show in titles, tiles and reports; a
 * megabyte name once stalled a report for good. Codes are ids in URLs (the API takes up to 64).
 */
export const MAX_NAME_LENGTH = 200;
export const MAX_CODE_LENGTH = 64;

function textField(properties: Record<string, unknown>, field: string): string | null {
  const value = properties[field];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The code of a feature: its property, or for `id` the feature's own id when no such property exists. */
function codeOf(feature: unknown, properties: Record<string, unknown>, field: string): string | null {
  const code = textField(properties, field);
  if (code !== null || field !== 'id' || 'id' in properties) return code;
  return textField({ id: (feature as { id?: unknown } | null)?.id }, 'id');
}

/** The parent code of an area: from its property, or the first `prefix` characters of its code. */
function parentOf(code: string | null, properties: Record<string, unknown>, fields: BoundaryFields): string | null {
  if (fields.parentFromCode !== undefined) return code && code.length > fields.parentFromCode ? code.slice(0, fields.parentFromCode) : null;
  return fields.parentField ? textField(properties, fields.parentField) : null;
}

function positionProblem([lon, lat]: Position): string | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return `position [${lon}, ${lat}] is not finite`;
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `position [${lon}, ${lat}] is outside lon -180..180 / lat -90..90`;
  return null;
}

function ringProblem(ring: Position[], where: string): string | null {
  if (ring.length < 4) return `${where} has ${ring.length} positions; a closed ring needs at least 4`;
  for (const position of ring) {
    const problem = positionProblem(position);
    if (problem) return `${where}: ${problem}`;
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) return `${where} is not closed (first and last position differ)`;
  return null;
}

function geometryProblem(geometry: unknown): string | null {
  const type = (geometry as { type?: unknown } | null)?.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') return `geometry type is ${String(type)}; only Polygon and MultiPolygon are areas`;
  const polygons = polygonsOf(geometry as AreaGeometry);
  if (polygons.length === 0) return 'geometry has no polygons';
  for (const [p, polygon] of polygons.entries()) {
    if (polygon.length === 0) return `polygon ${p} has no rings`;
    for (const [r, ring] of polygon.entries()) {
      const problem = ringProblem(ring, `polygon ${p} ring ${r}`);
      if (problem) return problem;
    }
  }
  return null;
}

/** Codes are matched exactly, but two that differ only in case are one code to people and URLs. */
function caseTwin(code: string, codes: Map<string, number>, lowerCodes: Map<string, [string, number]>): string | null {
  const twin = lowerCodes.get(code.toLowerCase());
  if (!twin || codes.has(code)) return null;
  return `code ${code} differs only in case from code ${twin[0]} of feature ${twin[1]}`;
}

/**
 * Validates every feature and returns the areas, or all problems found (the caller stores nothing
 * unless the list is empty).
 */
export function validateBoundaries(
  collection: unknown,
  fields: BoundaryFields,
): { areas: AreaFeature[]; problems: FeatureProblem[]; warnings: FeatureProblem[] } {
  const features = collection as { type?: unknown; features?: unknown } | null;
  if (features?.type !== 'FeatureCollection' || !Array.isArray(features.features)) {
    return { areas: [], problems: [{ index: -1, code: null, problem: 'the file is not a GeoJSON FeatureCollection' }], warnings: [] };
  }
  const areas: AreaFeature[] = [];
  const problems: FeatureProblem[] = [];
  const warnings: FeatureProblem[] = [];
  const codes = new Map<string, number>();
  const lowerCodes = new Map<string, [string, number]>();
  const names = new Map<string, number>();
  for (const [index, feature] of (features.features as unknown[]).entries()) {
    const properties = (feature as { properties?: Record<string, unknown> | null })?.properties ?? {};
    const code = codeOf(feature, properties, fields.codeField);
    const shownCode = code && code.length > MAX_CODE_LENGTH ? `${code.slice(0, MAX_CODE_LENGTH)}…` : code;
    const report = (problem: string) => problems.push({ index, code: shownCode, problem });
    // Before anything recursive (geojson-validation, JSON.stringify) walks it.
    const deep = nestingProblem(feature);
    if (deep) {
      report(deep);
      continue;
    }
    const invalid = gjv.isFeature(feature, true);
    if (invalid.length > 0) {
      report(`not valid GeoJSON: ${invalid.join('; ')}`);
      continue;
    }
    const geometry = (feature as { geometry: unknown }).geometry;
    let problem = geometryProblem(geometry);
    let area = geometry as AreaGeometry;
    if (!problem) {
      const shape = checkShape(geometry as AreaGeometry, { quantised: fields.quantised });
      problem = shape.problem;
      area = shape.geometry;
      for (const warning of shape.warnings) warnings.push({ index, code, problem: warning });
    }
    if (problem) report(problem);
    const name = textField(properties, fields.nameField);
    if (!code) report(`property '${fields.codeField}' (the code) is missing or empty`);
    if (!name) report(`property '${fields.nameField}' (the name) is missing or empty`);
    if (code && code.length > MAX_CODE_LENGTH) report(`code is longer than ${MAX_CODE_LENGTH} characters (${code.length})`);
    if (name && name.length > MAX_NAME_LENGTH) report(`name is longer than ${MAX_NAME_LENGTH} characters (${name.length})`);
    if (code && codes.has(code)) report(`code ${code} is also used by feature ${codes.get(code)}`);
    const twin = code ? caseTwin(code, codes, lowerCodes) : null;
    if (twin) report(twin);
    if (code && !lowerCodes.has(code.toLowerCase())) lowerCodes.set(code.toLowerCase(), [code, index]);
    // Names are unique within one parent (all areas without a parent are one group).
    const parentCode = parentOf(code, properties, fields);
    const nameKey = name === null ? null : `${parentCode ?? ''}\u0000${name}`;
    if (nameKey !== null && names.has(nameKey)) {
      const message = `name '${name}' is also used by feature ${names.get(nameKey)}${parentCode ? ` (both in ${parentCode})` : ''}`;
      if (fields.allowDuplicateNames) warnings.push({ index, code, problem: message });
      else report(message);
    }
    if (code) codes.set(code, codes.get(code) ?? index);
    if (nameKey !== null) names.set(nameKey, names.get(nameKey) ?? index);
    if (problem || twin || !code || !name || code.length > MAX_CODE_LENGTH || name.length > MAX_NAME_LENGTH) continue;
    if (parentCode === code) {
      report(`the area is its own parent (${code})`);
      continue;
    }
    const { [fields.codeField]: _code, [fields.nameField]: _name, ...rest } = properties;
    areas.push({ code, name, parentCode, geometry: area, properties: rest });
  }
  return { areas, problems, warnings };
}
