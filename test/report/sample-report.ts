// A ReportData built by hand on a real municipality boundary, for tests of the drawing alone.
import type { MultiPolygon, Polygon } from 'geojson';
import { readFileSync } from 'node:fs';
import { progressOf } from '../../server/progress.ts';
import type { ReportAddress, ReportData } from '../../server/report/model.ts';

interface Feature {
  properties: { gemeentecode: string; gemeentenaam: string };
  geometry: Polygon | MultiPolygon;
}

function boundaryOf(code: string): Feature {
  const file = new URL('../../data/gemeenten_2024.geojson', import.meta.url);
  const features = (JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] }).features;
  return features.find((f) => f.properties.gemeentecode === code)!;
}

/** `count` uncovered addresses on `streets` streets, placed around a point of the area. */
export function sampleAddresses(count: number, streets: number, [lon, lat]: [number, number]): ReportAddress[] {
  return Array.from({ length: count }, (_, i) => {
    const s = i % streets;
    return {
      postcode: `${8400 + s}AB`,
      house_number: 1 + Math.floor(i / streets),
      house_letter: i % 7 === 0 ? 'a' : null,
      house_number_suffix: i % 11 === 0 ? '2' : null,
      street: `Feanwei ${s}`,
      city: 'Gorredijk',
      lon: lon + ((i * 37) % 100) / 2000,
      lat: lat + ((i * 53) % 100) / 4000,
    };
  });
}

export function sampleReport(overrides: Partial<ReportData> = {}): ReportData {
  const feature = boundaryOf('GM0086');
  const uncovered = overrides.uncovered ?? sampleAddresses(120, 12, [6.05, 53.03]);
  const addresses = 14_512;
  const covered = addresses - uncovered.length;
  const totals = { addresses, covered, uncovered: uncovered.length, covered_pct: Math.round((covered / addresses) * 10000) / 100 };
  return {
    area: { code: 'GM0086', name: feature.properties.gemeentenaam, level: 'municipality' },
    release: { label: '2024-12', as_of: '2024-12-31', synthetic: false },
    threshold: { down: 1000, up: null, fixed_only: false },
    totals,
    byTechnology: [
      { technology: 'FTTH', addresses: 13_000, covered: 13_000, uncovered: 0, covered_pct: 100 },
      { technology: 'VDSL', addresses: 1_400, covered: 0, uncovered: 1_400, covered_pct: 0 },
      { technology: 'NONE', addresses: 112, covered: 0, uncovered: 112, covered_pct: 0 },
    ],
    byProvider: [{ provider: 'Polder Fiber', addresses: 13_000, covered: 12_800, uncovered: 200, covered_pct: 98.46 }],
    trend: [
      { release: '2023-12', as_of: '2023-12-31', addresses: 14_400, covered: 13_000, uncovered: 1_400, covered_pct: 90.28 },
      { release: '2024-12', as_of: '2024-12-31', ...totals },
    ],
    progress: {
      ...progressOf(
        [
          { as_of: '2023-12-31', addresses: 14_400, uncovered: 1_400 },
          { as_of: '2024-12-31', addresses, uncovered: uncovered.length },
        ],
        { year: 2030, pct: 100 },
      ),
      rank: 12,
      rank_of: 342,
      parent_code: 'PV21',
      parent_name: 'Fryslân',
      parent_level: 'province',
      parent_covered_pct: 93.12,
      national_covered_pct: 88.5,
    },
    change: { from: '2023-12', newly_covered: 1_290, lost: 10, added: 120, removed: 8 },
    children: null,
    boundary: feature.geometry,
    subdivisions: [],
    uncovered,
    uncoveredPositions: Float64Array.from(uncovered.flatMap((a) => [a.lon, a.lat])),
    clusters: null,
    // Opsterland's largest villages (fictional counts do not matter; positions roughly right).
    places: [
      { name: 'Gorredijk', lon: 6.066, lat: 53.006 },
      { name: 'Beetsterzwaag', lon: 6.073, lat: 53.058 },
    ],
    attribution: ['Kadaster / Centraal Bureau voor de Statistiek, 2024'],
    csvPath: '/api/v1/areas/GM0086/uncovered.csv?release=2024-12&down=1000',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    ...overrides,
  };
}
