// The uncovered-address table: the one column set of /api/v1/uncovered (GeoJSON pages),
// /api/v1/uncovered.csv and /api/v1/areas/{code}/uncovered.csv and .geojson.
import type { AddressRow } from '../store/addresses.ts';
import { roundCoordinate, type ExportTable } from './table.ts';

export const UNCOVERED_COLUMNS = [
  'address_id',
  'postcode',
  'house_number',
  'house_letter',
  'house_number_suffix',
  'street',
  'city',
  'area_code',
  'lon',
  'lat',
  'best_technology',
  'best_down',
  'best_up',
] as const satisfies readonly (keyof AddressRow)[];

export const uncoveredTable: ExportTable<AddressRow> = {
  columns: UNCOVERED_COLUMNS,
  cells: (row) => {
    const cells: Record<string, string | number | null> = {};
    for (const c of UNCOVERED_COLUMNS) cells[c] = row[c];
    cells.lon = roundCoordinate(row.lon);
    cells.lat = roundCoordinate(row.lat);
    return cells;
  },
  inGeometry: ['lon', 'lat'],
  geometry: (row) => ({ type: 'Point', coordinates: [row.lon, row.lat] }),
  id: (row) => row.address_id,
};
