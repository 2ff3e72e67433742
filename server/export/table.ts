// What an export is made of: a flat table (scalar cells only, so every GIS and spreadsheet format
// can hold it) with a geometry per row, and the release it comes from. CSV and GeoJSON are written
// from the same table, so the two formats always carry the same columns.
import type { Geometry, Position } from 'geojson';
import { LOCATION_PRECISION_NOTES, type LocationPrecision } from '../../common/constants.ts';

export type Cell = string | number | boolean | null;

export interface ExportTable<R> {
  /** Column names in order; `release` and `synthetic` are added to every row by the writers. */
  columns: readonly string[];
  /** The row's cells by column name. */
  cells(row: R): Record<string, Cell>;
  /** Columns the GeoJSON geometry already holds (e.g. lon and lat of a point); left out of its properties. */
  inGeometry?: readonly string[];
  geometry(row: R): Geometry;
  id(row: R): string | number;
}

/**
 * Which release an export comes from, on every row so no tool can drop it; for a release whose points
 * are H3 cell centres (FCC BDC) also `location_precision` ('h3r8'), a column only such exports have.
 */
export interface ExportMeta {
  release: string;
  synthetic: boolean;
  location_precision?: LocationPrecision;
}

/** The export meta of a release. */
export function exportMeta(release: { label: string; synthetic: boolean; location_precision: string | null }): ExportMeta {
  const precision = release.location_precision;
  return {
    release: release.label,
    synthetic: release.synthetic,
    ...(precision !== null && precision in LOCATION_PRECISION_NOTES ? { location_precision: precision as LocationPrecision } : {}),
  };
}

/** The columns every row gets after the table's own, and their cells. */
export function metaColumns(meta: ExportMeta): string[] {
  return meta.location_precision ? ['release', 'synthetic', 'location_precision'] : ['release', 'synthetic'];
}
export function metaCells(meta: ExportMeta): Cell[] {
  return meta.location_precision ? [meta.release, meta.synthetic, meta.location_precision] : [meta.release, meta.synthetic];
}

/** Foreign members of a GeoJSON export: the meta, and with a location precision its note in words. */
export function metaMembers(meta: ExportMeta): Record<string, unknown> {
  return meta.location_precision ? { ...meta, location_note: LOCATION_PRECISION_NOTES[meta.location_precision] } : { ...meta };
}

/** Decimal places of exported coordinates: 6 is about 0.1 m, as RFC 7946 section 11.2 suggests. */
export const COORDINATE_DECIMALS = 6;

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export const roundCoordinate = (value: number): number => roundTo(value, COORDINATE_DECIMALS);

function roundPositions(coordinates: unknown): unknown {
  if (typeof coordinates === 'number') return roundCoordinate(coordinates);
  return (coordinates as unknown[]).map(roundPositions);
}

/** A geometry with every coordinate rounded to COORDINATE_DECIMALS. */
export function roundGeometry<G extends Geometry>(geometry: G): G {
  if (geometry.type === 'GeometryCollection') return { ...geometry, geometries: geometry.geometries.map(roundGeometry) };
  return { ...geometry, coordinates: roundPositions(geometry.coordinates) as Position } as G;
}
