// The report and export routes on the fixture database, over real HTTP: the PDF read back with
// pdftotext shows the API's figures; CSV and GeoJSON exports hold exactly the API's uncovered addresses.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaSummary, Counts } from '../../common/types.ts';
import { formatterFor, type Formatter } from '../../server/report/i18n.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';
import { parseCsv } from './csv-parse.ts';
import { readPdf } from './pdf-reader.ts';

const gjv = createRequire(import.meta.url)('geojson-validation') as { valid(o: unknown, trace: true): string[] };

interface Detail extends Counts {
  release: string;
  code: string;
  name: string;
  bbox: [number, number, number, number];
  by_technology: (Counts & { technology: string })[];
  by_provider: (Counts & { provider: string })[];
  trend: (Counts & { release: string })[];
}

let dir: string;
let server: TestServer;
let municipalities: AreaSummary[];
let releases: { label: string; synthetic: boolean }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-report-'));
  server = await startTestServer(await buildFixtureDb(dir));
  municipalities = (await server.json('/api/v1/areas?level=municipality&sort=uncovered&order=desc')).areas;
  releases = (await server.json('/api/v1/releases')).releases;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function pdfText(path: string) {
  const res = await server.get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  return readPdf(pdf);
}

function countsText(f: Formatter, c: Counts): string {
  return `${f.int(c.addresses)} ${f.int(c.covered)} ${f.int(c.uncovered)} ${f.pct(c.covered, c.addresses)}`;
}

describe('GET /api/v1/areas/{code}/report.pdf', () => {
  it('shows the municipality, its release and the same figures as /api/v1/areas/{code}', async () => {
    const { code } = municipalities[0];
    const detail = await server.json<Detail>(`/api/v1/areas/${code}`);
    const { flat } = await pdfText(`/api/v1/areas/${code}/report.pdf?lang=en`);
    const f = formatterFor('en');
    expect(flat).toContain(`${detail.name} (${code})`);
    expect(flat).toContain(`Municipality ${code} · Release ${detail.release}`);
    expect(flat).toContain(
      `Addresses Covered % covered Uncovered ${f.int(detail.addresses)} ${f.int(detail.covered)} ` +
        `${f.pct(detail.covered, detail.addresses)} ${f.int(detail.uncovered)}`,
    );
    for (const t of detail.by_technology) {
      expect(flat).toContain(`${t.technology === 'NONE' ? 'No offer' : t.technology} ${countsText(f, t)}`);
    }
    for (const p of detail.by_provider) expect(flat).toContain(`${p.provider} ${countsText(f, p)}`);
    for (const point of detail.trend) expect(flat).toContain(f.pct(point.covered, point.addresses));
    expect(flat).toContain(`${f.int(detail.uncovered)} uncovered addresses. Full list as CSV or GeoJSON`);
  });

  it("shows an older release and another threshold with that selection's figures, in Dutch", async () => {
    const { code } = municipalities[0];
    const oldest = releases[0].label;
    const detail = await server.json<Detail>(`/api/v1/areas/${code}?release=${oldest}&down=100`);
    const { flat } = await pdfText(`/api/v1/areas/${code}/report.pdf?release=${oldest}&down=100&lang=nl`);
    const f = formatterFor('nl');
    expect(flat).toContain(`Peildatum ${oldest}`);
    expect(flat).toContain('minimaal 100 Mbit/s download');
    expect(flat).toContain(
      `${f.int(detail.addresses)} ${f.int(detail.covered)} ${f.pct(detail.covered, detail.addresses)} ${f.int(detail.uncovered)}`,
    );
  });

  it('reports a province with the figures of its municipalities together', async () => {
    const { areas } = await server.json<{ areas: AreaSummary[] }>('/api/v1/areas?level=province');
    const detail = await server.json<Detail>(`/api/v1/areas/${areas[0].code}`);
    const { flat } = await pdfText(`/api/v1/areas/${areas[0].code}/report.pdf?lang=nl`);
    const f = formatterFor('nl');
    expect(flat).toContain(`Provincie ${areas[0].code}`);
    expect(flat).toContain(
      `${f.int(detail.addresses)} ${f.int(detail.covered)} ${f.pct(detail.covered, detail.addresses)} ${f.int(detail.uncovered)}`,
    );
  });

  it('gives a municipality without uncovered addresses a short report that says so', async () => {
    const complete = municipalities.find((m) => m.uncovered === 0 && m.addresses > 0);
    expect(complete, 'the fixture has a municipality with zero uncovered addresses').toBeDefined();
    const { pages, flat } = await pdfText(`/api/v1/areas/${complete!.code}/report.pdf?lang=en`);
    expect(flat).toContain(`${complete!.name} (${complete!.code})`);
    expect(flat).toContain('100.0%');
    expect(flat).toContain('Every address in this area meets the threshold: there are no uncovered addresses.');
    // Title and map; progress and tables; the trend and the (empty) list.
    expect(pages.length).toBeLessThanOrEqual(3);
  });

  it('marks a synthetic release on every page and takes the language from Accept-Language', async () => {
    const { code } = municipalities[0];
    const res = await server.get(`/api/v1/areas/${code}/report.pdf`, { 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' });
    const { pages } = readPdf(Buffer.from(await res.arrayBuffer()));
    expect(pages[0]).toContain('Peildatum');
    const synthetic = releases.at(-1)!.synthetic;
    for (const page of pages) expect(page.includes('SYNTHETISCHE DEMODATA')).toBe(synthetic);
  });

  it('answers unknown areas and releases with 404 and bad parameters with 400, in the JSON error shape', async () => {
    await expectError(await server.get('/api/v1/areas/GM9999/report.pdf'), 404, 'code');
    await expectError(await server.get(`/api/v1/areas/${municipalities[0].code}/report.pdf?release=1999-01`), 404, 'release');
    await expectError(await server.get(`/api/v1/areas/${municipalities[0].code}/report.pdf?lang=de`), 400, 'lang');
    await expectError(await server.get(`/api/v1/areas/${municipalities[0].code}/report.pdf?down=50`), 400, 'down');
    await expectError(await server.get('/api/v1/areas/GM9999/uncovered.csv'), 404, 'code');
    await expectError(await server.get('/api/v1/areas/GM9999/uncovered.geojson'), 404, 'code');
  });
});

describe('GET /api/v1/areas/{code}/uncovered.csv and .geojson', () => {
  it('lists in CSV every uncovered address the API counts, the same ones /api/v1/uncovered.csv lists', async () => {
    for (const area of municipalities.slice(0, 3)) {
      const res = await server.get(`/api/v1/areas/${area.code}/uncovered.csv`);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = parseCsv(await res.text());
      expect(header).toEqual([
        'address_id',
        'postcode',
        'house_number',
        'house_letter',
        'house_number_suffix',
        'street',
        'city',
        'area_code',
        'lon',
        'lat',
        'best_technology',
        'best_down',
        'best_up',
        'release',
        'synthetic',
      ]);
      expect(rows).toHaveLength(area.uncovered);
      const [, ...general] = parseCsv(await (await server.get(`/api/v1/uncovered.csv?area=${area.code}`)).text());
      expect(rows.map((r) => r[0]).sort()).toEqual(general.map((r) => r[0]).sort());
      for (const row of rows) expect(row).toHaveLength(header.length);
    }
  });

  it('counts a province and an upload threshold the way /api/v1/areas/{code} does', async () => {
    const { areas } = await server.json<{ areas: AreaSummary[] }>('/api/v1/areas?level=province');
    for (const query of ['', '?down=100&up=50']) {
      const detail = await server.json<Detail>(`/api/v1/areas/${areas[0].code}${query}`);
      const rows = parseCsv(await (await server.get(`/api/v1/areas/${areas[0].code}/uncovered.csv${query}`)).text());
      expect(rows.length - 1).toBe(detail.uncovered);
    }
  });

  it('writes a BOM and Dutch Excel fields (semicolons, decimal commas) when asked', async () => {
    const { code } = municipalities[0];
    const plain = parseCsv(await (await server.get(`/api/v1/areas/${code}/uncovered.csv`)).text());
    const bytes = Buffer.from(await (await server.get(`/api/v1/areas/${code}/uncovered.csv?bom=1&delimiter=semicolon`)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const dutch = parseCsv(bytes.subarray(3).toString('utf8'), ';');
    expect(dutch).toHaveLength(plain.length);
    const lon = plain[0].indexOf('lon');
    expect(dutch.slice(1).map((r) => Number(r[lon].replace(',', '.')))).toEqual(plain.slice(1).map((r) => Number(r[lon])));
  });

  it('writes valid RFC 7946 GeoJSON with one point per uncovered address inside the area and the release marked', async () => {
    const { code } = municipalities[0];
    const detail = await server.json<Detail>(`/api/v1/areas/${code}`);
    const res = await server.get(`/api/v1/areas/${code}/uncovered.geojson`);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const collection = await res.json();
    expect(gjv.valid(collection, true)).toEqual([]);
    expect(collection.features).toHaveLength(detail.uncovered);
    expect(collection.release).toBe(detail.release);
    expect(collection.synthetic).toBe(releases.at(-1)!.synthetic);
    const [w, s, e, n] = detail.bbox;
    for (const feature of collection.features) {
      const [lon, lat] = feature.geometry.coordinates;
      expect(lon >= w && lon <= e && lat >= s && lat <= n).toBe(true);
      expect(feature.properties.area_code).toBe(code);
    }
  });
});
