// The unserved-cluster table of /api/v1/clusters.csv and .geojson: lists joined with spaces, the
// centroid as lon/lat and the bounding box as west/south/east/north, so every cell is a scalar.
import type { Cluster } from '../store/clusters.ts';
import { roundCoordinate, roundTo, type ExportTable } from './table.ts';

export const CLUSTER_COLUMNS = [
  'id',
  'addresses',
  'addresses_in_area',
  'area_codes',
  'technologies',
  'lon',
  'lat',
  'west',
  'south',
  'east',
  'north',
  'nearest_covered_m',
  'number',
  'number_area',
] as const;

export const clusterTable: ExportTable<Cluster> = {
  columns: CLUSTER_COLUMNS,
  cells: (c) => {
    const [lon, lat] = c.centroid.map(roundCoordinate);
    const [west, south, east, north] = c.bbox.map(roundCoordinate);
    return {
      id: c.id,
      addresses: c.addresses,
      addresses_in_area: c.addresses_in_area,
      area_codes: c.area_codes.join(' '),
      technologies: c.technologies.join(' '),
      lon,
      lat,
      west,
      south,
      east,
      north,
      // Decimetres are the most a 250 m clustering can tell.
      nearest_covered_m: c.nearest_covered_m === null ? null : roundTo(c.nearest_covered_m, 1),
      number: c.number,
      number_area: c.number_area,
    };
  },
  geometry: (c) => c.geometry,
  id: (c) => c.id,
};
