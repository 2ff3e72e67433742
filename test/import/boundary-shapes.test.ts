// The boundary checker refuses deep nesting, zero-area, whole-world and antimeridian-crossing
// polygons and codes that differ only in case, and warns about self-crossing rings (found by a
// grid, checked here against comparing every pair of segments).
import type { Position } from 'geojson';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BoundaryError, loadBoundaries } from '../../pipeline/boundaries/index.ts';
import { ringIntersections, segmentsMeet } from '../../pipeline/boundaries/self-intersection.ts';
import { validateBoundaries } from '../../pipeline/boundaries/validate.ts';
import { boundariesDb } from '../helpers/temp-db.ts';

const FIELDS = { codeField: 'code', nameField: 'name' };
const square = (x: number, y: number, s = 1): Position[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

function feature(code: string, coordinates: unknown, type = 'Polygon') {
  return { type: 'Feature', properties: { code, name: `Area ${code}` }, geometry: { type, coordinates } };
}

function check(...features: unknown[]) {
  return validateBoundaries({ type: 'FeatureCollection', features }, FIELDS);
}

/** Crossing pairs by comparing every pair of non-adjacent segments. */
function bruteCrossings(ring: Position[]): number {
  const m = ring.length - 1;
  let n = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue;
      const at = segmentsMeet(ring[i], ring[i + 1], ring[j], ring[j + 1]);
      if (at && ![ring[i], ring[i + 1], ring[j], ring[j + 1]].some((p) => p[0] === at[0] && p[1] === at[1])) n++;
    }
  }
  return n;
}

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('self-crossing rings', () => {
  it('are counted as comparing every pair would, on 300 random rings', () => {
    const rnd = random(7);
    for (let k = 0; k < 300; k++) {
      const n = 4 + Math.floor(rnd() * 60);
      const ring: Position[] = Array.from({ length: n }, () => [Math.round(rnd() * 50) / 10, Math.round(rnd() * 50) / 10]);
      ring.push(ring[0]);
      expect(ringIntersections(ring, Infinity).count, JSON.stringify(ring)).toBe(bruteCrossings(ring));
    }
  });

  it('finds the one crossing in a 200,000-vertex ring', () => {
    const n = 200_000;
    const ring: Position[] = Array.from({ length: n }, (_, i) => [
      5 + 0.1 * Math.cos((2 * Math.PI * i) / n),
      52 + 0.06 * Math.sin((2 * Math.PI * i) / n),
    ]);
    [ring[1000], ring[1001]] = [ring[1001], ring[1000]];
    ring.push(ring[0]);
    expect(ringIntersections(ring).count).toBe(1);
  });
});

describe('the boundary checker', () => {
  it('reports "nesting too deep" for a feature nested 200,000 levels deep, without a RangeError', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    const { problems, areas } = check(feature('A', [square(4, 52)]), feature('B', deep));
    expect(areas.map((a) => a.code)).toEqual(['A']);
    expect(problems).toEqual([{ index: 1, code: 'B', problem: 'nesting too deep: more than 64 levels of arrays and objects' }]);
  });

  it.each([
    [
      'a zero-area polygon',
      [
        [
          [4, 52],
          [5, 52],
          [6, 52],
          [4, 52],
        ],
      ],
      'polygon 0 has zero area',
    ],
    [
      'a whole-world polygon',
      [
        [
          [-180, -90],
          [180, -90],
          [180, 90],
          [-180, 90],
          [-180, -90],
        ],
      ],
      'polygon 0 covers 100 % of the globe',
    ],
    [
      'an antimeridian-crossing polygon',
      [
        [
          [179, 10],
          [-179, 10],
          [-179, 11],
          [179, 11],
          [179, 10],
        ],
      ],
      'polygon 0 crosses the antimeridian (an edge jumps from lon 179 to -179)',
    ],
  ])('refuses %s', (_name, coordinates, problem) => {
    const { problems } = check(feature('A', coordinates));
    expect(problems).toHaveLength(1);
    expect(problems[0].problem).toContain(problem);
  });

  it('refuses codes that differ only in case', () => {
    const { problems } = check(feature('GM0001', [square(4, 52)]), feature('gm0001', [square(5, 52)]));
    expect(problems).toEqual([{ index: 1, code: 'gm0001', problem: 'code gm0001 differs only in case from code GM0001 of feature 0' }]);
  });

  it('warns about a self-crossing ring and loads it; a ring that touches itself at a vertex passes', () => {
    const bowtie = [
      [
        [4, 52],
        [5, 53],
        [5, 52],
        [4, 53],
        [4, 52],
      ],
    ];
    const pinched = [
      [
        [4, 52],
        [6, 52],
        [5, 53],
        [5.5, 53.5],
        [4.5, 53.5],
        [5, 53],
        [4, 52],
      ].map(([x, y]) => [x, y]),
    ];
    const { problems, warnings, areas } = check(feature('A', bowtie), feature('B', pinched));
    expect(problems).toEqual([]);
    expect(areas).toHaveLength(2);
    expect(warnings).toEqual([
      {
        index: 0,
        code: 'A',
        problem: expect.stringContaining('polygon 0 ring 0 crosses itself (1 time(s); first at lon 4.500000, lat 52.500000)'),
      },
    ]);
  });

  it('refuses a deeply nested file naming the feature and a gzip file saying so, and loads the CBS 2024 municipalities without problems or warnings', async () => {
    const { db, dir } = boundariesDb();
    const file = join(dir, 'deep.geojson');
    writeFileSync(
      file,
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"gemeentecode":"X","gemeentenaam":"Y"},"geometry":{"type":"Polygon","coordinates":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`,
    );
    expect(() => loadBoundaries(db, { file, level: 'municipality', codeField: 'gemeentecode', nameField: 'gemeentenaam' })).toThrow(
      BoundaryError,
    );
    expect(() => loadBoundaries(db, { file, level: 'municipality', codeField: 'gemeentecode', nameField: 'gemeentenaam' })).toThrow(
      /feature 0 \(code X\): nesting too deep/,
    );
    const gz = join(dir, 'boundaries.geojson.gz');
    writeFileSync(gz, gzipSync('{"type":"FeatureCollection","features":[]}'));
    expect(() => loadBoundaries(db, { file: gz, level: 'municipality', codeField: 'gemeentecode', nameField: 'gemeentenaam' })).toThrow(
      /boundaries\.geojson\.gz: not a GeoJSON text file: this is a gzip-compressed file; decompress it first/,
    );
    const municipalities = loadBoundaries(db, {
      file: join(import.meta.dirname, '../../data/gemeenten_2024.geojson'),
      level: 'municipality',
      codeField: 'gemeentecode',
      nameField: 'gemeentenaam',
      parentField: 'provinciecode',
    });
    expect(municipalities).toEqual({ level: 'municipality', areas: 342, warnings: [] });
    db.close();
  });
});
