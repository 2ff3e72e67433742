// Boundary names and codes over their cap refuse the load with a reason (issue 16 item 3).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWritable } from '../../common/schema.ts';
import { BoundaryError, loadBoundaries } from '../../pipeline/boundaries/index.ts';
import { MAX_CODE_LENGTH, MAX_NAME_LENGTH } from '../../pipeline/boundaries/validate.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { tempDir } from '../helpers/temp-db.ts';

const FIELDS = { codeField: 'gemeentecode', nameField: 'gemeentenaam', parentField: 'provinciecode' };

function load(change: (feature: { properties: Record<string, string> }) => void) {
  const dir = tempDir();
  const db = openWritable(join(dir, 'a.sqlite'));
  const fc = JSON.parse(readFileSync(FIXTURE_FILES.municipalities, 'utf8'));
  change(fc.features[0]);
  const file = join(dir, 'b.geojson');
  writeFileSync(file, JSON.stringify(fc));
  try {
    loadBoundaries(db, { file, level: 'municipality', ...FIELDS });
    return { error: null, areas: db.prepare('SELECT count(*) FROM areas').pluck().get() };
  } catch (err) {
    expect(err).toBeInstanceOf(BoundaryError);
    return { error: (err as Error).message, areas: db.prepare('SELECT count(*) FROM areas').pluck().get() };
  } finally {
    db.close();
  }
}

describe('boundary name and code caps', () => {
  it(`accepts a name of ${MAX_NAME_LENGTH} characters`, () => {
    expect(load((f) => (f.properties.gemeentenaam = 'n'.repeat(MAX_NAME_LENGTH))).error).toBeNull();
  });

  it('refuses a megabyte name, storing nothing', () => {
    const { error, areas } = load((f) => (f.properties.gemeentenaam = 'N'.repeat(1_000_000)));
    expect(error).toContain(`name is longer than ${MAX_NAME_LENGTH} characters (1000000)`);
    expect(error!.length).toBeLessThan(2000);
    expect(areas).toBe(0);
  });

  it('refuses a code longer than the API accepts', () => {
    expect(load((f) => (f.properties.gemeentecode = 'G'.repeat(MAX_CODE_LENGTH + 1))).error).toContain(
      `code is longer than ${MAX_CODE_LENGTH} characters`,
    );
    const { error } = load((f) => (f.properties.gemeentecode = 'G'.repeat(1_000_000)));
    expect(error!.length).toBeLessThan(2000);
  });
});
