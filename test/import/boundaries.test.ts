// Loading boundary GeoJSON: what is stored, replacing a level, and clear errors for broken files.
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWritable } from '../../common/schema.ts';
import { BoundaryError, loadBoundaries } from '../../pipeline/boundaries/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { tempDir } from '../helpers/temp-db.ts';

const FIELDS = { codeField: 'gemeentecode', nameField: 'gemeentenaam', parentField: 'provinciecode' };

function fixture() {
  return JSON.parse(readFileSync(FIXTURE_FILES.municipalities, 'utf8'));
}

/** Breaks a parsed copy of the fixture in place, writing what its types would forbid: that is the point. */
// biome-ignore lint/suspicious/noExplicitAny: a breaker writes any shape into the parsed JSON on purpose
type Breaker = (fc: any) => void;

/** Loads the fixture once, then tries a broken copy; returns the error and whether anything changed. */
function tryBroken(breakIt: Breaker) {
  const dir = tempDir();
  const db = openWritable(join(dir, 'a.sqlite'));
  loadBoundaries(db, { file: FIXTURE_FILES.municipalities, level: 'municipality', ...FIELDS });
  const before = db.prepare('SELECT * FROM areas ORDER BY code').all();
  const fc = fixture();
  breakIt(fc);
  const file = join(dir, 'broken.geojson');
  writeFileSync(file, JSON.stringify(fc));
  let message = '';
  try {
    loadBoundaries(db, { file, level: 'municipality', ...FIELDS });
  } catch (err) {
    expect(err).toBeInstanceOf(BoundaryError);
    message = (err as Error).message;
  }
  const unchanged = JSON.stringify(db.prepare('SELECT * FROM areas ORDER BY code').all()) === JSON.stringify(before);
  db.close();
  return { message, unchanged };
}

describe('loading boundaries', () => {
  it('stores code, name, parent, bbox, geometry and the other properties', () => {
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    expect(loadBoundaries(db, { file: FIXTURE_FILES.municipalities, level: 'municipality', ...FIELDS })).toEqual({
      level: 'municipality',
      areas: 4,
      warnings: [],
    });
    const lopik = db.prepare("SELECT * FROM areas WHERE code = 'GM0331'").get() as Record<string, unknown>;
    expect(lopik).toMatchObject({ level: 'municipality', name: 'Lopik', parent_code: 'PV26', min_lon: 4.83412, max_lat: 52.02563 });
    expect(JSON.parse(lopik.properties as string)).toMatchObject({ provincienaam: 'Utrecht', inwoners_2024: 14724 });
    expect(JSON.parse(lopik.geometry as string).type).toBe('Polygon');
    db.close();
  });

  it('replaces a level as a whole and leaves other levels alone', () => {
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    loadBoundaries(db, {
      file: fileURLToPath(new URL('../../data/gemeenten_2024.geojson', import.meta.url)),
      level: 'municipality',
      ...FIELDS,
    });
    loadBoundaries(db, { file: FIXTURE_FILES.provinces, level: 'province', codeField: 'provinciecode', nameField: 'provincienaam' });
    loadBoundaries(db, { file: FIXTURE_FILES.municipalities, level: 'municipality', ...FIELDS });
    expect(db.prepare('SELECT level, count(*) n FROM areas GROUP BY level ORDER BY level').all()).toEqual([
      { level: 'municipality', n: 4 },
      { level: 'province', n: 1 },
    ]);
    db.close();
  });

  const broken: [string, Breaker, string][] = [
    [
      'a point geometry',
      (fc) => {
        fc.features[1].geometry = { type: 'Point', coordinates: [5, 52] };
      },
      'feature 1 (code GM0335): geometry type is Point',
    ],
    [
      'an open ring',
      (fc) => {
        fc.features[2].geometry.coordinates[0].pop();
      },
      'feature 2 (code GM0353): not valid GeoJSON: at 0: The first and last positions must be equivalent',
    ],
    [
      'a ring of three positions',
      (fc) => {
        fc.features[0].geometry.coordinates[0] = [
          [5, 52],
          [5.1, 52],
          [5, 52],
        ];
      },
      'at least four positions',
    ],
    [
      'a latitude out of range',
      (fc) => {
        fc.features[3].geometry.coordinates[0][1] = [4.8, 95];
      },
      'outside lon -180..180 / lat -90..90',
    ],
    [
      'a duplicate code',
      (fc) => {
        fc.features[3].properties.gemeentecode = 'GM0331';
      },
      'code GM0331 is also used by feature 0',
    ],
    [
      'a duplicate name',
      (fc) => {
        fc.features[3].properties.gemeentenaam = 'Lopik';
      },
      "name 'Lopik' is also used by feature 0",
    ],
    [
      'an empty code',
      (fc) => {
        fc.features[1].properties.gemeentecode = ' ';
      },
      "property 'gemeentecode' (the code) is missing or empty",
    ],
    [
      'a missing name',
      (fc) => {
        delete fc.features[1].properties.gemeentenaam;
      },
      "property 'gemeentenaam' (the name) is missing or empty",
    ],
    [
      'a non-collection',
      (fc) => {
        fc.type = 'Feature';
      },
      'not a GeoJSON FeatureCollection',
    ],
  ];
  it.each(broken)('rejects a file with %s whole, naming the feature and problem', (_name, breakIt, problem) => {
    const { message, unchanged } = tryBroken(breakIt);
    expect(message).toContain(problem);
    expect(message).toContain('nothing was loaded');
    expect(unchanged).toBe(true);
  });

  it('rejects a file that is not JSON', () => {
    const dir = tempDir();
    const file = join(dir, 'x.geojson');
    writeFileSync(file, '{"type": "FeatureCollection", ');
    const db = openWritable(join(dir, 'a.sqlite'));
    expect(() => loadBoundaries(db, { file, level: 'municipality', ...FIELDS })).toThrow(/x\.geojson: not valid JSON/);
    db.close();
  });
});
