// `atlas boundaries` on TopoJSON through the CLI as a user runs it: --object, --code-field id,
// --parent-from-code, any level name, and usage errors (exit 2) for a bad level or prefix.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { tempDir } from '../helpers/temp-db.ts';

const TOPOJSON = 'test/fixtures/boundaries/synthetic-counties.topojson';

describe('atlas boundaries with TopoJSON', () => {
  it('loads states, then counties under them by code prefix', async () => {
    const db = join(tempDir(), 'us.sqlite');
    const states = await runAtlas('boundaries', '--db', db, '--level', 'state', '--object', 'states', TOPOJSON);
    expect(states.code).toBe(0);
    expect(states.stdout).toContain(`Loaded 2 state areas from topojson states in ${TOPOJSON}`);
    const counties = await runAtlas(
      'boundaries',
      ...['--db', db, '--level', 'county', '--object', 'counties', '--code-field', 'id', '--parent-from-code', '2', TOPOJSON],
    );
    expect(counties.code).toBe(0);
    expect(counties.stderr).toContain('Warnings (loaded anyway)');
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare("SELECT code, parent_code FROM areas WHERE level = 'county' ORDER BY code").all()).toEqual([
      { code: '90001', parent_code: '90' },
      { code: '90003', parent_code: '90' },
      { code: '91001', parent_code: '91' },
      { code: '91003', parent_code: '91' },
      { code: '92001', parent_code: '92' },
    ]);
    sqlite.close();
  });

  it.each([
    [['--level', 'US County'], /--level: a level name is a lower-case identifier/],
    [['--level', 'county', '--parent-from-code', 'two'], /--parent-from-code must be a whole number 1\.\.63/],
    [['--level', 'county', '--parent-from-code', '2', '--parent-field', 'state'], /--parent-field or --parent-from-code, not both/],
  ])('refuses %j with exit code 2', async (args, message) => {
    const result = await runAtlas('boundaries', '--db', join(tempDir(), 'x.sqlite'), ...args, TOPOJSON);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
