// Levels as data and the location-precision note, over a US database (us-atlas states and counties,
// an FCC BDC release whose points are H3 cell centres) beside the NL fixture: meta names the address
// and parent levels; the release list, the uncovered CSV and GeoJSON, OGC uncovered items, the
// GeoPackage (column, layer description and metadata) and the PDF map say a point is a cell centre
// for the BDC release and say nothing of it for the NL one; the PDF names counties and states.
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ATTRIBUTION } from '../../common/attribution.ts';
import { LOCATION_PRECISION_NOTES } from '../../common/constants.ts';
import { writeDownload } from '../../server/export/downloads.ts';
import { writeGeoPackage } from '../../server/export/gpkg.ts';
import { exportSelection } from '../../server/export/selection.ts';
import { openStore } from '../../server/store/index.ts';
import { buildUsDb, type BdcRow } from '../helpers/bdc.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { gdal, HAVE_GDAL } from '../helpers/gdal.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/temp-db.ts';
import { readPdf } from '../report/pdf-reader.ts';

const NOTE = LOCATION_PRECISION_NOTES.h3r8;
const usDir = tempDir('atlas-us-levels-');
const nlDir = tempDir('atlas-nl-levels-');
let usPath: string;
let nlPath: string;
let rows: BdcRow[];
let us: TestServer;
let nl: TestServer;
let nlArea: string;

beforeAll(async () => {
  ({ path: usPath, rows } = await buildUsDb(usDir));
  nlPath = await buildFixtureDb(nlDir);
  us = await startTestServer(usPath);
  nl = await startTestServer(nlPath);
  nlArea = (await nl.json('/api/v1/areas?sort=uncovered&order=desc')).areas[0].code;
}, 180_000);

afterAll(async () => {
  await us?.stop();
  await nl?.stop();
  for (const dir of [usDir, nlDir]) rmSync(dir, { recursive: true, force: true });
});

const text = async (server: TestServer, path: string) => {
  const res = await server.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const pdf = async (server: TestServer, path: string) => readPdf(Buffer.from(await (await server.get(path)).arrayBuffer())).flat;

describe('the levels of the data', () => {
  it('are named in meta: the level addresses belong to and its parent level', async () => {
    expect(await us.json('/api/v1/meta')).toMatchObject({ levels: ['county', 'state'], address_level: 'county', parent_level: 'state' });
    expect(await nl.json('/api/v1/meta')).toMatchObject({ address_level: 'municipality', parent_level: 'province' });
  });

  it('name counties and states in the PDF report, in English and Dutch, and never a municipality', async () => {
    const county = await pdf(us, '/api/v1/areas/01001/report.pdf?lang=en&down=100');
    expect(county).toContain('County 01001');
    expect(county).toMatch(/Rank: \d+(st|nd|rd|th) of \d+ counties by covered share/);
    expect(county).toContain('Alabama (State)');
    expect(county).not.toMatch(/municipalit|province/i);
    const state = await pdf(us, '/api/v1/areas/01/report.pdf?lang=en&down=100');
    expect(state).toContain('State 01');
    expect(state).toContain('Counties in Alabama');
    const dutch = await pdf(us, '/api/v1/areas/01001/report.pdf?lang=nl&down=100');
    expect(dutch).toContain('County 01001');
    expect(dutch).toMatch(/Positie: \d+e van \d+ county's naar aandeel gedekt/);
    expect(dutch).toContain('Alabama (Staat)');
    expect(dutch).not.toMatch(/gemeente|provincie/i);
  }, 60_000);

  it('leave the NL report as it was: municipality and province in its words', async () => {
    const report = await pdf(nl, `/api/v1/areas/${nlArea}/report.pdf?lang=nl`);
    expect(report).toContain(`Gemeente ${nlArea}`);
    expect(report).toMatch(/van 4 gemeenten naar aandeel gedekt/);
    expect(report).toContain('(Provincie)');
    expect(report).not.toContain('H3');
  }, 60_000);
});

describe('points that are H3 cell centres', () => {
  it('are marked in the release list', async () => {
    expect((await us.json('/api/v1/releases')).releases).toEqual([expect.objectContaining({ label: 'J24', location_precision: 'h3r8' })]);
    for (const r of (await nl.json('/api/v1/releases')).releases) expect(r).not.toHaveProperty('location_precision');
  });

  it('say so in every row of the uncovered CSV, and the NL CSV has no such column', async () => {
    const csv = (await text(us, '/api/v1/areas/01001/uncovered.csv?down=1000')).trim().split('\r\n');
    expect(csv[0]).toMatch(/,release,synthetic,location_precision$/);
    expect(csv.length).toBeGreaterThan(1);
    for (const line of csv.slice(1)) expect(line).toMatch(/,J24,false,h3r8$/);
    const bbox = await text(us, '/api/v1/uncovered.csv?bbox=-87,32,-86,33&down=1000');
    expect(bbox.split('\r\n')[0]).toMatch(/,location_precision$/);
    const nlCsv = await text(nl, `/api/v1/areas/${nlArea}/uncovered.csv`);
    expect(nlCsv.split('\r\n')[0]).toMatch(/,release,synthetic$/);
    expect(nlCsv).not.toContain('location_precision');
  });

  it('say so in the GeoJSON (a note and a property on every feature) and the OGC uncovered items', async () => {
    const geojson = JSON.parse(await text(us, '/api/v1/areas/01001/uncovered.geojson?down=1000'));
    expect(geojson.location_note).toBe(NOTE);
    expect(geojson.features.length).toBeGreaterThan(0);
    for (const f of geojson.features) expect(f.properties.location_precision).toBe('h3r8');
    const items = await us.json('/ogc/collections/uncovered/items?down=1000&limit=5');
    expect(items.features.length).toBeGreaterThan(0);
    for (const f of items.features) expect(f.properties.location_precision).toBe('h3r8');
    const nlGeojson = JSON.parse(await text(nl, `/api/v1/areas/${nlArea}/uncovered.geojson`));
    expect(nlGeojson).not.toHaveProperty('location_note');
    expect(nlGeojson.features[0].properties).not.toHaveProperty('location_precision');
    const nlItems = await nl.json('/ogc/collections/uncovered/items?limit=5');
    expect(nlItems.features[0].properties).not.toHaveProperty('location_precision');
  });

  it('say so in the GeoPackage: a column GDAL reads, the layer description and the metadata', async () => {
    const write = (path: string, dir: string) => {
      const store = openStore(path);
      try {
        const file = join(dir, 'export.gpkg');
        writeGeoPackage(store, file, exportSelection(store, undefined, { down: 1000, up: null, fixed_only: false }, [DEFAULT_ATTRIBUTION]));
        return file;
      } finally {
        store.close();
      }
    };
    const read = (file: string) => {
      const gpkg = new Database(file, { readonly: true });
      try {
        return {
          description: gpkg.prepare("SELECT description FROM gpkg_contents WHERE table_name = 'uncovered'").pluck().get() as string,
          metadata: JSON.parse(gpkg.prepare('SELECT metadata FROM gpkg_metadata WHERE id = 1').pluck().get() as string),
        };
      } finally {
        gpkg.close();
      }
    };
    const usFile = write(usPath, usDir);
    const usGpkg = read(usFile);
    expect(usGpkg.description).toContain(NOTE);
    expect(usGpkg.metadata).toMatchObject({ location_precision: 'h3r8', location_note: NOTE });
    const nlGpkg = read(write(nlPath, nlDir));
    expect(nlGpkg.description).not.toContain(NOTE);
    expect(nlGpkg.metadata).not.toHaveProperty('location_note');
    if (!HAVE_GDAL) return;
    const info = await gdal('ogrinfo', ['-ro', '-q', '-al', '-where', "location_precision = 'h3r8'", usFile, 'uncovered']);
    expect((info.match(/OGRFeature\(uncovered\)/g) ?? []).length).toBe((await us.json('/api/v1/summary?down=1000')).uncovered);
  }, 60_000);

  it('fill the national uncovered CSV download of a US database (its address level is county)', async () => {
    const store = openStore(usPath);
    try {
      const file = join(usDir, 'uncovered.csv');
      const sel = exportSelection(store, undefined, { down: 1000, up: null, fixed_only: false }, [DEFAULT_ATTRIBUTION]);
      await writeDownload(store, 'uncovered_csv', file, sel);
      const lines = readFileSync(file, 'utf8').trim().split('\r\n');
      const uncovered = new Set(rows.filter((r) => r.down < 1000).map((r) => r.location_id));
      const covered = new Set(rows.filter((r) => r.down >= 1000).map((r) => r.location_id));
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.length - 1).toBe([...uncovered].filter((id) => !covered.has(id)).length);
      expect(lines[0]).toMatch(/,location_precision$/);
    } finally {
      store.close();
    }
  });

  it('are said under the map of the PDF report, in English and Dutch; not for the NL release', async () => {
    expect(await pdf(us, '/api/v1/areas/01001/report.pdf?lang=en&down=1000')).toContain('Each point is the centre of the address');
    expect(await pdf(us, '/api/v1/areas/01001/report.pdf?lang=nl&down=1000')).toContain('Elk punt is het midden van de H3-cel');
    expect(await pdf(nl, `/api/v1/areas/${nlArea}/report.pdf?lang=en`)).not.toMatch(/H3|cell/);
  }, 60_000);
});
