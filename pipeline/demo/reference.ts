// Reads the embedded reference data in data/: municipality boundaries and CBS figures, and PC4
// points. These small files are read whole; errors name the file, line and field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { CsvReader } from '../import/csv.ts';

/** The repository's data/ directory, where the embedded reference files live. */
export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

export const REFERENCE_FILES = {
  municipalities: 'gemeenten_2024.geojson',
  provinces: 'provincies_2024.geojson',
  figures: 'gemeenten_2024_kerncijfers.csv',
  postcodes: 'pc4_2021.csv',
} as const;

export interface Municipality {
  code: string;
  name: string;
  provinceCode: string;
  inhabitants: number;
  dwellings: number;
  /** Surrounding-address density (addresses per km² within 1 km of an address). */
  addressDensity: number;
  /** Urbanisation class, 1 (very strongly urban) .. 5 (not urban). */
  urbanity: number;
  geometry: Polygon | MultiPolygon;
}

export interface PostcodeArea {
  pc4: string;
  lon: number;
  lat: number;
  inhabitants: number;
  areaKm2: number;
  place: string;
  municipalityCode: string;
}

type Row = (field: string) => string;

function readCsv(path: string): Array<{ line: number; get: Row }> {
  const reader = new CsvReader(path);
  try {
    const header = reader.header() ?? [];
    const index = new Map(header.map((name, i) => [name, i]));
    const rows: Array<{ line: number; get: Row }> = [];
    for (let cells = reader.next(); cells !== null; cells = reader.next()) {
      const record = cells;
      rows.push({
        line: reader.line,
        get: (field) => {
          const at = index.get(field);
          if (at === undefined) throw new Error(`${path}: missing column '${field}'. Restore the file from git.`);
          return record[at] ?? '';
        },
      });
    }
    return rows;
  } finally {
    reader.close();
  }
}

function numberAt(path: string, line: number, field: string, text: string, fallback?: number): number {
  if (text === '' && fallback !== undefined) return fallback;
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new Error(`${path}:${line}:${field}: '${text}' is not a number. Restore the file from git.`);
  }
  return value;
}

interface MunicipalityFeature {
  properties: Record<string, unknown>;
  geometry: Geometry;
}

/** Municipalities with boundaries (GeoJSON) joined to their CBS figures (CSV), sorted by code. */
export function readMunicipalities(dataDir = DATA_DIR): Municipality[] {
  const geoPath = join(dataDir, REFERENCE_FILES.municipalities);
  const features = (JSON.parse(readFileSync(geoPath, 'utf8')) as { features: MunicipalityFeature[] }).features;
  const shapes = new Map<string, Polygon | MultiPolygon>();
  features.forEach((f, i) => {
    const code = String(f.properties.gemeentecode ?? '');
    if (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon') {
      throw new Error(`${geoPath}: feature ${i} (${code}) is a ${f.geometry.type}, expected a Polygon or MultiPolygon.`);
    }
    shapes.set(code, f.geometry);
  });

  const csvPath = join(dataDir, REFERENCE_FILES.figures);
  const result = readCsv(csvPath).map(({ line, get }) => {
    const num = (field: string) => numberAt(csvPath, line, field, get(field));
    const code = get('gemeentecode');
    const geometry = shapes.get(code);
    if (!geometry) throw new Error(`${csvPath}:${line}:gemeentecode: '${code}' has no boundary in ${geoPath}.`);
    return {
      code,
      name: get('gemeentenaam'),
      provinceCode: get('provinciecode'),
      inhabitants: num('inwoners_2024'),
      dwellings: num('woningvoorraad_2023'),
      addressDensity: num('omgevingsadressendichtheid'),
      urbanity: num('stedelijkheid'),
      geometry,
    };
  });
  return result.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** PC4 points; empty inhabitant figures count as 0, an empty place name as ''. */
export function readPostcodeAreas(dataDir = DATA_DIR): PostcodeArea[] {
  const path = join(dataDir, REFERENCE_FILES.postcodes);
  return readCsv(path).map(({ line, get }) => ({
    pc4: get('pc4'),
    lon: numberAt(path, line, 'lon', get('lon')),
    lat: numberAt(path, line, 'lat', get('lat')),
    inhabitants: numberAt(path, line, 'inwoners_2021', get('inwoners_2021'), 0),
    areaKm2: numberAt(path, line, 'oppervlakte_km2', get('oppervlakte_km2'), 0),
    place: get('woonplaats'),
    municipalityCode: get('gemeentecode'),
  }));
}
