// Credits are data: `atlas boundaries --attribution` stores who a level's boundaries are from, and the
// map's meta, TileJSON, OGC landing page and exports show them; the attribution setting overrides
// them; reloading a level without a credit drops it; a database without stored credits shows the
// bundled CBS/Kadaster credit, as every database before this did.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTRIBUTION } from '../../common/attribution.ts';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { startTestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/temp-db.ts';

const CREDIT = 'Example Mapping Agency, 2025; Partner Survey';

async function load(db: string, ...credit: string[]): Promise<void> {
  const run = await runAtlas('boundaries', '--db', db, '--level', 'municipality', ...credit, FIXTURE_FILES.municipalities);
  expect(run.code, run.stderr).toBe(0);
}

describe('boundary credits', () => {
  it('are stored with the boundaries and shown by meta, TileJSON and OGC; the setting overrides them', async () => {
    const db = join(tempDir(), 'credits.sqlite');
    await load(db, '--attribution', CREDIT);
    expect((await runAtlas('import', '--db', db, '--release', '2024-12', FIXTURE_FILES.release2024)).code).toBe(0);
    const server = await startTestServer(db);
    try {
      expect((await server.json('/api/v1/meta')).attribution).toEqual(['Example Mapping Agency, 2025', 'Partner Survey']);
      expect((await server.json('/tiles/areas.json')).attribution).toBe(CREDIT);
      expect((await server.json('/ogc')).attribution).toBe(CREDIT);
    } finally {
      await server.stop();
    }
    const configured = await startTestServer(db, { attribution: 'Set by the operator' });
    try {
      expect((await configured.json('/api/v1/meta')).attribution).toEqual(['Set by the operator']);
    } finally {
      await configured.stop();
    }
  });

  it('are dropped when the level is loaded again without one, which shows the bundled credit', async () => {
    const db = join(tempDir(), 'reloaded.sqlite');
    await load(db, '--attribution', CREDIT);
    await load(db);
    const server = await startTestServer(db);
    try {
      expect((await server.json('/api/v1/meta')).attribution).toEqual([DEFAULT_ATTRIBUTION]);
    } finally {
      await server.stop();
    }
  });

  it('go into the GeoPackage metadata of an export', async () => {
    const db = join(tempDir(), 'export.sqlite');
    await load(db, '--attribution', CREDIT);
    expect((await runAtlas('import', '--db', db, '--release', '2024-12', FIXTURE_FILES.release2024)).code).toBe(0);
    const out = join(tempDir(), 'credits.gpkg');
    const run = await runAtlas('export', '--db', db, '--format', 'gpkg', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const gpkg = new Database(out, { readonly: true });
    const metadata = gpkg.prepare('SELECT metadata FROM gpkg_metadata').pluck().all().join('\n');
    gpkg.close();
    expect(metadata).toContain('Example Mapping Agency, 2025');
    expect(metadata).not.toContain(DEFAULT_ATTRIBUTION);
  });
});
