// Builds the shared test database from the checked-in fixtures (see test/fixtures/README.md):
// four Utrecht municipalities + the province, and releases 2023-12 (synthetic) and 2024-12 (real).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWritable } from '../../common/schema.ts';
import { loadBoundaries } from '../../pipeline/boundaries/index.ts';
import { importRelease } from '../../pipeline/import/index.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export const FIXTURE_FILES = {
  municipalities: join(FIXTURES, 'boundaries/municipalities.geojson'),
  provinces: join(FIXTURES, 'boundaries/provinces.geojson'),
  release2023: join(FIXTURES, 'connections/2023-12.csv'),
  release2024: join(FIXTURES, 'connections/2024-12.csv'),
};

/** Loads the fixture boundaries (both levels) into an open database. */
export function loadFixtureBoundaries(db: ReturnType<typeof openWritable>): void {
  loadBoundaries(db, {
    file: FIXTURE_FILES.municipalities,
    level: 'municipality',
    codeField: 'gemeentecode',
    nameField: 'gemeentenaam',
    parentField: 'provinciecode',
  });
  loadBoundaries(db, { file: FIXTURE_FILES.provinces, level: 'province', codeField: 'provinciecode', nameField: 'provincienaam' });
}

/** Writes `<dir>/atlas.sqlite` with both fixture releases and returns its path. */
export async function buildFixtureDb(dir: string): Promise<string> {
  const path = join(dir, 'atlas.sqlite');
  const db = openWritable(path);
  try {
    loadFixtureBoundaries(db);
    importRelease(db, { release: '2023-12', asOf: '2023-12-31', files: [FIXTURE_FILES.release2023], synthetic: true });
    importRelease(db, { release: '2024-12', asOf: '2024-12-31', files: [FIXTURE_FILES.release2024], synthetic: false });
  } finally {
    db.close();
  }
  return path;
}
